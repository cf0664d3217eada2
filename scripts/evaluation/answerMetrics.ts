import { composeAnswerWithEvidence } from '../../bot/answer/composeAnswer.js';
import { decide, type Evidence, type Thresholds } from '../../bot/answer/assessEvidence.js';
import type { Answer } from '../../bot/answer/answerSchema.js';
import type { Retriever } from '../../retrieval/retriever.js';
import { isHit, type EvalQuestion } from './evalSet.js';

export interface AnswerResult {
  question: EvalQuestion;
  answer: Answer;
  evidence: Evidence;
  /** 1-based position of the first citation that is a hit (answerable questions), or null. */
  hitAt: number | null;
}

export async function answerQuestions(retriever: Retriever, questions: EvalQuestion[]): Promise<AnswerResult[]> {
  const results: AnswerResult[] = [];
  for (const question of questions) {
    const { answer, evidence } = await composeAnswerWithEvidence(retriever, question.question);
    let hitAt: number | null = null;
    if (question.answerable) {
      const index = answer.citations.findIndex((c) => isHit(question, { documentId: c.document.id, text: c.quote }));
      hitAt = index >= 0 ? index + 1 : null;
    }
    results.push({ question, answer, evidence, hitAt });
  }
  return results;
}

export interface AnswerMetrics {
  answerable: number;
  unanswerable: number;
  /** First citation is a hit. */
  hit1: number;
  /** One of the first three citations is a hit. */
  hit3: number;
  wronglyRefused: number;
  correctNoAnswer: number;
}

const share = (n: number, d: number) => (d === 0 ? 0 : n / d);

export function summarizeAnswers(results: AnswerResult[]): AnswerMetrics {
  const answerable = results.filter((r) => r.question.answerable);
  const unanswerable = results.filter((r) => !r.question.answerable);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit1: share(answerable.filter((r) => r.hitAt === 1).length, answerable.length),
    hit3: share(answerable.filter((r) => r.hitAt !== null && r.hitAt <= 3).length, answerable.length),
    wronglyRefused: share(answerable.filter((r) => !r.answer.answered).length, answerable.length),
    correctNoAnswer: share(unanswerable.filter((r) => !r.answer.answered).length, unanswerable.length),
  };
}

/** The no-answer trade-off: for each evidence threshold, answered-correctly vs wrongly-abstained. */
export function tradeOff(results: AnswerResult[], thresholds: Thresholds[]): Array<Thresholds & { answeredCorrectly: number; wronglyAbstained: number; correctNoAnswer: number }> {
  return thresholds.map((t) => {
    const answered = (r: AnswerResult) => decide(r.evidence, r.evidence.verdict !== 'nothing-found', t) === 'answer';
    const answerable = results.filter((r) => r.question.answerable);
    const unanswerable = results.filter((r) => !r.question.answerable);
    return {
      ...t,
      // A refused question has no citations, so "answered correctly" needs both: answered, and a hit in the top 3.
      answeredCorrectly: share(answerable.filter((r) => answered(r) && r.hitAt !== null && r.hitAt <= 3).length, answerable.length),
      wronglyAbstained: share(answerable.filter((r) => !answered(r)).length, answerable.length),
      correctNoAnswer: share(unanswerable.filter((r) => !answered(r)).length, unanswerable.length),
    };
  });
}
