import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../bot/answer/answerSchema.js';
import { rebuildIndex } from '../../retrieval/store/indexStore.js';
import { CORPUS_DIR, scratchDir } from '../helpers/corpus.js';
import { skipRedisTests, startRedis, testRedis, type RunningRedis } from './redisServer.js';
import { startReadyServers, type ServerProcess } from '../reliability/processes.js';

/**
 * Two `npm start` server processes sharing one real redis-server, as behind a load balancer:
 * conversations, rate limits and feedback are shared; a Redis outage degrades, never fails.
 */

/** Two processes start at once on a machine that may be busy with other tests. */
const START_TIMEOUT = 240_000;

let scratch: { dir: string; cleanup: () => void };
let dataDir: string;

beforeAll(async () => {
  scratch = scratchDir();
  dataDir = join(scratch.dir, 'index');
  await rebuildIndex(CORPUS_DIR, dataDir);
});
afterAll(() => scratch.cleanup());

/** Each request names its client through the load balancer (TRUST_PROXY=1: the socket peer is the proxy). */
const ask = (server: ServerProcess, body: Record<string, unknown>, client: string) =>
  fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });

/** Teams' thumbs up/down invoke as it reaches /api/messages (Emulator mode: no credentials, local serviceUrl). */
function feedbackInvoke(eventId: string, answerId: string, reaction: 'like' | 'dislike') {
  return {
    type: 'invoke',
    name: 'message/submitAction',
    id: eventId,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:member-1', name: 'Medlem' },
    recipient: { id: '28:planboten-bot', name: 'Planboten' },
    conversation: { id: 'conversation-personal', conversationType: 'personal' },
    replyToId: answerId,
    value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify({ feedbackText: '' }) } },
  };
}

const postInvoke = (server: ServerProcess, activity: unknown) =>
  fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(10_000) });

async function metric(server: ServerProcess, pattern: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}
const likes = (server: ServerProcess) => metric(server, /^planboten_feedback_reactions\{reaction="like"\} (\d+)/m);

describe.skipIf(skipRedisTests())('two instances sharing one Redis', () => {
  let redis: { url: string; stop(): Promise<void> };
  let feedbackDirs: string[];
  let env: (i: number) => Record<string, string>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    redis = await testRedis();
    const prefix = `test-${randomUUID().slice(0, 8)}:`;
    feedbackDirs = [join(scratch.dir, 'feedback-a'), join(scratch.dir, 'feedback-b')];
    env = (i) => ({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      FEEDBACK_STORE: 'redis',
      PLANBOTEN_FEEDBACK_DIR: feedbackDirs[i],
      TRUST_PROXY: '1',
      RATE_LIMIT_PER_MINUTE: '3',
      RATE_LIMIT_BURST: '3',
    });
    [a, b] = await startReadyServers([{ dataDir, env: env(0) }, { dataDir, env: env(1) }], START_TIMEOUT);
  }, START_TIMEOUT);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('reports Redis in /readyz', async () => {
    for (const server of [a, b]) expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ ready: true, redis: 'ok' });
    expect(await metric(a, /^planboten_state_engine_up\{engine="redis"\} (\d)/m)).toBe(1);
  });

  it('rewrites a follow-up asked on B after the first turn was answered on A', async () => {
    const conversationId = `konv-${randomUUID()}`;
    const first = answerSchema.parse(await (await ask(a, { question: 'Vad säger planen om studier?', conversationId }, '203.0.113.10')).json());
    expect(first.answered).toBe(true);
    const followUp = answerSchema.parse(await (await ask(b, { question: 'varför då?', conversationId }, '203.0.113.10')).json());
    expect(followUp.standaloneQuestion).toMatch(/studier/i);
    // The same words in a conversation B has never seen are not a follow-up of anything.
    const fresh = answerSchema.parse(await (await ask(b, { question: 'varför då?', conversationId: `konv-${randomUUID()}` }, '203.0.113.10')).json());
    expect(fresh.standaloneQuestion).toBeUndefined();
  });

  it('shares the rate limit: a client gets 3 questions in all, whichever instance it reaches', async () => {
    const client = '198.51.100.7';
    const body = { question: 'hyvling' };
    expect((await ask(a, body, client)).status).toBe(200);
    expect((await ask(b, body, client)).status).toBe(200);
    expect((await ask(a, body, client)).status).toBe(200);
    const limitedB = await ask(b, body, client);
    expect(limitedB.status).toBe(429);
    expect(Number(limitedB.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await ask(a, body, client)).status).toBe(429);
    // The limit is per client: another address behind the same proxy still gets answers.
    expect((await ask(b, body, '198.51.100.8')).status).toBe(200);
    // A client cannot escape by writing its own X-Forwarded-For entry in front of the proxy's.
    expect((await ask(b, body, `10.9.9.9, ${client}`)).status).toBe(429);
  });

  it('counts feedback given on A once, even when the same event reaches B too, and keeps it across restarts of both', async () => {
    const answerId = `svar-${randomUUID()}`;
    const before = (await likes(a)) ?? 0;
    const event = feedbackInvoke(`invoke-${randomUUID()}`, answerId, 'like');
    const response = await postInvoke(a, event);
    expect(response.status).toBe(200);
    // Teams retries an invoke it got no answer to; the load balancer may send the retry to B.
    expect((await postInvoke(b, event)).status).toBe(200);
    expect(await likes(a)).toBe(before + 1);
    expect(await likes(b)).toBe(before + 1);

    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    [a, b] = await startReadyServers([{ dataDir, env: env(0) }, { dataDir, env: env(1) }], START_TIMEOUT);
    expect(await likes(a)).toBe(before + 1);
    expect(await likes(b)).toBe(before + 1);
    // A second reaction (a new event) on the same answer counts.
    expect((await postInvoke(b, feedbackInvoke(`invoke-${randomUUID()}`, answerId, 'like'))).status).toBe(200);
    expect(await likes(a)).toBe(before + 2);
  }, START_TIMEOUT);
});

describe.skipIf(skipRedisTests())('Redis stopped mid-run', () => {
  let redis: RunningRedis;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    redis = await startRedis();
    const env = (name: string) => ({ REDIS_URL: redis.url, FEEDBACK_STORE: 'redis', PLANBOTEN_FEEDBACK_DIR: join(scratch.dir, `outage-${name}`), REDIS_TIMEOUT_MS: '300' });
    [a, b] = await startReadyServers([{ dataDir, env: env('a') }, { dataDir, env: env('b') }], START_TIMEOUT);
  }, START_TIMEOUT);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('keeps answering from each instance’s own memory (never a 500, never a hang), reports it, and catches up when Redis is back', async () => {
    expect((await (await ask(a, { question: 'hyvling' }, '192.0.2.1')).json()) as unknown).toMatchObject({ answered: true });
    await redis.kill();

    // Questions are still answered, promptly.
    const started = performance.now();
    const during = await ask(a, { question: 'Vad säger planen om studier?', conversationId: 'under-avbrottet' }, '192.0.2.1');
    expect(during.status).toBe(200);
    expect(answerSchema.parse(await during.json()).answered).toBe(true);
    // A hang would hit the client's 10 s abort; waiting out Redis at all would take seconds, not the
    // few 300 ms command timeouts (REDIS_TIMEOUT_MS) at most. Generous for a busy machine.
    expect(performance.now() - started).toBeLessThan(8_000);
    // Follow-ups work within the instance that holds the conversation meanwhile.
    const followUp = answerSchema.parse(await (await ask(a, { question: 'varför då?', conversationId: 'under-avbrottet' }, '192.0.2.1')).json());
    expect(followUp.standaloneQuestion).toMatch(/studier/i);

    // Readiness stays true (the instance serves) and says Redis is down; so does /metrics.
    const ready = await fetch(`${a.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, redis: 'down' });
    expect(await metric(b, /^planboten_state_engine_up\{engine="redis"\} (\d)/m)).toBe(0);

    // Feedback is accepted and kept on disk until Redis answers again.
    const answerId = `svar-${randomUUID()}`;
    expect((await postInvoke(b, feedbackInvoke(`invoke-${randomUUID()}`, answerId, 'dislike'))).status).toBe(200);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? a : b, { question: 'arbetsmiljö' }, '192.0.2.2').then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    await redis.restart();
    // The instances reconnect by themselves (retry at most every 2 s); B then copies its pending feedback.
    const deadline = Date.now() + 15_000;
    let dislikes: number | undefined;
    while (Date.now() < deadline) {
      dislikes = await metric(a, /^planboten_feedback_reactions\{reaction="dislike"\} (\d+)/m);
      if (dislikes === 1) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(dislikes).toBe(1);
    expect(await (await fetch(`${b.url}/readyz`)).json()).toEqual({ ready: true, redis: 'ok' });
    expect(a.output() + b.output()).not.toMatch(/request failed|Fel:/);
  });
});
