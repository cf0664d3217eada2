import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { normalizeColloquial } from '../../retrieval/analysis/colloquial.js';
import { DEFAULT_LLM_TIMEOUT_MS } from '../config/providerConfig.js';
import { neutraliseDelimiters } from '../generation/buildGroundedMessages.js';
import { fillTemplate } from '../generation/fillTemplate.js';
import { invokeWithTimeout } from '../generation/invokeWithTimeout.js';
import type { Prompts } from '../generation/loadPrompts.js';
import { extractJsonObject } from '../generation/extractJsonObject.js';
import type { ConversationTurn } from './conversationMemory.js';
import { analyseFollowUp, rewriteByRule, topicWords } from './followUpRule.js';

/** Longest standalone question accepted from the model. */
const MAX_STANDALONE_CHARS = 300;
/** Letters a model's word must share with the follow-up's word to count as kept ("studier" ~ "studierna"). */
const STEM_CHARS = 5;

/** The JSON the rewrite prompt asks for (`prompts/v1/rewrite-follow-up.md`). */
export const rewriteOutputSchema = z.object({
  standalone: z
    .string()
    .trim()
    .min(2)
    .max(MAX_STANDALONE_CHARS)
    .refine((s) => !/[\n<>{}]/.test(s), 'one line of plain text'),
});

/** Why the model's rewrite was not used; the rule's rewrite is used instead. */
export type RewriteFallbackReason = 'timeout' | 'provider-error' | 'malformed-output' | 'dropped-topic';

export interface RewriteResult {
  /** The question to retrieve with: standalone, rewritten or as asked. */
  question: string;
  /** True when `question` differs from what the member typed. */
  rewritten: boolean;
  /** `none`: not a follow-up (or no history); `rule`: the deterministic rewrite; `model`: the chat model's. */
  method: 'none' | 'rule' | 'model';
  fallbackReason?: RewriteFallbackReason;
}

export interface RewriteFollowUpOptions {
  /** The configured chat model; null or absent means the deterministic rule. */
  chatModel?: BaseChatModel | null;
  /** Needed with a chat model (the rewrite prompt); from {@link loadPrompts}. */
  prompts?: Prompts;
  /** Time limit for the model call; default 15 000 ms. */
  timeoutMs?: number;
}

/** True when the model's question keeps at least half of the follow-up's own topic words. */
function keepsTopic(standalone: string, followUp: string): boolean {
  const own = topicWords(followUp);
  if (own.length === 0) return true;
  const stems = new Set(topicWords(standalone).map((t) => t.slice(0, STEM_CHARS)));
  const kept = own.filter((t) => stems.has(t.slice(0, STEM_CHARS))).length;
  return kept * 2 >= own.length;
}

async function rewriteByModel(
  chatModel: BaseChatModel,
  prompts: Prompts,
  question: string,
  history: readonly ConversationTurn[],
  timeoutMs: number,
): Promise<{ ok: true; question: string } | { ok: false; reason: RewriteFallbackReason }> {
  const turns = history.map((t) => ({ question: t.standaloneQuestion, sections: t.sectionTitles }));
  const messages = [
    new SystemMessage(prompts.templates.rewriteSystem),
    new HumanMessage(
      fillTemplate(prompts.templates.rewriteUser, {
        history: neutraliseDelimiters(JSON.stringify(turns, null, 1)),
        question: neutraliseDelimiters(question),
      }),
    ),
  ];
  const call = await invokeWithTimeout(chatModel, messages, timeoutMs);
  if (!call.ok) return { ok: false, reason: call.reason };
  const parsed = rewriteOutputSchema.safeParse(extractJsonObject(call.text));
  if (!parsed.success) return { ok: false, reason: 'malformed-output' };
  if (!keepsTopic(parsed.data.standalone, question)) return { ok: false, reason: 'dropped-topic' };
  return { ok: true, question: parsed.data.standalone };
}

/**
 * Turns a follow-up ("och vad säger den om studier?", "varför då?", "what about training?") into a
 * standalone question before retrieval, using the conversation's recent turns (oldest first).
 * Only questions the rule recognises as follow-ups are rewritten, so a standalone question never
 * costs a model call. With a chat model the model rewrites (validated JSON, must keep the
 * follow-up's own topic); any failure falls back to the deterministic rule, reported in
 * `fallbackReason`. Never throws.
 */
export async function rewriteFollowUp(question: string, history: readonly ConversationTurn[], options: RewriteFollowUpOptions = {}): Promise<RewriteResult> {
  // Chat forms read as written Swedish: "o papperslösa?" is "och papperslösa?", a follow-up.
  const asked = normalizeColloquial(question.trim());
  const previous = history.at(-1)?.standaloneQuestion;
  if (!previous || !analyseFollowUp(asked)) return { question: question.trim(), rewritten: false, method: 'none' };

  let fallbackReason: RewriteFallbackReason | undefined;
  if (options.chatModel && options.prompts) {
    const byModel = await rewriteByModel(options.chatModel, options.prompts, asked, history, options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS);
    if (byModel.ok) return { question: byModel.question, rewritten: byModel.question !== asked, method: 'model' };
    fallbackReason = byModel.reason;
  }
  const byRule = rewriteByRule(asked, previous) ?? asked;
  return { question: byRule, rewritten: byRule !== asked, method: 'rule', ...(fallbackReason ? { fallbackReason } : {}) };
}
