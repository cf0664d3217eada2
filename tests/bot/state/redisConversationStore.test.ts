import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../../bot/conversation/conversationMemory.js';
import { createRedisClient } from '../../../bot/state/redisClient.js';
import { RedisConversationStore } from '../../../bot/state/redisConversationStore.js';
import { freePort } from '../../helpers/freePort.js';
import { skipRedisTests } from '../../runtime/redisServer.js';
import { useTestRedisClient } from '../../runtime/testRedisClient.js';

const turn = (q: string, sections: string[] = ['Studier']) => ({ standaloneQuestion: q, sectionTitles: sections });

describe.skipIf(skipRedisTests())('RedisConversationStore', () => {
  const redisClient = useTestRedisClient();

  it('shares the last turns between stores on one Redis, with an idle TTL and no raw ids', async () => {
    const keyPrefix = `test-${randomUUID().slice(0, 8)}:`;
    const a = new RedisConversationStore(redisClient.client, { keyPrefix, maxTurns: 2, idleMs: 60_000 });
    const b = new RedisConversationStore(redisClient.client, { keyPrefix, maxTurns: 2, idleMs: 60_000 });
    const id = 'web:anna.svensson@example.org';
    await a.remember(id, turn('Vad säger planen om studier?'));
    await a.remember(id, turn('Vad säger planen om arbetsmiljö?', ['Arbetsmiljö']));
    await a.remember(id, turn('x'.repeat(1_000), ['A', 'A', 'B', 'C', 'D', 'E', 'F']));
    const turns = await b.recent(id);
    expect(turns.map((t) => t.standaloneQuestion.slice(0, 40))).toEqual(['Vad säger planen om arbetsmiljö?', 'x'.repeat(40)]);
    expect(turns[1].standaloneQuestion).toHaveLength(300);
    expect(turns[1].sectionTitles).toEqual(['A', 'B', 'C', 'D', 'E']);
    const keys = await redisClient.client.keys(`${keyPrefix}*`);
    expect(keys).toEqual([`${keyPrefix}conv:${conversationKey(id)}`]);
    const ttl = await redisClient.client.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await b.forget(id);
    expect(await a.recent(id)).toEqual([]);
  });

  it('forgets a conversation when its TTL runs out', async () => {
    const store = new RedisConversationStore(redisClient.client, { keyPrefix: `test-${randomUUID().slice(0, 8)}:`, idleMs: 150 });
    await store.remember('web:kort', turn('Vad säger planen om studier?'));
    expect(await store.recent('web:kort')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.recent('web:kort')).toEqual([]);
  });

  it('skips entries that are not turns', async () => {
    const keyPrefix = `test-${randomUUID().slice(0, 8)}:`;
    const store = new RedisConversationStore(redisClient.client, { keyPrefix });
    await store.remember('web:x', turn('Vad säger planen om studier?'));
    await redisClient.client.rpush(`${keyPrefix}conv:${conversationKey('web:x')}`, 'not json', '{"standaloneQuestion":42}');
    expect((await store.recent('web:x')).map((t) => t.standaloneQuestion)).toEqual(['Vad säger planen om studier?']);
  });
});

describe('RedisConversationStore without a reachable Redis', () => {
  it('falls back to this process’s memory at once, and says so', async () => {
    const port = await freePort(); // nothing listens there
    const notes: string[] = [];
    const client = createRedisClient(`redis://127.0.0.1:${port}`, { timeoutMs: 200, log: (m) => notes.push(m) });
    try {
      const failures: unknown[] = [];
      const store = new RedisConversationStore(client, { onFallback: (e) => failures.push(e) });
      const started = performance.now();
      await store.remember('web:1', turn('Vad säger planen om studier?'));
      expect((await store.recent('web:1')).map((t) => t.standaloneQuestion)).toEqual(['Vad säger planen om studier?']);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(failures.length).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});
