import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../bot/answer/answerSchema.js';
import { createLogger } from '../../../bot/http/logger.js';
import { startServer } from '../../../bot/http/server.js';
import type { Retriever } from '../../../retrieval/retriever.js';

/** The answer is beside the point here: a fixed one keeps the test about the connection. */
const answer = async (_retriever: Retriever, question: string): Promise<Answer> => ({ question, answered: true, outcome: 'answer', answer: 'Svar.', citations: [], language: 'sv', suggestions: [] });

describe('closing the server', () => {
  it('lets a keep-alive request in flight finish, closes its connection after the response, and resolves without waiting out the keep-alive timeout', async () => {
    const server = await startServer({ retriever: {} as Retriever, port: 0, host: '127.0.0.1', logger: createLogger({ LOG_LEVEL: 'silent' }), answer });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    const socketClosed = new Promise((resolve) => socket.on('close', resolve));
    const body = '{"question":"hyvling"}';
    // HTTP/1.1 without "Connection: close": a keep-alive client, as browsers and load balancers are.
    socket.write(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const closed = server.close();
    // New connections are refused at once.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    socket.write(body.slice(5));
    await socketClosed;
    await closed;
    expect(text).toMatch(/^HTTP\/1.1 200/);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(text).toContain('"answer":"Svar."');
    // The keep-alive timeout is 5 s; a generous bound well below it.
    expect(performance.now() - started).toBeLessThan(4_000);
  });
});
