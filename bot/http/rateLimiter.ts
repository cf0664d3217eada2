import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A per-client limit: `take` answers 0 when the request may go ahead, else the seconds to wait. */
export interface RequestRateLimiter {
  take(key: string): Promise<number>;
}

export interface RequestRateLimiterOptions {
  /** Sustained requests per minute per key. */
  perMinute: number;
  /** Requests allowed at once: the window holds `burst` requests and lasts `burst / perMinute` minutes. */
  burst: number;
  /** Distinguishes limits sharing one store, e.g. `ask`. */
  name: string;
  /** Shared store: every instance using the same Redis counts against the same limit. */
  redis?: Redis;
  /** Prefix of the Redis keys. */
  keyPrefix?: string;
  /** Told when Redis fails and the instance's own in-memory limit decides instead. */
  onFallback?: (error: unknown) => void;
}

/** Whole seconds, at least 1, as Retry-After wants them. */
const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * A fixed-window limit from rate-limiter-flexible: at most `burst` requests per window of
 * `burst × 60 / perMinute` seconds per key (20 per 20 s for 60 a minute), so the sustained rate is
 * `perMinute`. With Redis the windows are shared by all instances; if Redis fails (down,
 * unreachable, slower than its command timeout) the request is counted by this instance's
 * in-memory limiter instead, so a Redis outage never turns into errors, only into per-instance limits.
 */
export function createRequestRateLimiter(options: RequestRateLimiterOptions): RequestRateLimiter {
  const window = { points: options.burst, duration: Math.max(1, Math.round((options.burst * 60) / options.perMinute)) };
  const keyPrefix = `${options.keyPrefix ?? 'planboten:'}rl:${options.name}`;
  const memory = new RateLimiterMemory({ ...window, keyPrefix });
  const shared: RateLimiterAbstract | undefined = options.redis
    ? new RateLimiterRedis({ ...window, keyPrefix, storeClient: options.redis, rejectIfRedisNotReady: true })
    : undefined;

  const consume = async (limiter: RateLimiterAbstract, key: string): Promise<number> => {
    try {
      await limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return retryAfter(rejection.msBeforeNext);
      throw rejection;
    }
  };

  return {
    async take(key) {
      if (!shared) return consume(memory, key);
      try {
        return await consume(shared, key);
      } catch (error) {
        options.onFallback?.(error);
        return consume(memory, key);
      }
    },
  };
}

/**
 * Token bucket per client, in this process only: `burst` requests at once, refilled at
 * `perMinute` per minute. Synchronous, for limits that need not be shared between instances
 * (the tab's instant search); the answer API uses {@link createRequestRateLimiter}.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    /** At most this many clients are remembered; the least recently seen are forgotten first. */
    private readonly maxClients = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes a token for `key`; returns 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updated: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updated) * refillPerMs);
    bucket.updated = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
  }
}
