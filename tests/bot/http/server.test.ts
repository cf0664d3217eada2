import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../../bot/answer/answerSchema.js';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

let retriever: Retriever;
let server: RunningServer;
const quiet = () => undefined;

beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
  server = await startServer({ retriever, port: 0, host: '127.0.0.1', log: quiet, config: { ALLOWED_ORIGINS: ['https://www.seko.se'], RATE_LIMIT_BURST: 1000 } });
});
afterAll(() => server.close());

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/api/ask`, { method: 'POST', headers, body });

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string; messageEn: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.messageEn.length).toBeGreaterThan(0);
}

describe('POST /api/ask', () => {
  it('returns the same Answer JSON as the CLI', async () => {
    const response = await post(JSON.stringify({ question: 'hur många ambassadörer har förbundet?', conversationId: 'abc-123' }));
    expect(response.status).toBe(200);
    const answer = answerSchema.parse(await response.json());
    expect(answer.answered).toBe(true);
    expect(answer.citations[0].document.id).toBe('vp-2025-2029');
  });

  it.each([
    ['malformed JSON', '{"question": ', 400, 'INVALID_JSON'],
    ['a missing question', '{"fråga": "hyvling"}', 400, 'INVALID_REQUEST'],
    ['a question that is not a string', '{"question": 42}', 400, 'INVALID_REQUEST'],
    ['a JSON array', '["hyvling"]', 400, 'INVALID_REQUEST'],
    ['an empty question', '{"question": "  \\u0000 "}', 400, 'EMPTY_QUESTION'],
    ['a question over 1,000 characters', JSON.stringify({ question: 'x'.repeat(1001) }), 413, 'QUESTION_TOO_LONG'],
    ['a body over 16 KiB', JSON.stringify({ question: 'hyvling', padding: 'x'.repeat(17_000) }), 413, 'BODY_TOO_LARGE'],
    ['a bad conversation id', JSON.stringify({ question: 'hyvling', conversationId: '<script>' }), 400, 'INVALID_REQUEST'],
  ])('answers %s with a JSON error', async (_label, body, status, code) => {
    await expectError(await post(body), status, code);
  });

  it('rejects other content types with 415', async () => {
    await expectError(await post('question=hyvling', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers other methods with 405 and the allowed ones', async () => {
    const response = await fetch(`${server.url}/api/ask`, { method: 'PUT' });
    expect(response.headers.get('allow')).toBe('OPTIONS, POST');
    await expectError(response, 405, 'METHOD_NOT_ALLOWED');
  });

  it('answers unknown routes with a JSON 404', async () => {
    await expectError(await fetch(`${server.url}/wp-admin`), 404, 'NOT_FOUND');
  });

  it('sends security headers on every response', async () => {
    for (const path of ['/healthz', '/nope', '/']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src");
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('allows CORS only from the allow-list and the server’s own origin', async () => {
    const from = (origin: string) => post(JSON.stringify({ question: 'hyvling' }), { 'content-type': 'application/json', origin });
    expect((await from('https://www.seko.se')).headers.get('access-control-allow-origin')).toBe('https://www.seko.se');
    expect((await from(server.url)).headers.get('access-control-allow-origin')).toBe(server.url);
    expect((await from('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client’s bucket is empty', async () => {
    const limited = await startServer({ retriever, port: 0, host: '127.0.0.1', log: quiet, config: { RATE_LIMIT_BURST: 2, RATE_LIMIT_PER_MINUTE: 6 } });
    try {
      const ask = () => fetch(`${limited.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hyvling"}' });
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(200);
      const third = await ask();
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await expectError(third, 429, 'RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});

describe('health and readiness', () => {
  it('is healthy at once and ready only when the index is loaded', async () => {
    let resolve!: (r: Retriever) => void;
    const pending = new Promise<Retriever>((r) => (resolve = r));
    const starting = await startServer({ retriever: pending, port: 0, host: '127.0.0.1', log: quiet });
    try {
      expect((await fetch(`${starting.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${starting.url}/readyz`)).status).toBe(503);
      await expectError(await fetch(`${starting.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hyvling"}' }), 503, 'NOT_READY');
      resolve(retriever);
      await pending;
      await new Promise((r) => setTimeout(r, 10));
      expect(await (await fetch(`${starting.url}/readyz`)).json()).toEqual({ ready: true });
    } finally {
      await starting.close();
    }
  });
});
