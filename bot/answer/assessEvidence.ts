import type { AnalyzedQuestion, Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import type { AnswerOutcome } from './answerSchema.js';
import { answerabilityFeatures, answerabilityModel, answerProbability, type Features } from './answerability.js';
import type { AskType } from './classifyQuestion.js';
import type { Language } from './detectLanguage.js';
import { detectManipulation } from './detectManipulation.js';

/**
 * Below the answer threshold, the closest passage is still shown as related context when it (and
 * its best sentence) holds at least this share of the question's weighted words and little of the question is
 * unknown to the plans: the plans touch the topic, they just do not answer the ask.
 */
export const RELATED_MIN_COVERAGE = 0.4;
const RELATED_MAX_UNKNOWN = 0.4;

/** Why the outcome is what it is; picks the reply's wording. */
export type Reason = 'answer' | 'manipulation' | 'service' | 'nothing-found' | 'not-answered';

export interface Evidence {
  outcome: AnswerOutcome;
  reason: Reason;
  ask: AskType;
  /** The model's probability that the plans answer the question (0 for manipulation and nothing found). */
  probability: number;
  features: Features | undefined;
}

/** The chosen passage and its best sentence, as the answer would quote them. */
export interface Chosen {
  passage: RetrievedPassage;
  sentence: { text: string; coverage: number };
}

/**
 * Decides between answering, showing related context and saying the plans are silent: requests to
 * break the rules, and tasks that are not questions (write, translate, calculate), are declined outright; otherwise the answerability model (trained on the dev
 * split, `bot/answer/answerabilityModel.json`) weighs the evidence against its threshold.
 */
export function assessEvidence(
  retriever: Retriever,
  query: AnalyzedQuestion,
  ask: AskType,
  language: Language,
  passages: RetrievedPassage[],
  chosen: Chosen | undefined,
): Evidence {
  if (detectManipulation(query.normalized)) return { outcome: 'none', reason: 'manipulation', ask, probability: 0, features: undefined };
  // A task ("skriv ett brev", "översätt") is not a question about the plans, whatever its words match.
  if (ask === 'service') return { outcome: 'none', reason: 'service', ask, probability: 0, features: undefined };
  // No word of the question is one the plans or the glossary know: whatever was retrieved shares nothing with it.
  if (!chosen || (query.words.length > 0 && query.words.every((w) => !w.known))) return { outcome: 'none', reason: 'nothing-found', ask, probability: 0, features: undefined };
  const features = answerabilityFeatures(retriever, query, ask, language, passages, chosen);
  const model = answerabilityModel();
  const probability = answerProbability(features, model);
  if (probability >= model.threshold) return { outcome: 'answer', reason: 'answer', ask, probability, features };
  // Own cases, errands and named people get their own plain reply: passages are no help there.
  const personal = ask === 'own-case' || ask === 'errand' || ask === 'person';
  const related = !personal && features.coverPassage >= RELATED_MIN_COVERAGE && features.coverSentence >= RELATED_MIN_COVERAGE && features.unknownShare <= RELATED_MAX_UNKNOWN;
  return { outcome: related ? 'related' : 'none', reason: 'not-answered', ask, probability, features };
}
