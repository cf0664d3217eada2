import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { AzureOpenAIEmbeddings, OpenAIEmbeddings } from '@langchain/openai';
import { azureDeploymentsBase, hostedEmbedderId, type EmbeddingsProviderConfig } from './embeddingsProviderConfig.js';
import { LangchainEmbedder, type LangchainEmbedderOptions } from './langchainEmbedder.js';

/**
 * Retries per provider call. langchain's default (6, with exponential back-off) can hold a
 * question for a minute; one retry covers a dropped connection without that.
 */
const MAX_RETRIES = 1;

/**
 * The langchain `Embeddings` for the configured hosted provider, or null for `local` (the caller
 * keeps the offline LSA embedder). Constructing one makes no network call. Every value is passed
 * explicitly, so langchain's own environment lookups (OPENAI_API_KEY, AZURE_OPENAI_*) never decide
 * anything behind the validated configuration's back.
 */
export function createHostedEmbeddings(config: { embeddings: EmbeddingsProviderConfig }): Embeddings | null {
  const e = config.embeddings;
  switch (e.provider) {
    case 'local':
      return null;
    case 'openai':
      return new OpenAIEmbeddings({
        model: e.model,
        apiKey: e.apiKey,
        dimensions: e.dimensions,
        maxRetries: MAX_RETRIES,
        configuration: e.baseUrl ? { baseURL: e.baseUrl } : undefined,
      });
    case 'azure-openai':
      return new AzureOpenAIEmbeddings({
        azureOpenAIApiKey: e.apiKey,
        azureOpenAIApiDeploymentName: e.deployment,
        azureOpenAIApiEmbeddingsDeploymentName: e.deployment,
        azureOpenAIApiVersion: e.apiVersion,
        // The embeddings class ignores `azureOpenAIEndpoint` (langchain 1.4); a base path works for both forms.
        azureOpenAIBasePath: azureDeploymentsBase(e),
        dimensions: e.dimensions,
        maxRetries: MAX_RETRIES,
      });
    case 'ollama':
      return new OllamaEmbeddings({ model: e.model, baseUrl: e.baseUrl, dimensions: e.dimensions, maxRetries: MAX_RETRIES });
  }
}

/**
 * The hosted embedder ready for the index: {@link createHostedEmbeddings} wrapped in a
 * {@link LangchainEmbedder} with its manifest id; the dimension count comes from
 * `EMBEDDINGS_DIMENSIONS` or, when unset, from one probe call. Null for `local`.
 */
export async function createHostedEmbedder(
  config: { embeddings: EmbeddingsProviderConfig },
  options: Pick<LangchainEmbedderOptions, 'onQueryError' | 'strictQueries' | 'queryTimeoutMs'> = {},
): Promise<LangchainEmbedder | null> {
  const embeddings = createHostedEmbeddings(config);
  const id = hostedEmbedderId(config.embeddings);
  if (!embeddings || !id) return null;
  const dimensions = config.embeddings.provider === 'local' ? undefined : config.embeddings.dimensions;
  return LangchainEmbedder.create(embeddings, { ...options, id, dimensions });
}
