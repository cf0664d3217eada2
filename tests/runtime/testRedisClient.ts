import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { testRedis } from './redisServer.js';

/**
 * A connected ioredis client on the tests' Redis for a describe block: started before its tests,
 * disconnected and stopped after. Read `.client` inside the tests.
 */
export function useTestRedisClient(): { readonly client: Redis } {
  let redis: { url: string; stop(): Promise<void> } | undefined;
  const handle = { client: undefined as unknown as Redis };
  beforeAll(async () => {
    redis = await testRedis();
    handle.client = new Redis(redis.url, { lazyConnect: true });
    await handle.client.connect();
  });
  afterAll(async () => {
    handle.client?.disconnect();
    await redis?.stop();
  });
  return handle;
}
