import { z } from 'zod';
import type { EmbeddingsProviderConfig } from '../../retrieval/embedding/providers/embeddingsProviderConfig.js';
import { PlanbotenError } from '../../retrieval/errors.js';

/** An unset variable and an empty one mean the same: not configured. Values are trimmed. */
const blank = (value: unknown) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value);
const text = z.preprocess(blank, z.string().optional());

/** An absolute http(s) URL without query or fragment; trailing slashes are dropped. */
const url = z
  .string()
  .url('ska vara en absolut URL, t.ex. http://localhost:11434')
  .refine((value) => /^https?:\/\//i.test(value), 'ska börja med http:// eller https://')
  .refine((value) => !/[?#]/.test(value), 'får inte ha ? eller #')
  .transform((value) => value.replace(/\/+$/, ''));
const httpUrl = z.preprocess(blank, url.optional());

const positiveInt = (max: number) =>
  z.preprocess(blank, z.coerce.number({ invalid_type_error: 'ska vara ett heltal' }).int('ska vara ett heltal').positive('ska vara större än 0').max(max, `får vara högst ${max}`).optional());

/** Provider names are matched case-insensitively ("OpenAI" is openai). */
const oneOf = <const T extends [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess((value) => (typeof blank(value) === 'string' ? String(blank(value)).toLowerCase() : blank(value)), z.enum(values, { errorMap: () => ({ message: `ska vara ${values.join(', ')}` }) }).default(fallback));

/** Default Azure OpenAI data-plane API version (a GA version); override with AZURE_OPENAI_API_VERSION. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';
export const DEFAULT_OLLAMA_BASE_URL = 'http://localhost:11434';
export const DEFAULT_LLM_TIMEOUT_MS = 15_000;

/**
 * The environment variables the hosted-model layer reads, as zod validates them. Everything is
 * optional: unset means the offline defaults (`LLM_PROVIDER=extractive`, `EMBEDDINGS_PROVIDER=local`).
 */
export const providerEnvSchema = z.object({
  LLM_PROVIDER: oneOf(['extractive', 'openai', 'azure-openai', 'ollama'], 'extractive'),
  /** Chat model name (OpenAI, an OpenAI-compatible server, Ollama). Azure uses the deployment instead. */
  LLM_MODEL: text,
  /** How long a generated answer may take before the extractive answer is served instead. */
  LLM_TIMEOUT_MS: z.preprocess(blank, z.coerce.number({ invalid_type_error: 'ska vara ett heltal (millisekunder)' }).int('ska vara ett heltal (millisekunder)').min(100, 'ska vara minst 100 (millisekunder)').max(600_000, 'får vara högst 600000 (10 minuter)').default(DEFAULT_LLM_TIMEOUT_MS)),
  EMBEDDINGS_PROVIDER: oneOf(['local', 'openai', 'azure-openai', 'ollama'], 'local'),
  EMBEDDINGS_MODEL: text,
  /** Vector size; for text-embedding-3 also a request to shorten. Unset: probed from the first vector. */
  EMBEDDINGS_DIMENSIONS: positiveInt(16_384),
  OPENAI_API_KEY: text,
  /** Any OpenAI-compatible server: vLLM, llama.cpp server, LM Studio (e.g. http://localhost:8000/v1). */
  OPENAI_BASE_URL: httpUrl,
  AZURE_OPENAI_API_KEY: text,
  /** https://<resource>.openai.azure.com (or a regional endpoint). Either this or the instance name. */
  AZURE_OPENAI_ENDPOINT: httpUrl,
  AZURE_OPENAI_API_INSTANCE_NAME: z.preprocess(blank, z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'ska vara resursens namn, t.ex. seko-openai (bokstäver, siffror, bindestreck)').optional()),
  /** The chat model's deployment. */
  AZURE_OPENAI_DEPLOYMENT: text,
  /** The embedding model's deployment. */
  AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: text,
  AZURE_OPENAI_API_VERSION: z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'ska vara en API-version som 2024-10-21').default(DEFAULT_AZURE_API_VERSION)),
  OLLAMA_BASE_URL: z.preprocess(blank, url.default(DEFAULT_OLLAMA_BASE_URL)),
});

export type ProviderEnv = z.infer<typeof providerEnvSchema>;

/** The chat model that writes answers; `extractive` means none (the quoted-sentences answer). */
export type ChatProviderConfig =
  | { provider: 'extractive' }
  | { provider: 'openai'; model: string; apiKey: string; baseUrl?: string }
  | { provider: 'azure-openai'; deployment: string; apiKey: string; endpoint?: string; instanceName?: string; apiVersion: string }
  | { provider: 'ollama'; model: string; baseUrl: string };

export interface ProviderConfig {
  chat: ChatProviderConfig;
  embeddings: EmbeddingsProviderConfig;
  /** Time limit for one chat-model call (answer or follow-up rewrite), in milliseconds. */
  timeoutMs: number;
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * A provider setting is missing or malformed. Thrown at start-up, never at the first question.
 * `variable` names the first offending environment variable; `issues` lists all of them.
 * Code `INPUT_INVALID`, like the server's and the Teams bot's configuration errors.
 */
export class ProviderConfigError extends PlanbotenError {
  readonly variable: string;
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super('CONFIG_INVALID', issues.map((i) => `Ogiltig inställning ${i.variable}: ${i.message}`).join('; '));
    this.variable = issues[0].variable;
    this.issues = issues;
  }
}

/**
 * Reads and validates the model providers from the environment. With nothing set the bot is
 * offline (extractive answers, local LSA embeddings). A provider chosen without what it needs is a
 * {@link ProviderConfigError} naming each missing variable, e.g. `OPENAI_API_KEY: saknas (krävs
 * när LLM_PROVIDER=openai)`.
 */
export function providerConfig(env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const parsed = providerEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ProviderConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message })));
  }
  const issues: ConfigIssue[] = [];
  const chat = chatConfig(parsed.data, issues);
  const embeddings = embeddingsConfig(parsed.data, issues);
  if (issues.length > 0) throw new ProviderConfigError(issues);
  return { chat, embeddings, timeoutMs: parsed.data.LLM_TIMEOUT_MS };
}

/** Returns the value, or records that `variable` is required because of `because` and returns ''. */
function required(issues: ConfigIssue[], variable: keyof ProviderEnv, value: string | undefined, because: string): string {
  if (value !== undefined) return value;
  if (!issues.some((i) => i.variable === variable)) issues.push({ variable, message: `saknas (krävs när ${because})` });
  return '';
}

interface AzureAccess {
  apiKey: string;
  endpoint?: string;
  instanceName?: string;
  apiVersion: string;
}

function azureAccess(env: ProviderEnv, issues: ConfigIssue[], because: string): AzureAccess {
  const apiKey = required(issues, 'AZURE_OPENAI_API_KEY', env.AZURE_OPENAI_API_KEY, because);
  const endpoint = env.AZURE_OPENAI_ENDPOINT;
  const instanceName = env.AZURE_OPENAI_API_INSTANCE_NAME;
  if (!endpoint && !instanceName && !issues.some((i) => i.variable === 'AZURE_OPENAI_ENDPOINT')) {
    issues.push({ variable: 'AZURE_OPENAI_ENDPOINT', message: `saknas (krävs när ${because}; eller sätt AZURE_OPENAI_API_INSTANCE_NAME)` });
  }
  if (endpoint && instanceName && !issues.some((i) => i.variable === 'AZURE_OPENAI_API_INSTANCE_NAME')) {
    issues.push({ variable: 'AZURE_OPENAI_API_INSTANCE_NAME', message: 'sätt antingen AZURE_OPENAI_ENDPOINT eller AZURE_OPENAI_API_INSTANCE_NAME, inte båda' });
  }
  return { apiKey, endpoint, instanceName: endpoint ? undefined : instanceName, apiVersion: env.AZURE_OPENAI_API_VERSION };
}

/**
 * A key stands in for servers that need none: the OpenAI client refuses to start without one,
 * and local OpenAI-compatible servers (llama.cpp, LM Studio, vLLM) ignore it.
 */
const KEYLESS_PLACEHOLDER = 'no-key';

function openAiKey(env: ProviderEnv, issues: ConfigIssue[], because: string): string {
  if (env.OPENAI_API_KEY) return env.OPENAI_API_KEY;
  if (env.OPENAI_BASE_URL) return KEYLESS_PLACEHOLDER;
  return required(issues, 'OPENAI_API_KEY', undefined, `${because} utan OPENAI_BASE_URL`);
}

function chatConfig(env: ProviderEnv, issues: ConfigIssue[]): ChatProviderConfig {
  const because = `LLM_PROVIDER=${env.LLM_PROVIDER}`;
  switch (env.LLM_PROVIDER) {
    case 'extractive':
      return { provider: 'extractive' };
    case 'openai':
      return {
        provider: 'openai',
        model: required(issues, 'LLM_MODEL', env.LLM_MODEL, because),
        apiKey: openAiKey(env, issues, because),
        baseUrl: env.OPENAI_BASE_URL,
      };
    case 'azure-openai':
      return {
        provider: 'azure-openai',
        deployment: required(issues, 'AZURE_OPENAI_DEPLOYMENT', env.AZURE_OPENAI_DEPLOYMENT, because),
        ...azureAccess(env, issues, because),
      };
    case 'ollama':
      return { provider: 'ollama', model: required(issues, 'LLM_MODEL', env.LLM_MODEL, because), baseUrl: env.OLLAMA_BASE_URL };
  }
}

function embeddingsConfig(env: ProviderEnv, issues: ConfigIssue[]): EmbeddingsProviderConfig {
  const because = `EMBEDDINGS_PROVIDER=${env.EMBEDDINGS_PROVIDER}`;
  const dimensions = env.EMBEDDINGS_DIMENSIONS;
  switch (env.EMBEDDINGS_PROVIDER) {
    case 'local':
      return { provider: 'local' };
    case 'openai':
      return {
        provider: 'openai',
        model: required(issues, 'EMBEDDINGS_MODEL', env.EMBEDDINGS_MODEL, because),
        apiKey: openAiKey(env, issues, because),
        baseUrl: env.OPENAI_BASE_URL,
        dimensions,
      };
    case 'azure-openai':
      return {
        provider: 'azure-openai',
        deployment: required(issues, 'AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT', env.AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT, because),
        ...azureAccess(env, issues, because),
        dimensions,
      };
    case 'ollama':
      return { provider: 'ollama', model: required(issues, 'EMBEDDINGS_MODEL', env.EMBEDDINGS_MODEL, because), baseUrl: env.OLLAMA_BASE_URL, dimensions };
  }
}

/** One line for the start-up log: which providers answer and embed. Never includes keys. */
export function describeProviderConfig(config: ProviderConfig): string {
  const chat = ((c: ChatProviderConfig): string => {
    switch (c.provider) {
      case 'extractive':
        return 'extraktiva svar (ingen språkmodell)';
      case 'openai':
        return `openai ${c.model}${c.baseUrl ? ` via ${c.baseUrl}` : ''}, tidsgräns ${config.timeoutMs} ms`;
      case 'azure-openai':
        return `azure-openai ${c.deployment} (${c.endpoint ?? c.instanceName}), tidsgräns ${config.timeoutMs} ms`;
      case 'ollama':
        return `ollama ${c.model} via ${c.baseUrl}, tidsgräns ${config.timeoutMs} ms`;
    }
  })(config.chat);
  const e = config.embeddings;
  const embeddings = e.provider === 'local' ? 'lokal LSA' : `${e.provider} ${e.provider === 'azure-openai' ? e.deployment : e.model}`;
  return `Svar: ${chat}; inbäddningar: ${embeddings}.`;
}
