import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { feedbackEventKey, type FeedbackCounts, type FeedbackStore, type Reaction } from '../teams/feedbackStore.js';
import { FileFeedbackStore, readFeedbackEvents } from './fileFeedbackStore.js';

/** How long an answer's counts are kept after its last reaction, and an event id for counting it once. */
const ANSWER_TTL_SECONDS = 400 * 24 * 3600;
const EVENT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Counts one event atomically: skipped if its marker exists (already counted), else marks it,
 * bumps the answer's count and the totals (and the number of answers on an answer's first
 * reaction). KEYS: marker, answer hash, totals hash. ARGV: reaction, marker TTL, answer TTL,
 * "1" if the event has an id. Returns the answer's [like, dislike].
 */
const RECORD_SCRIPT = `
if ARGV[4] == '1' and not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  return redis.call('HMGET', KEYS[2], 'like', 'dislike')
end
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('HINCRBY', KEYS[3], 'answers', 1) end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
return redis.call('HMGET', KEYS[2], 'like', 'dislike')
`;

const count = (value: unknown) => Number(value ?? 0) || 0;

export interface RedisFeedbackStoreOptions {
  /** Prefix of the Redis keys. Default `planboten:`. */
  keyPrefix?: string;
  /** Reactions that arrive while Redis fails are appended here and copied to Redis when it is back. */
  pendingFile: FileFeedbackStore;
  /** Told when Redis fails and a reaction waits in the pending file, and after a replay. */
  log: (message: string) => void;
}

/**
 * Thumbs up/down in Redis, shared by every instance and kept across restarts (with Redis's own
 * persistence): per answer a hash `{like, dislike}`, totals in one hash, and a marker per event id
 * so an event is counted once whichever instance receives it, however often. If Redis fails, the
 * reaction is appended durably to this instance's pending file and copied to Redis once it
 * answers again ({@link replayPending}); the event id makes the copy count once.
 */
export class RedisFeedbackStore implements FeedbackStore {
  private readonly prefix: string;
  private replaying: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisFeedbackStoreOptions,
  ) {
    this.prefix = `${options.keyPrefix ?? 'planboten:'}fb:`;
    // Whatever waited while Redis was away (or before a restart) goes in as soon as it is back.
    redis.on('ready', () => void this.replayPending());
  }

  async record(answerId: string, reaction: Reaction, eventId?: string): Promise<FeedbackCounts> {
    try {
      return await this.recordInRedis(answerId, reaction, eventId);
    } catch (error) {
      this.options.log(`Feedback sparas lokalt tills Redis svarar igen (${(error as Error).message}).`);
      // An id of its own, so the later copy to Redis counts it once even if a copy is cut short.
      return this.options.pendingFile.record(answerId, reaction, eventId ?? `local-${randomUUID()}`);
    }
  }

  private async recordInRedis(answerId: string, reaction: Reaction, eventId: string | undefined): Promise<FeedbackCounts> {
    const marker = `${this.prefix}event:${feedbackEventKey(answerId, eventId ?? '')}`;
    const result = (await this.redis.eval(
      RECORD_SCRIPT,
      3,
      marker,
      `${this.prefix}answer:${answerId}`,
      `${this.prefix}totals`,
      reaction,
      EVENT_TTL_SECONDS,
      ANSWER_TTL_SECONDS,
      eventId === undefined ? '0' : '1',
    )) as [unknown, unknown];
    return { like: count(result[0]), dislike: count(result[1]) };
  }

  async get(answerId: string): Promise<FeedbackCounts> {
    const [like, dislike] = await this.redis.hmget(`${this.prefix}answer:${answerId}`, 'like', 'dislike');
    return { like: count(like), dislike: count(dislike) };
  }

  async totals(): Promise<FeedbackCounts & { answers: number }> {
    const [like, dislike, answers] = await this.redis.hmget(`${this.prefix}totals`, 'like', 'dislike', 'answers');
    return { like: count(like), dislike: count(dislike), answers: count(answers) };
  }

  /**
   * Copies the reactions that waited in the pending file to Redis, each counted once, then
   * empties the file. Runs when Redis becomes reachable; one copy at a time.
   */
  replayPending(): Promise<void> {
    this.replaying ??= this.replay().finally(() => (this.replaying = undefined));
    return this.replaying;
  }

  private async replay(): Promise<void> {
    const path = this.options.pendingFile.path;
    const batch = `${path}.replaying`;
    let copied = 0;
    // A batch left by a copy cut short goes first, then what is pending now.
    for (let round = 0; round < 2; round++) {
      if (!existsSync(batch)) {
        if (readFeedbackEvents(path).events.length === 0) break;
        // New failures keep appending to a fresh pending file while the batch is copied.
        await this.options.pendingFile.moveTo(batch);
      }
      const { events } = readFeedbackEvents(batch);
      try {
        for (const event of events) await this.recordInRedis(event.answerId, event.reaction, event.eventId);
      } catch (error) {
        this.options.log(`Lokalt sparad feedback kunde inte föras över till Redis än (${(error as Error).message}); nytt försök när Redis svarar.`);
        return;
      }
      rmSync(batch, { force: true });
      copied += events.length;
    }
    if (copied > 0) this.options.log(`${copied} lokalt sparade feedbacksvar fördes över till Redis.`);
  }
}
