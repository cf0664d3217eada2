import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../retrieval/config.js';

/** How a question is written (answerable questions). */
export const answerableKinds = [
  'paraphrase', 'keyword', 'typo', 'no-diacritics', 'list', 'version', 'english',
  'sms', 'dialect', 'personal', 'context', 'number', 'broad', 'followup',
] as const;
/** Why the plans do not answer it (unanswerable questions); `followup` is a conversation turn. */
export const unanswerableKinds = ['offtopic', 'near-miss', 'manipulation', 'personal-case', 'service', 'related-topic', 'followup'] as const;
/** What the question asks for, as its writer saw it. */
export const askTypes = ['position', 'fact', 'number', 'date', 'list', 'reason', 'broad', 'version'] as const;

const placeSchema = z.object({ document: z.string(), evidence: z.string().min(3) });

const answerableFields = {
  kind: z.enum(answerableKinds),
  asks: z.enum(askTypes).optional(),
  answerable: z.literal(true),
  gold: placeSchema.extend({ section: z.string() }),
  /** Other passages that answer the question as well as the gold one. */
  alsoAccept: z.array(placeSchema).optional(),
};
const unanswerableFields = {
  kind: z.enum(unanswerableKinds),
  answerable: z.literal(false),
  /** What the plans do and do not say about it (the writer's check). */
  why: z.string().optional(),
};

const questionBase = z.object({ id: z.string(), question: z.string().min(1), lang: z.enum(['sv', 'en']) });

export const evalQuestionSchema = z.discriminatedUnion('answerable', [
  questionBase.extend(answerableFields),
  questionBase.extend(unanswerableFields),
]);

const turnSchema = z.discriminatedUnion('answerable', [
  z.object({ question: z.string().min(1), ...answerableFields }),
  z.object({ question: z.string().min(1), ...unanswerableFields }),
]);

/** A conversation of 2–3 turns; later turns lean on earlier ones ("och varför då?"). */
export const evalConversationSchema = z.object({ id: z.string(), lang: z.enum(['sv', 'en']), turns: z.array(turnSchema).min(2) });

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;
export type AnswerableQuestion = Extract<EvalQuestion, { answerable: true }>;
export type EvalConversation = z.infer<typeof evalConversationSchema>;

/** `dev` is tuned on; `test` is frozen and only ever reported. */
export type Split = 'dev' | 'test';
export const SPLITS: Split[] = ['dev', 'test'];

export const EVAL_DIR = join(PROJECT_ROOT, 'tests', 'eval');
export const questionsPath = (split: Split) => join(EVAL_DIR, `${split}.jsonl`);
export const conversationsPath = (split: Split) => join(EVAL_DIR, `conversations.${split}.jsonl`);

function readJsonLines<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** Loads and validates one split's questions, one JSON object per line. */
export function loadEvalSet(split: Split = 'dev', path: string = questionsPath(split)): EvalQuestion[] {
  return readJsonLines(path, evalQuestionSchema);
}

/** Loads and validates one split's conversations. */
export function loadConversations(split: Split, path: string = conversationsPath(split)): EvalConversation[] {
  return readJsonLines(path, evalConversationSchema);
}

/** Lower-cased, whitespace-collapsed (non-breaking and thin spaces too): how evidence phrases are compared with passages. */
export function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A hit: a passage from the gold document (or an accepted alternative) that contains its evidence phrase. */
export function isHit(question: Pick<AnswerableQuestion, 'gold' | 'alsoAccept'>, passage: { documentId: string; text: string }): boolean {
  const text = normalizeForMatch(passage.text);
  return [question.gold, ...(question.alsoAccept ?? [])].some((p) => passage.documentId === p.document && text.includes(normalizeForMatch(p.evidence)));
}
