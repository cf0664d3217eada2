import type { Answer } from '../../bot/answer/answerSchema.js';
import { isHit, type AnswerableQuestion } from './evalSet.js';

/** One question (or conversation turn) as the evaluation sees it. */
export interface Judged {
  id: string;
  lang: 'sv' | 'en';
  kind: string;
  answerable: boolean;
  outcome: Answer['outcome'];
  /** 1-based position of the first citation that is a hit; null when none is, or when not answered. */
  hitAt: number | null;
}

/**
 * Judges an answer against its question. Only `outcome: 'answer'` counts as answering: a
 * `related` reply (the plans touch the topic but do not answer the ask) is never a hit, and is a
 * correct reply to an unanswerable question.
 */
export function judge(question: { id: string; lang: 'sv' | 'en'; kind: string } & ({ answerable: false } | Pick<AnswerableQuestion, 'answerable' | 'gold' | 'alsoAccept'>), answer: Answer): Judged {
  let hitAt: number | null = null;
  if (question.answerable && answer.outcome === 'answer') {
    const index = answer.citations.findIndex((c) => isHit(question, { documentId: c.document.id, text: c.quote }));
    hitAt = index >= 0 ? index + 1 : null;
  }
  return { id: question.id, lang: question.lang, kind: question.kind, answerable: question.answerable, outcome: answer.outcome, hitAt };
}

/** A share with its 95 % Wilson score interval. */
export interface Share {
  k: number;
  n: number;
  value: number;
  low: number;
  high: number;
}

/** k of n with the 95 % Wilson interval (sound for small n and for shares near 0 or 1). */
export function share(k: number, n: number): Share {
  if (n === 0) return { k, n, value: 0, low: 0, high: 0 };
  const z = 1.96;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { k, n, value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface AnswerMetrics {
  hit1: Share;
  hit3: Share;
  /** Answerable questions given no answer (`related` or `none`). */
  wronglyRefused: Share;
  /** Unanswerable questions given no answer. */
  correctNoAnswer: Share;
  /** Unanswerable questions answered `related` (the rest of the correct ones are `none`). */
  related: Share;
}

export function summarize(results: Judged[]): AnswerMetrics {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const count = (rs: Judged[], f: (r: Judged) => boolean) => rs.filter(f).length;
  return {
    hit1: share(count(answerable, (r) => r.hitAt === 1), answerable.length),
    hit3: share(count(answerable, (r) => r.hitAt !== null && r.hitAt <= 3), answerable.length),
    wronglyRefused: share(count(answerable, (r) => r.outcome !== 'answer'), answerable.length),
    correctNoAnswer: share(count(unanswerable, (r) => r.outcome !== 'answer'), unanswerable.length),
    related: share(count(unanswerable, (r) => r.outcome === 'related'), unanswerable.length),
  };
}
