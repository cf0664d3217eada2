import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildIndex } from '../../retrieval/store/indexStore.js';
import { copyCorpus, scratchDir } from '../helpers/corpus.js';
import { startServerProcess, stopChild } from './processes.js';

/** Each test starts real processes (tsx start-up included): allow for a busy machine. */
const SPAWNS_PROCESSES = { timeout: 120_000 };

/**
 * SIGTERM while the server is answering a steady stream of questions: the requests in flight get
 * their answers, new connections are refused, the process exits 0.
 */

let root: string;
let corpusDir: string;
let dataDir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir: root, cleanup } = scratchDir());
  corpusDir = copyCorpus(root);
  dataDir = join(root, 'data', 'index');
  await rebuildIndex(corpusDir, dataDir, undefined, undefined, { log: () => undefined });
});
afterAll(() => cleanup());

const QUESTIONS = ['hur många ambassadörer har förbundet?', 'vad säger planen om hyvling?', 'arbetsmiljö', 'studier för förtroendevalda'];

/**
 * A POST /api/ask that is certainly in flight: it asks `Expect: 100-continue`, so the server's
 * "100 Continue" proves it has accepted the connection and read the headers; then half the body
 * is sent, the rest on `finish()`. Resolves `accepted` once the server has answered 100.
 */
function requestInFlight(port: number, question: string): { accepted: Promise<void>; finish(): Promise<string> } {
  const body = JSON.stringify({ question });
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let markAccepted: () => void = () => undefined;
  const accepted = new Promise<void>((resolve) => (markAccepted = resolve));
  socket.on('data', (d) => {
    text += String(d);
    if (/^HTTP\/1\.1 100 /.test(text)) {
      if (!text.includes('\r\n\r\n')) return;
      socket.write(body.slice(0, 8));
      text = text.slice(text.indexOf('\r\n\r\n') + 4);
      markAccepted();
    }
  });
  const closed = new Promise<string>((resolve, reject) => {
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  socket.write(`POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
  return {
    accepted,
    finish: () => {
      socket.write(body.slice(8));
      return closed;
    },
  };
}

/** One complete request on a new connection: its status, or the connection error's code. */
function askOnce(port: number, question: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/ask', method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'ERROR'));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'ERROR'));
    req.end(JSON.stringify({ question }));
  });
}

/** Resolves once a new TCP connection to the port is refused. */
async function refusedAfter(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('SIGTERM under load', SPAWNS_PROCESSES, () => {
  it('finishes the requests in flight, refuses new connections and exits 0', async () => {
    const server = await startServerProcess({ dataDir, corpusDir });
    try {
      await server.ready();
      const port = Number(new URL(server.url).port);

      // Steady load: four clients asking one question after another, each on a new connection.
      const results: (number | string)[] = [];
      let loadRunning = true;
      const clients = Array.from({ length: 4 }, async (_, i) => {
        for (let n = 0; loadRunning; n += 1) {
          const result = await askOnce(port, QUESTIONS[(i + n) % QUESTIONS.length]);
          results.push(result);
          if (result === 'ECONNREFUSED') return;
        }
      });
      const loadDeadline = Date.now() + 20_000;
      while (results.filter((r) => r === 200).length < 20 && Date.now() < loadDeadline) {
        if (results.some((r) => r !== 200)) throw new Error(`the server failed under load before SIGTERM: ${results.join(', ')}\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 20));
      }

      const inFlight = QUESTIONS.flatMap((q) => [requestInFlight(port, q), requestInFlight(port, q)]);
      await Promise.all(inFlight.map((r) => r.accepted));
      server.child.kill('SIGTERM');

      expect(await refusedAfter(port, 10_000)).toBe(true);
      const responses = await Promise.all(inFlight.map((r) => r.finish()));
      loadRunning = false;
      await Promise.all(clients);

      for (const response of responses) {
        expect(response).toMatch(/^HTTP\/1\.1 200 /);
        expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))).toMatchObject({ answered: expect.any(Boolean) });
      }
      expect(await server.exited).toEqual({ code: 0, signal: null });
      // Under load: every answer the clients got was a 200; after SIGTERM they could not connect.
      const statuses = results.filter((r): r is number => typeof r === 'number');
      expect(statuses.length).toBeGreaterThanOrEqual(20);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(results.filter((r) => typeof r === 'string' && r !== 'ECONNREFUSED' && r !== 'ECONNRESET')).toEqual([]);
    } finally {
      await stopChild(server);
    }
  });
});
