import { providerConfig, describeProviderConfig, ProviderConfigError } from '../config/providerConfig.js';
import { ConversationMemory, type ConversationStore } from '../conversation/conversationMemory.js';
import { createChatModel } from '../generation/createChatModel.js';
import { loadPrompts } from '../generation/loadPrompts.js';
import { createAnswerFunction, type AnswerFunction } from './answerService.js';

/**
 * The answer pipeline as configured by the environment (LLM_PROVIDER and friends), checked at
 * start-up: a missing or invalid variable, or a broken prompt folder, throws a typed error naming
 * it before the first question. Returns the function and a one-line description for the log.
 * `memory` holds conversations for follow-ups: this process's memory unless a shared store is given.
 */
export function answerFunctionFromEnv(
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
  memory: ConversationStore = new ConversationMemory(),
): { answer: AnswerFunction; description: string } {
  const config = providerConfig(env);
  const prompts = loadPrompts();
  const chatModel = createChatModel(config);
  const cacheSize = env.ANSWER_CACHE_SIZE === undefined ? undefined : Number(env.ANSWER_CACHE_SIZE);
  if (cacheSize !== undefined && !(Number.isInteger(cacheSize) && cacheSize >= 0)) {
    throw new ProviderConfigError([{ variable: 'ANSWER_CACHE_SIZE', message: 'ska vara ett heltal ≥ 0 (0 stänger av cachen)' }]);
  }
  const answer = createAnswerFunction({
    generator: chatModel ? { chatModel, prompts, timeoutMs: config.timeoutMs } : null,
    memory,
    log,
    cacheSize,
  });
  return { answer, description: describeProviderConfig(config) };
}
