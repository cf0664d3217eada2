import { z } from 'zod';

/** The value of Teams' `message/submitAction` invoke when a member presses thumbs up or down. */
export const feedbackInvokeSchema = z.object({
  actionName: z.literal('feedback'),
  actionValue: z.object({
    reaction: z.enum(['like', 'dislike']),
    // The member's free text. Read but never kept: it may hold anything, personal data included.
    feedback: z.unknown().optional(),
  }),
});

/** Thumbs up (`like`) or down (`dislike`). */
export type Reaction = z.infer<typeof feedbackInvokeSchema>['actionValue']['reaction'];

/** Thumbs up and down for one answer, or in total. */
export interface FeedbackCounts {
  like: number;
  dislike: number;
}

/** Answers whose counts are kept at most; the oldest are dropped first. */
const MAX_ANSWERS = 10_000;

/**
 * Where thumbs up/down are counted. Asynchronous because a deployment keeps the counts in a shared
 * engine (Redis) or a durable file, not in one process's memory.
 */
export interface FeedbackStore {
  record(answerId: string, reaction: Reaction): Promise<FeedbackCounts>;
  /** The counts for one answer (zeros if none). */
  get(answerId: string): Promise<FeedbackCounts>;
  /** Totals over all answers kept. */
  totals(): Promise<FeedbackCounts & { answers: number }>;
}

/**
 * Thumbs up/down per answer, counted in memory. Keyed by the answer's message id only: no member,
 * conversation or question is stored, so the counts say how answers fare, not who asked what.
 */
export class MemoryFeedbackStore implements FeedbackStore {
  private readonly counts = new Map<string, FeedbackCounts>();

  async record(answerId: string, reaction: Reaction): Promise<FeedbackCounts> {
    const counts = this.counts.get(answerId) ?? { like: 0, dislike: 0 };
    counts[reaction] += 1;
    this.counts.delete(answerId);
    this.counts.set(answerId, counts);
    if (this.counts.size > MAX_ANSWERS) this.counts.delete(this.counts.keys().next().value!);
    return { ...counts };
  }

  async get(answerId: string): Promise<FeedbackCounts> {
    return { ...(this.counts.get(answerId) ?? { like: 0, dislike: 0 }) };
  }

  async totals(): Promise<FeedbackCounts & { answers: number }> {
    let like = 0;
    let dislike = 0;
    for (const c of this.counts.values()) {
      like += c.like;
      dislike += c.dislike;
    }
    return { like, dislike, answers: this.counts.size };
  }
}
