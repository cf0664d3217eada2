import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { azureDeploymentsBase } from '../../retrieval/embedding/providers/embeddingsProviderConfig.js';
import type { ProviderConfig } from '../config/providerConfig.js';

/**
 * Retries per call. langchain's default (6, with exponential back-off) would outlast the answer's
 * time limit; one retry covers a dropped connection, and the extractive answer covers the rest.
 */
const MAX_RETRIES = 1;

/**
 * The chat model for the configured provider, or null for `extractive` (no model: the caller
 * serves the extractive answer). Constructing one makes no network call. Temperature 0: the model
 * is to select and quote, not to be creative. Every value is passed explicitly, so langchain's own
 * environment lookups never override the validated configuration.
 */
export function createChatModel(config: ProviderConfig): BaseChatModel | null {
  const c = config.chat;
  const common = { temperature: 0, maxRetries: MAX_RETRIES };
  switch (c.provider) {
    case 'extractive':
      return null;
    case 'openai':
      return new ChatOpenAI({
        ...common,
        model: c.model,
        apiKey: c.apiKey,
        timeout: config.timeoutMs,
        configuration: c.baseUrl ? { baseURL: c.baseUrl } : undefined,
      });
    case 'azure-openai':
      return new AzureChatOpenAI({
        ...common,
        azureOpenAIApiKey: c.apiKey,
        azureOpenAIApiDeploymentName: c.deployment,
        azureOpenAIApiVersion: c.apiVersion,
        // An explicit base path wins over AZURE_OPENAI_BASE_PATH and friends read by langchain itself.
        azureOpenAIBasePath: azureDeploymentsBase(c),
        timeout: config.timeoutMs,
      });
    case 'ollama':
      return new ChatOllama({ ...common, model: c.model, baseUrl: c.baseUrl });
  }
}
