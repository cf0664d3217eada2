import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seededRandom.js';
import { createLogger } from '../../../bot/http/logger.js';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { teamsConfig } from '../../../bot/teams/teamsConfig.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex, rebuildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR, scratchDir } from '../../helpers/corpus.js';
import { rawRequest } from '../../helpers/rawHttp.js';

let retriever: Retriever;
let server: RunningServer;
const logLines: string[] = [];

beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  server = await startServer({
    retriever,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ LOG_LEVEL: 'info' }, sink),
    config: { RATE_LIMIT_BURST: 100_000, RATE_LIMIT_PER_MINUTE: 100_000, REQUEST_TIMEOUT_MS: 1_500, HEADERS_TIMEOUT_MS: 1_000 },
    // The Teams bot's endpoint, unauthenticated (Emulator mode) as on a developer's machine.
    extraRoutes: teamsRoutes({ config: teamsConfig({}), log: () => undefined }),
  });
});
afterAll(() => server.close());

/** One bad request of a random kind, as raw HTTP bytes. */
function badRequest(rand: () => number, path: string): Buffer {
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
  const kind = Math.floor(rand() * 9);
  let body: Buffer = Buffer.alloc(0);
  let type = 'application/json';
  const extraHeaders: string[] = [];
  switch (kind) {
    case 0:
      body = bytes(1 + Math.floor(rand() * 400));
      break;
    case 1: {
      const full = JSON.stringify({ question: 'Vad säger planen om hyvling?', conversationId: 'abc' });
      body = Buffer.from(full.slice(0, Math.floor(rand() * (full.length - 1))));
      break;
    }
    case 2: {
      const depth = 100 + Math.floor(rand() * 5000);
      body = Buffer.from(`${'{"question":'.repeat(1)}${'['.repeat(depth)}${']'.repeat(depth)}}`);
      break;
    }
    case 3:
      body = Buffer.from(JSON.stringify({ question: 'å'.repeat(1001 + Math.floor(rand() * 20_000)) }));
      break;
    case 4:
      type = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/jsonp']);
      body = Buffer.from('question=hyvling');
      break;
    case 5:
      body = Buffer.from(JSON.stringify({ question: pick([42, null, true, ['a'], { q: 1 }, '']), conversationId: pick(['\u0000', '../etc', 'x'.repeat(200), undefined]) }));
      break;
    case 6:
      body = Buffer.from(`{"question": "${pick(['\\ud800', '\u202e\u2066', '\u0000\u0000', '\\u0000'])}${'\u0000'.repeat(Math.floor(rand() * 5))}"`);
      break;
    case 7:
      extraHeaders.push(`X-Long: ${'a'.repeat(1000 + Math.floor(rand() * 30_000))}`);
      body = Buffer.from('{"question": 1}');
      break;
    default:
      return Buffer.concat([Buffer.from(`${pick(['GET', 'POST', 'BREW', 'PUT'])} ${path}${pick(['', '?x', '%00', '/..'])} HTTP/1.1\r\n`), bytes(20), Buffer.from('\r\n\r\n')]);
  }
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${body.length}`, ...(type ? [`Content-Type: ${type}`] : []), ...extraHeaders, 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head), body]);
}

describe('robustness over real HTTP', () => {
  it('answers 2,000 generated bad requests to /api/ask and /api/messages with JSON 4xx errors, never 5xx, and still answers afterwards', async () => {
    const rand = seededRandom(20261122);
    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 40; batch++) {
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => rawRequest(server.url, badRequest(rand, i % 2 === 0 ? '/api/ask' : '/api/messages'))));
      for (const response of responses) {
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, response.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect((JSON.parse(response.body) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
      }
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    const ok = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hyvling"}' });
    expect(ok.status).toBe(200);
    // Bounded memory: no per-request state survives (generous margin for GC timing).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 2 ** 20);
  });

  it('times out slow clients without starving others', async () => {
    const { hostname, port } = new URL(server.url);
    const slow = Array.from({ length: 20 }, () => {
      const socket = connect(Number(port), hostname);
      socket.on('error', () => undefined);
      socket.resume(); // read (and drop) the 408, so the close is seen
      const closed = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 6_000);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      socket.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"quest');
      return closed;
    });
    const started = performance.now();
    const response = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"studier"}' });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    const closed = await Promise.all(slow);
    expect(closed.every(Boolean)).toBe(true);
  });

  it('logs each request as JSON with route, status and outcome, but never the question text', async () => {
    await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'hyvling xyzzyhemligt', conversationId: 'konv-42' }) });
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ask = lines.filter((l) => l.route === '/api/ask' && l.status === 200);
    expect(ask.length).toBeGreaterThan(0);
    expect(ask.at(-1)).toMatchObject({ method: 'POST', answered: expect.any(Boolean), reqId: expect.any(String), ms: expect.any(Number) });
    expect(logLines.join('\n')).not.toContain('xyzzyhemligt');
    expect(logLines.join('\n')).not.toContain('konv-42');
  });

  it('exposes Prometheus metrics: requests, answered vs no answer, latency histogram', async () => {
    await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"recept på kanelbullar"}' });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/planboten_http_requests_total\{route="\/api\/ask",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/planboten_answers_total\{answered="false"\} \d+/);
    expect(text).toMatch(/planboten_http_request_duration_seconds_bucket\{route="\/api\/ask",le="\+Inf"\} \d+/);
  });
});

describe('npm start', () => {
  it('finishes a request in flight on SIGTERM and exits 0', async () => {
    const { dir, cleanup } = scratchDir();
    try {
      const dataDir = join(dir, 'index');
      await rebuildIndex(CORPUS_DIR, dataDir);
      const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/start.ts')], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PLANBOTEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start: ${stderr}`)), 20_000);
        child.stderr.on('data', (d) => {
          stderr += String(d);
          const match = /redo att svara/.test(stderr) && /(http:\/\/[^\s]+) —/.exec(stderr);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname);
      const body = '{"question":"hur många ambassadörer har förbundet?"}';
      const response = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (d) => (text += String(d)));
        socket.on('close', () => resolve(text));
      });
      socket.write(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
      await new Promise((r) => setTimeout(r, 200));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      socket.write(body.slice(10));
      expect(await response).toMatch(/^HTTP\/1.1 200/);
      expect(await exited).toBe(0);
    } finally {
      cleanup();
    }
  });
});
