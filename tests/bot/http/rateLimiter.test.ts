import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRequestRateLimiter } from '../../../bot/http/rateLimiter.js';
import { createRedisClient } from '../../../bot/state/redisClient.js';
import { freePort } from '../../helpers/freePort.js';
import { skipRedisTests } from '../../runtime/redisServer.js';
import { useTestRedisClient } from '../../runtime/testRedisClient.js';

describe('createRequestRateLimiter', () => {
  it('allows `burst` requests per window, per client, then says how long to wait', async () => {
    // 2 per 20 s window = 6 a minute.
    const limiter = createRequestRateLimiter({ name: 'ask', perMinute: 6, burst: 2 });
    expect(await limiter.take('198.51.100.1')).toBe(0);
    expect(await limiter.take('198.51.100.1')).toBe(0);
    const wait = await limiter.take('198.51.100.1');
    expect(wait).toBeGreaterThanOrEqual(19);
    expect(wait).toBeLessThanOrEqual(20);
    expect(await limiter.take('198.51.100.2')).toBe(0);
  });

  it('counts against its own memory, promptly, when Redis cannot be reached', async () => {
    const port = await freePort();
    const client = createRedisClient(`redis://127.0.0.1:${port}`, { timeoutMs: 200, log: () => undefined });
    try {
      const failures: unknown[] = [];
      const limiter = createRequestRateLimiter({ name: 'ask', perMinute: 60, burst: 2, redis: client, onFallback: (e) => failures.push(e) });
      const started = performance.now();
      expect([await limiter.take('a'), await limiter.take('a'), await limiter.take('a') > 0]).toEqual([0, 0, true]);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(failures).toHaveLength(3);
    } finally {
      client.disconnect();
    }
  });
});

describe.skipIf(skipRedisTests())('createRequestRateLimiter with Redis', () => {
  const redisClient = useTestRedisClient();

  it('shares one window between limiters on the same Redis, as between instances', async () => {
    const keyPrefix = `test-${randomUUID().slice(0, 8)}:`;
    const a = createRequestRateLimiter({ name: 'ask', perMinute: 60, burst: 3, redis: redisClient.client, keyPrefix, onFallback: (e) => expect.fail(String(e)) });
    const b = createRequestRateLimiter({ name: 'ask', perMinute: 60, burst: 3, redis: redisClient.client, keyPrefix, onFallback: (e) => expect.fail(String(e)) });
    expect([await a.take('k'), await b.take('k'), await a.take('k')]).toEqual([0, 0, 0]);
    expect(await b.take('k')).toBeGreaterThan(0);
    expect(await a.take('k')).toBeGreaterThan(0);
    // Another limit name is another window.
    const other = createRequestRateLimiter({ name: 'search', perMinute: 60, burst: 3, redis: redisClient.client, keyPrefix });
    expect(await other.take('k')).toBe(0);
  });
});
