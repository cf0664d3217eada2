import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/seededRandom.js';
import { startServer, type RunningServer } from '../../bot/http/server.js';
import { teamsConfig } from '../../bot/teams/teamsConfig.js';
import { teamsRoutes } from '../../bot/teams/teamsRoutes.js';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import type { Retriever } from '../../retrieval/retriever.js';
import { buildIndex } from '../../retrieval/store/indexStore.js';
import { startChannelReceiver, type ChannelReceiver } from '../bot/teams/channelReceiver.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { rawRequest, type RawResponse } from '../helpers/rawHttp.js';
import { askBody, httpRequest, malformedActivity, picker, rawJunk } from './generators.js';

/**
 * Seeded, bounded fuzzing of the two public POST routes over real HTTP against a real server (the
 * Teams endpoint in Emulator mode, as on a developer's machine): malformed Bot Framework
 * activities, malformed `/api/ask` bodies and HTTP-level junk. No response may be a 5xx, every
 * error must be JSON with a code, and both routes must still answer a normal question afterwards.
 * The figures (requests, statuses, worst latency) are written to test-results/fuzz-requests.json.
 */
const SEED = 20261123;
const ACTIVITIES = 1_800;
const ASK_BODIES = 1_200;
const RAW_JUNK = 600;
/** Requests in flight at once. */
const CONCURRENCY = 40;

let retriever: Retriever;
let server: RunningServer;
let channel: ChannelReceiver;
const botLog: string[] = [];

beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
  channel = await startChannelReceiver();
  server = await startServer({
    retriever,
    port: 0,
    host: '127.0.0.1',
    log: () => undefined,
    // The default body and header deadlines: a machine busy with other work must not turn slow
    // answers into 408s and make the counts depend on load. Rate limits out of the way.
    config: { RATE_LIMIT_BURST: 100_000, RATE_LIMIT_PER_MINUTE: 100_000 },
    extraRoutes: teamsRoutes({ config: teamsConfig({}), log: (m) => botLog.push(m) }),
  });
});
afterAll(async () => {
  await server.close();
  await channel.close();
});

interface Sent {
  route: '/api/messages' | '/api/ask';
  kind: 'activity' | 'ask' | 'raw';
  payload: Buffer;
}

interface Outcome {
  sent: Sent;
  response: RawResponse;
  ms: number;
}

function requests(): Sent[] {
  const p = picker(seededRandom(SEED));
  const all: Sent[] = [];
  for (let n = 0; n < ACTIVITIES; n++) {
    const serviceUrl = p.pick([channel.url, channel.url, channel.url, 'http://127.0.0.1:1', 'https://smba.trafficmanager.net/emea/']);
    all.push({ route: '/api/messages', kind: 'activity', payload: httpRequest('/api/messages', JSON.stringify(malformedActivity(p, serviceUrl, n))) });
  }
  for (let n = 0; n < ASK_BODIES; n++) all.push({ route: '/api/ask', kind: 'ask', payload: httpRequest('/api/ask', askBody(p)) });
  for (let n = 0; n < RAW_JUNK; n++) {
    const route = n % 2 === 0 ? '/api/ask' : '/api/messages';
    all.push({ route, kind: 'raw', payload: rawJunk(p, route) });
  }
  // Interleaved, so each batch mixes routes and kinds.
  const shuffled = [...all];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = p.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled;
}

async function send(sent: Sent): Promise<Outcome> {
  const started = performance.now();
  const response = await rawRequest(server.url, sent.payload, 15_000);
  return { sent, response, ms: performance.now() - started };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('fuzzing POST /api/messages and POST /api/ask over real HTTP', () => {
  it(`answers ${ACTIVITIES + ASK_BODIES + RAW_JUNK} seeded bad requests without a 5xx, errors as JSON, and still answers both routes afterwards`, async () => {
    const all = requests();
    const rssBefore = process.memoryUsage().rss;
    const outcomes: Outcome[] = [];
    const started = performance.now();
    for (let i = 0; i < all.length; i += CONCURRENCY) outcomes.push(...(await Promise.all(all.slice(i, i + CONCURRENCY).map(send))));
    const totalMs = performance.now() - started;

    const failures: string[] = [];
    for (const { sent, response } of outcomes) {
      const where = `${sent.kind} → ${sent.route}: ${response.status} ${response.body.slice(0, 160)}`;
      if (response.status >= 500 || response.status < 200) failures.push(where);
      if (response.status >= 400) {
        let code: unknown;
        try {
          code = (JSON.parse(response.body) as { error?: { code?: unknown } }).error?.code;
        } catch {
          code = undefined;
        }
        if (!/^application\/json/.test(response.headers['content-type'] ?? '') || typeof code !== 'string' || !/^[A-Z_]+$/.test(code)) failures.push(`not a JSON error: ${where}`);
      } else if (response.body !== '') {
        // A 200 carries an answer, the replies of an expectReplies turn, or nothing.
        try {
          JSON.parse(response.body);
        } catch {
          failures.push(`2xx body is not JSON: ${where}`);
        }
      }
    }

    const byRoute = (route: Sent['route']) => {
      const counts: Record<string, number> = {};
      for (const o of outcomes.filter((x) => x.sent.route === route)) counts[o.response.status] = (counts[o.response.status] ?? 0) + 1;
      return counts;
    };
    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
    const summary = {
      seed: SEED,
      requests: outcomes.length,
      sent: { activities: ACTIVITIES, askBodies: ASK_BODIES, rawJunk: RAW_JUNK },
      concurrency: CONCURRENCY,
      statuses: { '/api/messages': byRoute('/api/messages'), '/api/ask': byRoute('/api/ask') },
      responses5xx: outcomes.filter((o) => o.response.status >= 500).length,
      latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), worst: Math.round(latencies.at(-1)!) },
      slowest: { kind: slowest.sent.kind, route: slowest.sent.route, status: slowest.response.status },
      totalSeconds: Math.round(totalMs / 100) / 10,
    };
    mkdirSync(join(PROJECT_ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(PROJECT_ROOT, 'test-results', 'fuzz-requests.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stderr.write(`fuzz: ${JSON.stringify(summary)}\n`);

    expect(failures.slice(0, 20)).toEqual([]);
    // Bounded memory: no per-request state survives (generous margin for GC timing).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 2 ** 20);
    expect(outcomes).toHaveLength(ACTIVITIES + ASK_BODIES + RAW_JUNK);
    // The fuzz reached the turn logic too, not only the edge's rejections.
    expect(summary.statuses['/api/messages'][200] ?? 0).toBeGreaterThan(50);
    // What the bot logged: only replies that could not be posted (the unreachable serviceUrl
    // 127.0.0.1:1), never a crash in the turn logic on input that passed the edge.
    const unexpected = botLog.map((line) => line.split('\n')[0]).filter((line) => !/fetch failed|ursäkten kunde inte skickas/.test(line));
    expect([...new Set(unexpected)]).toEqual([]);

    // Both routes still answer a normal question.
    const ask = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hur många ambassadörer har förbundet?"}' });
    expect(ask.status).toBe(200);
    expect(((await ask.json()) as { answered: boolean }).answered).toBe(true);
    const before = channel.activities().length;
    const message = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'after-fuzz',
        channelId: 'msteams',
        serviceUrl: channel.url,
        from: { id: '29:member-1' },
        recipient: { id: '28:planboten-bot', name: 'Planboten' },
        conversation: { id: 'after-fuzz', conversationType: 'personal' },
        text: 'hur många ambassadörer har förbundet?',
      }),
    });
    expect(message.status).toBe(200);
    const reply = channel.activities().slice(before).find((a) => a.activity.type === 'message');
    expect(reply?.activity.text).toContain('ambassadörer');
    // About 20 s on an idle 2-core machine; the limit leaves room for a busy one.
  }, 240_000);
});
