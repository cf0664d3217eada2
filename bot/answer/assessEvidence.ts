import { fold } from '../../retrieval/analysis/fold.js';
import { unknownShare } from '../../retrieval/search/questionCoverage.js';
import type { AnalyzedQuestion, RetrievedPassage } from '../../retrieval/retriever.js';
import type { Language } from './detectLanguage.js';
import { detectManipulation } from './detectManipulation.js';

/**
 * The "no answer" rule, calibrated on the evaluation set (`npm run eval` prints the trade-off):
 * answer only when the best passage and its best sentence together cover enough of the question's
 * rare words, and (for Swedish questions) at most this share of the question's weight is words the
 * plans never use. The point chosen is the one with most correct refusals while wrongly refusing
 * at most 5 % of answerable questions.
 */
export const EVIDENCE_THRESHOLD = 0.1;
export const MAX_UNKNOWN_SHARE = 0.35;

export type Verdict = 'answer' | 'manipulation' | 'unknown-words' | 'weak-evidence' | 'no-number' | 'person' | 'procedure' | 'nothing-found';

/** What kind of answer the question expects, where the plans can never hold it. */
export type OutOfScopeType = 'person' | 'procedure' | null;

export interface Evidence {
  verdict: Verdict;
  /** 0–1: mean of the top passage's and the best sentence's coverage of the question. */
  strength: number;
  unknownShare: number;
  manipulation: boolean;
  language: Language;
  /** The question asks for an amount and the best sentence has no number. */
  missingNumber: boolean;
  /** The question asks for something policy documents never contain: a named person, a how-to. */
  outOfScope: OutOfScopeType;
}

export interface Thresholds {
  evidence: number;
  unknown: number;
}

/** The verdict for given features and thresholds; separate so the evaluation can sweep thresholds. */
export function decide(e: Omit<Evidence, 'verdict'>, found: boolean, t: Thresholds = { evidence: EVIDENCE_THRESHOLD, unknown: MAX_UNKNOWN_SHARE }): Verdict {
  if (e.manipulation) return 'manipulation';
  if (e.outOfScope) return e.outOfScope;
  if (!found) return 'nothing-found';
  // In an English question most words are unknown to Swedish plans by nature; coverage decides alone.
  if (e.language === 'sv' && e.unknownShare > t.unknown) return 'unknown-words';
  if (e.strength < t.evidence) return 'weak-evidence';
  if (e.missingNumber) return 'no-number';
  return 'answer';
}

/** Questions after an amount ("hur mycket kostar", "hur många kronor", "how much") need a number to answer them. */
const ASKS_AMOUNT = /\b(hur (mycket|manga)|kostar|kostnad|pris|avgiften?|kronor|procent|per (dag|vecka|manad|timme|ar)|how (much|many)|cost|price|fee|rate|per (day|week|month|hour|year))\b/;

export function asksForAmount(foldedQuestion: string): boolean {
  return ASKS_AMOUNT.test(foldedQuestion) || /\bvilken lon\b/.test(foldedQuestion);
}

/**
 * The plans are policy: they name no office holders and give no instructions for individual
 * errands. "Vem är ordförande?" and "hur anmäler jag mig?" cannot be answered from them, however
 * well their words match a passage. ("Vem samordnar …?" asks for a body, and is not matched.)
 */
const ASKS_PERSON = /\b(vem|vilka) (ar|var|blir|sitter som)\b|\bwho (is|was|are)\b|\bwho's\b/;
const ASKS_PROCEDURE = /\b(hur|var|nar) (anmaler|bokar|ansoker|soker|registrerar|loggar|betalar|andrar|sager upp) (jag|man|vi)\b|\bhow (do|can|should) (i|we) (sign up|book|apply|register|log in|pay|cancel)\b/;

export function outOfScopeType(foldedQuestion: string): OutOfScopeType {
  if (ASKS_PERSON.test(foldedQuestion)) return 'person';
  if (ASKS_PROCEDURE.test(foldedQuestion)) return 'procedure';
  return null;
}

/** Judges whether the retrieved passages answer the question, and why not if they do not. */
export function assessEvidence(
  query: AnalyzedQuestion,
  language: Language,
  top: RetrievedPassage | undefined,
  bestSentence: { text: string; coverage: number } | undefined,
): Evidence {
  const folded = fold(query.question);
  const features = {
    language,
    strength: top && bestSentence ? (top.coverage + bestSentence.coverage) / 2 : 0,
    unknownShare: unknownShare(query.words),
    manipulation: detectManipulation(query.question),
    outOfScope: outOfScopeType(folded),
    missingNumber: asksForAmount(folded) && !/\d/.test(bestSentence?.text ?? ''),
  };
  return { ...features, verdict: decide(features, top !== undefined && bestSentence !== undefined) };
}
