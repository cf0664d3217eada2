import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { MemoryFeedbackStore, type FeedbackCounts, type FeedbackStore, type Reaction } from '../teams/feedbackStore.js';
import { StateError } from './stateErrors.js';

/** One line of the feedback file: a reaction to an answer, nothing about who gave it. */
export const feedbackEventSchema = z.object({
  answerId: z.string().min(1),
  reaction: z.enum(['like', 'dislike']),
  eventId: z.string().min(1).optional(),
});

export type FeedbackEvent = z.infer<typeof feedbackEventSchema>;

/**
 * Reads a feedback file's events in order. A line that does not parse (a write cut short by a
 * crash) is skipped and counted, never fatal.
 */
export function readFeedbackEvents(path: string): { events: FeedbackEvent[]; skipped: number } {
  if (!existsSync(path)) return { events: [], skipped: 0 };
  const events: FeedbackEvent[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = feedbackEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { events, skipped };
}

/**
 * Thumbs up/down appended to a JSON-lines file (the embedded default: `data/feedback/feedback.jsonl`),
 * one line per reaction, each written and flushed to disk (fdatasync) before it counts, so neither a
 * restart nor a crash loses one. The counts are rebuilt from the file at start. Each event is
 * counted once (see {@link FeedbackStore.record}). One process per file: instances that share
 * counts use Redis.
 */
export class FileFeedbackStore implements FeedbackStore {
  private counts = new MemoryFeedbackStore();
  /** Appends one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private handle: FileHandle,
  ) {}

  /**
   * Opens (creating folder and file if needed) and replays the file. `log` hears how many damaged
   * lines were skipped. Throws {@link StateError} when the file cannot be written.
   */
  static async open(path: string, log: (message: string) => void = () => undefined): Promise<FileFeedbackStore> {
    let handle: FileHandle;
    try {
      mkdirSync(dirname(path), { recursive: true });
      handle = await open(path, 'a+');
    } catch (error) {
      throw new StateError('FEEDBACK_FILE_UNUSABLE', `Feedbackfilen ${path} kan inte skrivas: ${(error as Error).message}`, { cause: error });
    }
    const store = new FileFeedbackStore(path, handle);
    const { events, skipped } = readFeedbackEvents(path);
    for (const event of events) await store.counts.record(event.answerId, event.reaction, event.eventId);
    if (skipped > 0) log(`Feedbackfilen ${path}: ${skipped} skadade rader hoppades över.`);
    // A line cut short by a crash must not swallow the next one.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.appendFile('\n');
    }
    return store;
  }

  record(answerId: string, reaction: Reaction, eventId?: string): Promise<FeedbackCounts> {
    const next = this.queue.then(async () => {
      if (eventId !== undefined && this.counts.hasCounted(answerId, eventId)) return this.counts.get(answerId);
      const event: FeedbackEvent = { answerId, reaction, ...(eventId !== undefined ? { eventId } : {}) };
      try {
        await this.handle.appendFile(`${JSON.stringify(event)}\n`);
        await this.handle.datasync();
      } catch (error) {
        throw new StateError('FEEDBACK_FILE_UNUSABLE', `Feedbackfilen ${this.path} kan inte skrivas: ${(error as Error).message}`, { cause: error });
      }
      return this.counts.record(answerId, reaction, eventId);
    });
    // A failed write must not block the ones after it; its caller still gets the error.
    this.queue = next.catch(() => undefined);
    return next;
  }

  get(answerId: string): Promise<FeedbackCounts> {
    return this.counts.get(answerId);
  }

  totals(): Promise<FeedbackCounts & { answers: number }> {
    return this.counts.totals();
  }

  /**
   * Moves the file's events to `target` (after the writes in progress) and starts an empty file:
   * for handing them on, as the Redis store does with reactions that waited for Redis.
   */
  moveTo(target: string): Promise<void> {
    const next = this.queue.then(async () => {
      await this.handle.close();
      try {
        await rename(this.path, target);
        this.counts = new MemoryFeedbackStore();
      } finally {
        this.handle = await open(this.path, 'a+');
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}
