import { z } from 'zod';

/** One cited passage: where it stands and its verbatim text. */
export const citationSchema = z.object({
  /** The chunk id, stable across index rebuilds. */
  id: z.string(),
  document: z.object({ id: z.string(), title: z.string(), period: z.string() }),
  /** The nearest heading above the passage. */
  section: z.string(),
  sectionPath: z.array(z.string()),
  /** 1-based paragraph (or first list item) within the section. */
  paragraph: z.number().int().positive(),
  /** Exactly the passage's text in the normalised plan. */
  quote: z.string(),
  score: z.number(),
});

/** What the CLI, the API and the bot return for a question. */
export const answerSchema = z.object({
  question: z.string(),
  answered: z.boolean(),
  answer: z.string(),
  citations: z.array(citationSchema),
});

export type Citation = z.infer<typeof citationSchema>;
export type Answer = z.infer<typeof answerSchema>;
