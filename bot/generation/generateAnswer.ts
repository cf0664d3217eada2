import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { DEFAULT_LLM_TIMEOUT_MS } from '../config/providerConfig.js';
import { buildGroundedMessages } from './buildGroundedMessages.js';
import { generationInputSchema, modelAnswerSchema, type GenerationInput, type GenerationResult } from './generationSchema.js';
import { invokeWithTimeout } from './invokeWithTimeout.js';
import type { Prompts } from './loadPrompts.js';
import { extractJsonObject } from './extractJsonObject.js';
import { verifyGroundedAnswer } from './verifyGroundedAnswer.js';

export interface GenerateAnswerOptions {
  /** From {@link loadPrompts}, loaded once at start-up. */
  prompts: Prompts;
  /** Time limit for the model call; default 15 000 ms (`LLM_TIMEOUT_MS`). */
  timeoutMs?: number;
}

/**
 * A grounded answer written by a chat model from the retrieved passages only, or a typed failure
 * telling the caller to serve the extractive answer instead. The model sees the rules as the
 * system message and the passages (each delimited and labelled with its chunk id) and the
 * question in the human message; it must reply with JSON `{answered, answer, citations}`, which is
 * parsed here (no provider-specific structured output) and verified: cited ids among the passages,
 * markers ↔ citations, quotations verbatim. Never throws for anything the model or the provider
 * does; throws only for invalid `input` (a caller bug, e.g. duplicate passage ids).
 */
export async function generateAnswer(chatModel: BaseChatModel, input: GenerationInput, options: GenerateAnswerOptions): Promise<GenerationResult> {
  const checked = generationInputSchema.parse(input);
  const call = await invokeWithTimeout(chatModel, buildGroundedMessages(options.prompts, checked), options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS);
  if (!call.ok) return call;

  const json = extractJsonObject(call.text);
  if (json === undefined) return { ok: false, reason: 'malformed-output', detail: 'no JSON object in the reply' };
  const parsed = modelAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'malformed-output', detail: `${issue.path.join('.') || 'reply'}: ${issue.message}` };
  }
  return verifyGroundedAnswer(parsed.data, checked.passages);
}
