import { LRUCache } from 'lru-cache';
import { normalizeColloquial } from '../../retrieval/analysis/colloquial.js';
import type { Retriever } from '../../retrieval/retriever.js';
import { citedSectionTitles, type ConversationStore } from '../conversation/conversationMemory.js';
import { analyseFollowUp } from '../conversation/followUpRule.js';
import { rewriteFollowUp } from '../conversation/rewriteFollowUp.js';
import { preferGeneratedAnswer, type AnswerGenerator } from '../generation/preferGeneratedAnswer.js';
import type { Answer } from './answerSchema.js';
import { cleanQuestion } from './cleanQuestion.js';
import { composeAnswerWithEvidence, type ComposedAnswer } from './composeAnswer.js';

/** What the pipeline keeps of a composed answer: the answer and the passages a model may rephrase from. */
type Composed = Pick<ComposedAnswer, 'answer' | 'passages'>;

/** What every channel calls: a question (and its conversation, if any) to the Answer. */
export type AnswerFunction = (retriever: Retriever, question: string, context?: { conversationId?: string }) => Promise<Answer>;

export interface AnswerServiceOptions {
  /** A configured chat model with its prompts; null for the extractive default. */
  generator?: AnswerGenerator | null;
  /** Recent turns per conversation, for follow-up questions; none disables follow-ups. */
  memory?: ConversationStore;
  /** Operational notes: fallbacks with their reason, never question text. */
  log?: (message: string) => void;
  /**
   * Composed answers kept per (previous question, question), least recently used dropped first;
   * 0 turns caching off. The index never changes while the process runs, so an answer stays right.
   */
  cacheSize?: number;
}

/** Answers cached by default: members ask the same things ("vad säger planen om hyvling?") again and again. */
export const DEFAULT_ANSWER_CACHE = 2000;

/**
 * The answer pipeline shared by the CLI, the HTTP API and the Teams bot: rewrite a follow-up into a
 * standalone question (by the chat model when configured, by rule otherwise), compose the
 * extractive answer, let a configured model rephrase it only if every citation checks out, and
 * remember the turn. With no options it is exactly the offline extractive answer.
 */
export function createAnswerFunction(options: AnswerServiceOptions = {}): AnswerFunction {
  const generator = options.generator ?? null;
  const cacheSize = options.cacheSize ?? DEFAULT_ANSWER_CACHE;
  const cache = new WeakMap<Retriever, LRUCache<string, Composed>>();
  // Passages are the index's own, read-only objects: only the answer, which callers may change, is copied.
  const compose = async (retriever: Retriever, question: string, previous: string | undefined): Promise<Composed> => {
    if (cacheSize === 0) return composeAnswerWithEvidence(retriever, question, { conversation: previous });
    let answers = cache.get(retriever);
    if (!answers) cache.set(retriever, (answers = new LRUCache({ max: cacheSize })));
    const key = `${previous ?? ''}\u0000${question}`;
    const hit = answers.get(key);
    if (hit) return { answer: structuredClone(hit.answer), passages: hit.passages };
    const { answer, passages } = await composeAnswerWithEvidence(retriever, question, { conversation: previous });
    answers.set(key, { answer: structuredClone(answer), passages });
    return { answer, passages };
  };
  return async (retriever, rawQuestion, context = {}) => {
    const question = cleanQuestion(rawQuestion);
    const conversationId = context.conversationId;
    const history = conversationId && options.memory ? await options.memory.recent(conversationId) : [];
    const rewrite = await rewriteFollowUp(question, history, { chatModel: generator?.chatModel, prompts: generator?.prompts, timeoutMs: generator?.timeoutMs });
    if (rewrite.fallbackReason) options.log?.(`Omskrivning av följdfråga föll tillbaka på regeln: ${rewrite.fallbackReason}`);
    const previous = history.at(-1)?.standaloneQuestion;
    const { answer: extractive, passages } = await compose(retriever, rewrite.question, previous);
    const { answer, generation } = await preferGeneratedAnswer(extractive, passages, generator);
    if (generation.fallbackReason) options.log?.(`Modellens svar användes inte (${generation.fallbackReason}): ${generation.fallbackDetail ?? ''}`);
    if (conversationId && options.memory && answer.outcome !== 'none') {
      await options.memory.remember(conversationId, { standaloneQuestion: rewrite.question, sectionTitles: citedSectionTitles(answer.citations) });
    }
    return {
      ...answer,
      question,
      // Read in written form, as the follow-up rewrite reads it: "o varför?" leans back as "och varför?" does.
      ...(conversationId ? { conversation: { known: history.length > 0, missingContext: history.length === 0 && analyseFollowUp(normalizeColloquial(question)) !== null } } : {}),
      ...(rewrite.rewritten ? { standaloneQuestion: rewrite.question } : {}),
      generation: { mode: generation.mode, ...(generation.fallbackReason ? { fallbackReason: generation.fallbackReason } : {}) },
    };
  };
}
