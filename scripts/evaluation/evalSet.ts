import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../retrieval/config.js';

const answerableKinds = ['paraphrase', 'keyword', 'typo', 'no-diacritics', 'list', 'version', 'english'] as const;
const unanswerableKinds = ['offtopic', 'near-miss', 'manipulation'] as const;

const questionBase = z.object({ id: z.string(), question: z.string().min(1), lang: z.enum(['sv', 'en']) });

export const evalQuestionSchema = z.discriminatedUnion('answerable', [
  questionBase.extend({
    kind: z.enum(answerableKinds),
    answerable: z.literal(true),
    gold: z.object({ document: z.string(), section: z.string(), evidence: z.string().min(3) }),
  }),
  questionBase.extend({ kind: z.enum(unanswerableKinds), answerable: z.literal(false) }),
]);

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;
export type AnswerableQuestion = Extract<EvalQuestion, { answerable: true }>;

export const EVAL_SET_PATH = join(PROJECT_ROOT, 'tests', 'eval', 'questions.jsonl');

/** Loads and validates the evaluation set, one JSON object per line. */
export function loadEvalSet(path: string = EVAL_SET_PATH): EvalQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = evalQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
      return parsed.data;
    });
}

/** Lower-cased, whitespace-collapsed: how evidence phrases are compared with passages. */
export function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A hit: a passage from the gold document that contains the evidence phrase. */
export function isHit(question: AnswerableQuestion, passage: { documentId: string; text: string }): boolean {
  return passage.documentId === question.gold.document && normalizeForMatch(passage.text).includes(normalizeForMatch(question.gold.evidence));
}
