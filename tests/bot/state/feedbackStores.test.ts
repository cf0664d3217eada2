import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileFeedbackStore } from '../../../bot/state/fileFeedbackStore.js';
import { RedisFeedbackStore } from '../../../bot/state/redisFeedbackStore.js';
import { MemoryFeedbackStore } from '../../../bot/teams/feedbackStore.js';
import { scratchDir } from '../../helpers/corpus.js';
import { skipRedisTests } from '../../runtime/redisServer.js';
import { useTestRedisClient } from '../../runtime/testRedisClient.js';

let scratch: { dir: string; cleanup: () => void };
beforeAll(() => {
  scratch = scratchDir();
});
afterAll(() => scratch.cleanup());

describe('MemoryFeedbackStore', () => {
  it('counts each reaction event once, and new events on the same answer again', async () => {
    const store = new MemoryFeedbackStore();
    expect(await store.record('svar-1', 'like', 'invoke-1')).toEqual({ like: 1, dislike: 0 });
    expect(await store.record('svar-1', 'like', 'invoke-1')).toEqual({ like: 1, dislike: 0 });
    expect(await store.record('svar-1', 'dislike', 'invoke-2')).toEqual({ like: 1, dislike: 1 });
    // Without an event id nothing can tell a retry from a new reaction: each call counts.
    await store.record('svar-2', 'like');
    await store.record('svar-2', 'like');
    expect(await store.totals()).toEqual({ like: 3, dislike: 1, answers: 2 });
  });
});

describe('FileFeedbackStore (the embedded default)', () => {
  it('keeps every reaction across a restart, counting each event once', async () => {
    const path = join(scratch.dir, 'restart', 'feedback.jsonl');
    const first = await FileFeedbackStore.open(path);
    await first.record('svar-1', 'like', 'invoke-1');
    await first.record('svar-1', 'like', 'invoke-1');
    await first.record('svar-2', 'dislike', 'invoke-2');
    await first.close();

    const second = await FileFeedbackStore.open(path);
    expect(await second.get('svar-1')).toEqual({ like: 1, dislike: 0 });
    expect(await second.totals()).toEqual({ like: 1, dislike: 1, answers: 2 });
    // The event already counted before the restart is still recognised.
    await second.record('svar-1', 'like', 'invoke-1');
    expect(await second.get('svar-1')).toEqual({ like: 1, dislike: 0 });
    await second.close();
    // Append-only, one line per counted event, nothing about who reacted.
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { answerId: 'svar-1', reaction: 'like', eventId: 'invoke-1' },
      { answerId: 'svar-2', reaction: 'dislike', eventId: 'invoke-2' },
    ]);
  });

  it('writes reactions recorded at the same moment as whole lines, in order', async () => {
    const path = join(scratch.dir, 'concurrent', 'feedback.jsonl');
    const store = await FileFeedbackStore.open(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.record(`svar-${i % 5}`, i % 3 ? 'like' : 'dislike', `invoke-${i}`)));
    await store.close();
    const reopened = await FileFeedbackStore.open(path);
    expect(await reopened.totals()).toEqual({ like: 33, dislike: 17, answers: 5 });
    await reopened.close();
  });

  it('skips a line cut short by a crash, reports it, and keeps the next reaction intact', async () => {
    const path = join(scratch.dir, 'crash', 'feedback.jsonl');
    const store = await FileFeedbackStore.open(path);
    await store.record('svar-1', 'like', 'invoke-1');
    await store.close();
    appendFileSync(path, '{"answerId":"svar-2","reac'); // the process died mid-write
    const notes: string[] = [];
    const reopened = await FileFeedbackStore.open(path, (m) => notes.push(m));
    expect(notes.join('\n')).toMatch(/1 skadade rader/);
    await reopened.record('svar-3', 'dislike', 'invoke-3');
    await reopened.close();
    const again = await FileFeedbackStore.open(path);
    expect(await again.totals()).toEqual({ like: 1, dislike: 1, answers: 2 });
    await again.close();
  });

  it('refuses a file it cannot write with a clear error', async () => {
    const blocker = join(scratch.dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    await expect(FileFeedbackStore.open(join(blocker, 'feedback.jsonl'))).rejects.toMatchObject({ code: 'FEEDBACK_FILE_UNUSABLE', message: expect.stringContaining('kan inte skrivas') });
  });
});

describe.skipIf(skipRedisTests())('RedisFeedbackStore', () => {
  const redisClient = useTestRedisClient();

  async function store(name: string, keyPrefix = `test-${randomUUID().slice(0, 8)}:`) {
    const pendingFile = await FileFeedbackStore.open(join(scratch.dir, name, 'pending.jsonl'));
    return { store: new RedisFeedbackStore(redisClient.client, { keyPrefix, pendingFile, log: () => undefined }), pendingFile, keyPrefix };
  }

  it('counts an event once across stores sharing the Redis (two instances), with totals', async () => {
    const keyPrefix = `test-${randomUUID().slice(0, 8)}:`;
    const a = (await store('shared-a', keyPrefix)).store;
    const b = (await store('shared-b', keyPrefix)).store;
    expect(await a.record('svar-1', 'like', 'invoke-1')).toEqual({ like: 1, dislike: 0 });
    expect(await b.record('svar-1', 'like', 'invoke-1')).toEqual({ like: 1, dislike: 0 });
    expect(await b.record('svar-1', 'dislike', 'invoke-2')).toEqual({ like: 1, dislike: 1 });
    await a.record('svar-2', 'like', 'invoke-3');
    expect(await b.get('svar-1')).toEqual({ like: 1, dislike: 1 });
    expect(await a.totals()).toEqual({ like: 2, dislike: 1, answers: 2 });
    // Only the answer's message id and counts are stored: no member, no text.
    const keys = await redisClient.client.keys(`${keyPrefix}*`);
    expect(keys.join(' ')).not.toMatch(/29:|member/);
    expect(await redisClient.client.ttl(`${keyPrefix}fb:answer:svar-1`)).toBeGreaterThan(0);
  });

  it('copies reactions that waited in the pending file to Redis once, then empties the file', async () => {
    const { store: redisStore, pendingFile, keyPrefix } = await store('replay');
    await pendingFile.record('svar-9', 'dislike', 'invoke-9');
    await pendingFile.record('svar-9', 'like', 'invoke-10');
    await redisStore.replayPending();
    await redisStore.replayPending(); // nothing left: nothing counted twice
    expect(await redisStore.get('svar-9')).toEqual({ like: 1, dislike: 1 });
    expect(readFileSync(pendingFile.path, 'utf8')).toBe('');
    expect(existsSync(`${pendingFile.path}.replaying`)).toBe(false);
    expect(await redisClient.client.hget(`${keyPrefix}fb:totals`, 'answers')).toBe('1');
  });
});
