import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { ConversationMemory, type ConversationStore } from '../conversation/conversationMemory.js';
import { createRequestRateLimiter, type RequestRateLimiter } from '../http/rateLimiter.js';
import { MemoryFeedbackStore, type FeedbackStore } from '../teams/feedbackStore.js';
import { FileFeedbackStore } from './fileFeedbackStore.js';
import { createRedisClient, redisHealth, redisLabel, waitUntilReady } from './redisClient.js';
import { RedisConversationStore } from './redisConversationStore.js';
import { RedisFeedbackStore } from './redisFeedbackStore.js';
import type { StateConfig } from './stateConfig.js';

/** What `/readyz` says about the engines behind the shared state: nothing without Redis. */
export interface StateHealth {
  redis?: 'ok' | 'down';
}

/**
 * Everything an instance keeps between requests: conversation memory for follow-ups, rate-limit
 * windows and feedback counts — in this process, or shared by all instances through Redis.
 */
export interface SharedState {
  conversations: ConversationStore;
  feedback: FeedbackStore;
  /** A per-client limit named `name` (e.g. `ask`), shared by all instances when Redis is configured. */
  rateLimiter(name: string, perMinute: number, burst: number): RequestRateLimiter;
  health(): Promise<StateHealth>;
  /** One line for the start-up log: where the state lives. */
  description: string;
  /** Finishes pending writes and disconnects. */
  close(): Promise<void>;
}

/** State in this process only and nothing on disk: for tests and embedding. */
export function inProcessState(feedback: FeedbackStore = new MemoryFeedbackStore()): SharedState {
  return {
    conversations: new ConversationMemory(),
    feedback,
    rateLimiter: (name, perMinute, burst) => createRequestRateLimiter({ name, perMinute, burst }),
    health: async () => ({}),
    description: 'Tillstånd: i processen (samtalsminne och gränser per instans).',
    close: async () => undefined,
  };
}

/**
 * The state `npm start` uses, by configuration. Without REDIS_URL: conversation memory in an LRU
 * in this process, feedback appended to `feedback.jsonl` in the feedback folder. With REDIS_URL:
 * all three in Redis; while Redis is unreachable each request falls back to this instance's own
 * memory (follow-ups work within the instance, rate limits count per instance) and feedback waits
 * in `pending.jsonl` until Redis is back — requests are answered, never failed, and no Redis
 * command waits longer than REDIS_TIMEOUT_MS.
 */
export async function createSharedState(config: StateConfig, log: (message: string) => void): Promise<SharedState> {
  if (!config.redisUrl) {
    const feedback = config.feedbackStore === 'memory' ? new MemoryFeedbackStore() : await FileFeedbackStore.open(join(config.feedbackDir, 'feedback.jsonl'), log);
    const state = inProcessState(feedback);
    return {
      ...state,
      description: `${state.description} Feedback: ${feedback instanceof FileFeedbackStore ? feedback.path : 'i minnet'}.`,
      close: async () => {
        if (feedback instanceof FileFeedbackStore) await feedback.close();
      },
    };
  }

  const redis: Redis = createRedisClient(config.redisUrl, { timeoutMs: config.redisTimeoutMs, log });
  // One line per outage, not one per request: the client logs the connection itself.
  const fallback = onceWhileDown(redis, (error) => log(`Redis svarar inte (${(error as Error).message}); den här instansen använder sitt eget minne.`));
  const conversations = new RedisConversationStore(redis, { keyPrefix: config.keyPrefix, onFallback: fallback });
  let pending: FileFeedbackStore | undefined;
  let feedback: FeedbackStore;
  if (config.feedbackStore === 'redis') {
    pending = await FileFeedbackStore.open(join(config.feedbackDir, 'pending.jsonl'), log);
    feedback = new RedisFeedbackStore(redis, { keyPrefix: config.keyPrefix, pendingFile: pending, log });
  } else if (config.feedbackStore === 'file') {
    feedback = await FileFeedbackStore.open(join(config.feedbackDir, 'feedback.jsonl'), log);
  } else {
    feedback = new MemoryFeedbackStore();
  }
  if (!(await waitUntilReady(redis, 5_000))) log(`Redis ${redisLabel(config.redisUrl)} svarar inte än; instansen startar med sitt eget minne och ansluter när Redis svarar.`);
  else if (feedback instanceof RedisFeedbackStore) await feedback.replayPending();

  return {
    conversations,
    feedback,
    rateLimiter: (name, perMinute, burst) => createRequestRateLimiter({ name, perMinute, burst, redis, keyPrefix: config.keyPrefix, onFallback: fallback }),
    health: async () => ({ redis: await redisHealth(redis) }),
    description: `Tillstånd: delat i Redis ${redisLabel(config.redisUrl)} (samtalsminne, gränser${config.feedbackStore === 'redis' ? ', feedback' : ''}).`,
    close: async () => {
      if (feedback instanceof FileFeedbackStore) await feedback.close();
      await pending?.close();
      redis.disconnect();
    },
  };
}

/** Calls `report` on the first failure after Redis was last ready, not on every request that falls back. */
function onceWhileDown(redis: Redis, report: (error: unknown) => void): (error: unknown) => void {
  let reported = false;
  redis.on('ready', () => (reported = false));
  return (error) => {
    if (reported) return;
    reported = true;
    report(error);
  };
}
