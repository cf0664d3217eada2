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
/** Event ids remembered for counting each event once; retries come within seconds. */
const MAX_EVENTS = 100_000;

/**
 * Where thumbs up/down are counted. Asynchronous because a deployment keeps the counts in a shared
 * engine (Redis) or a durable file, not in one process's memory. Keyed by the answer's message id
 * only: no member, conversation or feedback text is stored.
 */
export interface FeedbackStore {
  /**
   * Counts one reaction to an answer and returns the answer's counts. With `eventId` (the invoke
   * activity's id) it is idempotent: the same event delivered again — a channel retry, the invoke
   * reaching another instance — is counted once.
   */
  record(answerId: string, reaction: Reaction, eventId?: string): Promise<FeedbackCounts>;
  /** The counts for one answer (zeros if none). */
  get(answerId: string): Promise<FeedbackCounts>;
  /** Totals over all answers, and how many answers got feedback. */
  totals(): Promise<FeedbackCounts & { answers: number }>;
}

/** The key an event is remembered under: one reaction event on one answer. */
export function feedbackEventKey(answerId: string, eventId: string): string {
  return JSON.stringify([answerId, eventId]);
}

/**
 * Thumbs up/down per answer, counted in this process's memory: lost on restart. For tests and
 * embedding; `npm start` appends to a file or uses Redis (`bot/state/sharedState.ts`).
 */
export class MemoryFeedbackStore implements FeedbackStore {
  private readonly counts = new Map<string, FeedbackCounts>();
  private readonly seen = new Set<string>();
  private readonly total: FeedbackCounts & { answers: number } = { like: 0, dislike: 0, answers: 0 };

  async record(answerId: string, reaction: Reaction, eventId?: string): Promise<FeedbackCounts> {
    if (eventId !== undefined) {
      const key = feedbackEventKey(answerId, eventId);
      if (this.seen.has(key)) return this.get(answerId);
      this.seen.add(key);
      if (this.seen.size > MAX_EVENTS) this.seen.delete(this.seen.values().next().value!);
    }
    const counts = this.counts.get(answerId) ?? { like: 0, dislike: 0 };
    if (!this.counts.has(answerId)) this.total.answers += 1;
    counts[reaction] += 1;
    this.total[reaction] += 1;
    this.counts.delete(answerId);
    this.counts.set(answerId, counts);
    if (this.counts.size > MAX_ANSWERS) this.counts.delete(this.counts.keys().next().value!);
    return { ...counts };
  }

  /** Whether this event on this answer has been counted already. */
  hasCounted(answerId: string, eventId: string): boolean {
    return this.seen.has(feedbackEventKey(answerId, eventId));
  }

  async get(answerId: string): Promise<FeedbackCounts> {
    return { ...(this.counts.get(answerId) ?? { like: 0, dislike: 0 }) };
  }

  async totals(): Promise<FeedbackCounts & { answers: number }> {
    return { ...this.total };
  }
}
