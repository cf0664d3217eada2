import { z } from 'zod';

/** One cited passage: where it stands and its verbatim text. */
export const citationSchema = z.object({
  /** The chunk id, stable across index rebuilds. */
  id: z.string(),
  document: z.object({
    id: z.string(),
    title: z.string(),
    period: z.string(),
    kind: z.enum(['verksamhetsplan', 'prioriteringar', 'regional plan']),
    status: z.enum(['current', 'historical']),
  }),
  /** The nearest heading above the passage. */
  section: z.string(),
  sectionPath: z.array(z.string()),
  /** 1-based paragraph (or first list item) within the section. */
  paragraph: z.number().int().positive(),
  /** Exactly the passage's text in the normalised plan. */
  quote: z.string(),
  score: z.number(),
});

/** A nearby topic offered when the plans do not answer: a chip label and the question it sends. */
export const suggestionSchema = z.object({ title: z.string(), question: z.string() });

/** What the CLI, the API and the bot return for a question. */
/**
 * What the member gets: `answer` (the plans answer it, quoted with sources), `related` (the plans
 * touch the topic but do not answer this ask; the closest passages are shown as context, never as
 * an answer), `none` (nothing in the plans, or a question the bot does not take).
 */
export const answerOutcomeSchema = z.enum(['answer', 'related', 'none']);

export const answerSchema = z.object({
  question: z.string(),
  /** True exactly when `outcome` is `answer`. */
  answered: z.boolean(),
  outcome: answerOutcomeSchema,
  /** Plain text; markers [1], [2] refer to `citations` in order (marker n ↔ citations[n-1]). */
  answer: z.string(),
  citations: z.array(citationSchema),
  language: z.enum(['sv', 'en']),
  suggestions: z.array(suggestionSchema),
  /**
   * Present when the question came with a conversation id. `known`: the server still held earlier
   * turns of it (false for a new conversation, or one forgotten after a restart or its time limit).
   * `missingContext`: the question reads as a follow-up ("varför då?") but there was no earlier
   * turn to read it against, so it was answered as asked.
   */
  conversation: z.object({ known: z.boolean(), missingContext: z.boolean() }).optional(),
  /** A follow-up ("och om studier?") as searched, when it was rewritten into a standalone question. */
  standaloneQuestion: z.string().optional(),
  /** How the text was written: extractive (default), or by a configured model whose citations all checked out. */
  generation: z
    .object({ mode: z.enum(['generated', 'extractive']), fallbackReason: z.string().optional() })
    .optional(),
});

export type Citation = z.infer<typeof citationSchema>;
export type Suggestion = z.infer<typeof suggestionSchema>;
export type Answer = z.infer<typeof answerSchema>;
export type AnswerOutcome = z.infer<typeof answerOutcomeSchema>;
