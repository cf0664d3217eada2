import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/http/logger.js';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { teamsConfig } from '../../../bot/teams/teamsConfig.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex, rebuildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR, scratchDir } from '../../helpers/corpus.js';

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

describe('robustness over real HTTP', () => {
  // The seeded fuzzing of /api/ask and /api/messages lives in tests/fuzz/requests.fuzz.test.ts.

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

  it('exposes Prometheus metrics: requests, answered vs no answer, latency histogram, process and event loop', async () => {
    await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"recept på kanelbullar"}' });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/planboten_http_requests_total\{route="\/api\/ask",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/planboten_answers_total\{answered="false"\} \d+/);
    expect(text).toMatch(/planboten_http_request_duration_seconds_bucket\{le="\+Inf",route="\/api\/ask"\} \d+/);
    // prom-client's process metrics: CPU, memory, heap, event-loop lag.
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
    expect(text).toMatch(/^planboten_feedback_reactions\{reaction="like"\} 0$/m);
    // Unknown paths share one label, so clients cannot grow the label sets.
    await fetch(`${server.url}/wp-admin/${'x'.repeat(20)}`);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/planboten_http_requests_total\{route="other",method="GET",status="404"\} \d+/);
  });
});

describe('npm start', () => {
  it('finishes a request in flight on SIGTERM and exits 0', async () => {
    const { dir, cleanup } = scratchDir();
    try {
      const dataDir = join(dir, 'index');
      await rebuildIndex(CORPUS_DIR, dataDir);
      const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/start.ts')], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PLANBOTEN_DATA_DIR: dataDir, PLANBOTEN_FEEDBACK_DIR: join(dir, 'feedback'), LOG_LEVEL: 'warn' },
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
