import { z } from 'zod';

/** Longest answer text accepted from a model; longer output is treated as malformed. */
export const MAX_ANSWER_CHARS = 4000;
/** Most citations one generated answer may carry. */
export const MAX_CITATIONS = 12;

/** One retrieved passage as the model sees it. */
export const generationPassageSchema = z.object({
  /** The chunk id, e.g. `vp-2025-2029/studier/p1`; the model cites passages by this id. */
  id: z.string().min(1),
  /** Where the passage stands, e.g. `Verksamhetsplan 2025–2029 › Studier, stycke 1`. */
  label: z.string().min(1),
  /** The passage verbatim, in Swedish; quotes in the answer are checked against it. */
  text: z.string().min(1),
});

/** What {@link generateAnswer} needs: the (standalone) question, its language and the passages. */
export const generationInputSchema = z.object({
  question: z.string().min(1),
  language: z.enum(['sv', 'en']),
  passages: z
    .array(generationPassageSchema)
    .refine((passages) => new Set(passages.map((p) => p.id)).size === passages.length, 'passage ids must be unique'),
});

/**
 * The JSON object the model must return (see `prompts/v1/answer-format.md`). `answer` carries
 * markers [1], [2]; marker n refers to `citations[n-1]`, a passage id.
 */
export const modelAnswerSchema = z.object({
  answered: z.boolean(),
  answer: z.string().trim().min(1).max(MAX_ANSWER_CHARS),
  citations: z.array(z.string().min(1)).max(MAX_CITATIONS),
});

export type GenerationPassage = z.infer<typeof generationPassageSchema>;
export type GenerationInput = z.infer<typeof generationInputSchema>;
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

/**
 * Why a generated answer was not used; each one means "serve the extractive answer instead".
 * - `invalid-citation`: an id that is not among the passages, a repeated id, or an answer without sources
 * - `marker-mismatch`: a marker without its citation, a citation without a marker, or markers out of order
 * - `unverified-quote`: text in quotation marks that its passage does not contain verbatim
 * - `malformed-output`: no JSON object, or one that does not fit {@link modelAnswerSchema}
 * - `provider-error`: the model call failed (network, key, quota, refusal)
 * - `timeout`: no reply within the time limit
 */
export type GenerationFailureReason =
  | 'invalid-citation'
  | 'marker-mismatch'
  | 'unverified-quote'
  | 'malformed-output'
  | 'provider-error'
  | 'timeout';

/** A failure with a short diagnostic for logs (ids and counts, never the question or the answer). */
export interface GenerationFailure {
  ok: false;
  reason: GenerationFailureReason;
  detail: string;
}

export interface GenerationSuccess {
  ok: true;
  answered: boolean;
  /** The model's text with markers [1], [2]; marker n ↔ citationIds[n-1]. */
  answer: string;
  /** Passage (chunk) ids in marker order, each one among the input passages. */
  citationIds: string[];
}

export type GenerationResult = GenerationSuccess | GenerationFailure;
