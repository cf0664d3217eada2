/**
 * Which embedding model builds and queries the dense index. `local` is the offline LSA embedder
 * (`../lsaEmbedder.ts`); the others are hosted models reached through langchain. Produced from the
 * environment by `bot/config/providerConfig.ts`; declared here so retrieval code never imports bot/.
 */
export type EmbeddingsProviderConfig =
  | { provider: 'local' }
  | {
      provider: 'openai';
      model: string;
      apiKey: string;
      /** Any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio); unset means api.openai.com. */
      baseUrl?: string;
      /** Requested output size (text-embedding-3 and later); unset means the model's own size. */
      dimensions?: number;
    }
  | {
      provider: 'azure-openai';
      deployment: string;
      apiKey: string;
      /** Exactly one of endpoint and instanceName is set. */
      endpoint?: string;
      instanceName?: string;
      apiVersion: string;
      dimensions?: number;
    }
  | { provider: 'ollama'; model: string; baseUrl: string; dimensions?: number };

export type EmbeddingsProvider = EmbeddingsProviderConfig['provider'];

/**
 * The embedder id recorded in the index manifest: `openai:text-embedding-3-small`,
 * `azure-openai:<deployment>`, `ollama:<model>`. An index built under another id is not served.
 * Null for `local`, whose id the LSA embedder derives from its own fitted model.
 */
export function hostedEmbedderId(config: EmbeddingsProviderConfig): string | null {
  switch (config.provider) {
    case 'local':
      return null;
    case 'openai':
    case 'ollama':
      return `${config.provider}:${config.model}`;
    case 'azure-openai':
      return `azure-openai:${config.deployment}`;
  }
}

/** Azure's deployments URL for an endpoint or an instance name, without a trailing slash. */
export function azureDeploymentsBase(config: { endpoint?: string; instanceName?: string }): string {
  const root = config.endpoint ?? `https://${config.instanceName}.openai.azure.com`;
  return `${root.replace(/\/+$/, '')}/openai/deployments`;
}
