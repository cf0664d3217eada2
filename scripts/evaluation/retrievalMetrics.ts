import type { RetrievalMode, Retriever } from '../../retrieval/retriever.js';
import { isHit, type AnswerableQuestion } from './evalSet.js';

export interface QuestionResult {
  question: AnswerableQuestion;
  /** 1-based rank of the first hit among the top 10, or null. */
  rank: number | null;
  top: Array<{ id: string; documentId: string }>;
}

export interface Metrics {
  count: number;
  hit1: number;
  hit3: number;
  mrr: number;
}

/** Ranks of the first correct passage for each answerable question, under one retrieval mode. */
export async function rankQuestions(retriever: Retriever, questions: AnswerableQuestion[], mode: RetrievalMode): Promise<QuestionResult[]> {
  const results: QuestionResult[] = [];
  for (const question of questions) {
    const passages = await retriever.search(question.question, { limit: 10, mode });
    const index = passages.findIndex((p) => isHit(question, { documentId: p.chunk.documentId, text: p.chunk.text }));
    results.push({ question, rank: index >= 0 ? index + 1 : null, top: passages.slice(0, 3).map((p) => ({ id: p.chunk.id, documentId: p.chunk.documentId })) });
  }
  return results;
}

/** hit@1, hit@3 and MRR (over the top 10) of a set of results. */
export function summarize(results: QuestionResult[]): Metrics {
  const n = results.length;
  const share = (f: (r: QuestionResult) => boolean) => (n === 0 ? 0 : results.filter(f).length / n);
  return {
    count: n,
    hit1: share((r) => r.rank === 1),
    hit3: share((r) => r.rank !== null && r.rank <= 3),
    mrr: n === 0 ? 0 : results.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / n,
  };
}
