import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { InputError } from '../../retrieval/errors.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { AnswerFunction } from '../answer/answerService.js';
import { composeAnswer } from '../answer/composeAnswer.js';
import { MAX_QUESTION_CHARS } from '../answer/cleanQuestion.js';
import { clientAddress } from './clientAddress.js';
import { sendError, sendJson } from './httpErrors.js';
import { createLogger, questionLoggingEnabled, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { readJsonBody } from './readJsonBody.js';
import { defaultServerConfig, type ServerConfig } from './serverConfig.js';
import { inProcessState, type SharedState } from '../state/sharedState.js';

/** The body of POST /api/ask. */
export const askRequestSchema = z.object({
  question: z.string(),
  /** Lets a client group its questions; letters, digits, "-" and "_" only. */
  conversationId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).optional(),
});

/** Handlers by path and method; a handler sends its own response (and may override the headers set before it). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
export type Routes = Record<string, Partial<Record<string, RouteHandler>>>;

export interface ServerOptions {
  /** The retriever, or a promise of it: the server listens at once and is ready when it resolves. */
  retriever: Retriever | Promise<Retriever>;
  config?: Partial<ServerConfig>;
  port?: number;
  host?: string;
  log?: (message: string) => void;
  /** Request logs (JSON, stderr by default). */
  logger?: Logger;
  /** The answer pipeline (follow-ups, a configured model); the extractive composeAnswer by default. */
  answer?: AnswerFunction;
  /** More routes, given the loaded retriever (or undefined while it loads): the Teams bot, the tab. */
  extraRoutes?: (getRetriever: () => Retriever | undefined) => Routes;
  /**
   * Rate-limit windows, feedback counts (for /metrics) and the health of the engine holding them
   * (for /readyz); in this process by default. `npm start` passes Redis or the feedback file.
   */
  state?: SharedState;
}

export interface RunningServer {
  url: string;
  server: Server;
  metrics: Metrics;
  isReady(): boolean;
  /**
   * Stops accepting connections, lets requests in flight finish (their connections close after
   * the response) and resolves when all are done; connections still open after
   * SHUTDOWN_TIMEOUT_MS are cut.
   */
  close(): Promise<void>;
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

function staticAsset(name: string): Buffer | undefined {
  const path = join(PROJECT_ROOT, 'bot', 'web', name);
  return existsSync(path) ? readFileSync(path) : undefined;
}

function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
}

/** The request's origin if it may call the API: the server's own, or one on the allow-list. */
function allowedOrigin(req: IncomingMessage, config: ServerConfig): string | undefined {
  const origin = req.headers.origin;
  if (!origin) return undefined;
  const own = req.headers.host ? [`http://${req.headers.host}`, `https://${req.headers.host}`] : [];
  return own.includes(origin) || config.ALLOWED_ORIGINS.includes(origin) ? origin : undefined;
}

/**
 * The HTTP server `npm start` runs: the answer API, the widget and its demo page, health and
 * readiness. Bad input always gets a 4xx JSON error and never reaches the answer code.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config = defaultServerConfig(options.config);
  const logger = options.logger ?? createLogger();
  const log = options.log ?? ((m: string) => logger.warn(m));
  const metrics = new Metrics();
  const state = options.state ?? inProcessState();
  const logQuestions = questionLoggingEnabled();
  /** What a request's log line says about its answer (never the question text). */
  const outcomes = new WeakMap<ServerResponse, { answered: boolean; topDocument?: string }>();
  const limiter = state.rateLimiter('ask', config.RATE_LIMIT_PER_MINUTE, config.RATE_LIMIT_BURST);
  let closing = false;
  /** Responses not yet finished: told to close their connection when the server shuts down. */
  const inFlight = new Set<ServerResponse>();
  const metricsError = (error: unknown) => logger.warn({ err: (error as Error).message }, 'metric unavailable');
  metrics.gauge('planboten_feedback_reactions', 'Thumbs up and down on answers (all instances when kept in Redis).', ['reaction'], async () => {
    const totals = await state.feedback.totals();
    return [
      [{ reaction: 'like' }, totals.like],
      [{ reaction: 'dislike' }, totals.dislike],
    ];
  }, metricsError);
  metrics.gauge('planboten_state_engine_up', 'Whether the engine holding shared state answers (1) or not (0); absent without one.', ['engine'], async () => {
    const health = await state.health();
    return health.redis ? [[{ engine: 'redis' }, health.redis === 'ok' ? 1 : 0]] : [];
  }, metricsError);
  const assets = { widget: staticAsset('widget.js'), demo: staticAsset('demo.html') };
  let retriever: Retriever | undefined;
  const loading = Promise.resolve(options.retriever).then((r) => {
    retriever = r;
  });
  loading.catch((error: unknown) => log(`Indexet kunde inte laddas: ${(error as Error).message}`));

  const routes: Routes = {
    ...options.extraRoutes?.(() => retriever),
    '/': {
      GET: (_req, res) => {
        if (!assets.demo) return sendError(res, 'NOT_FOUND');
        securityHeaders(res, PAGE_CSP);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(assets.demo);
      },
    },
    '/widget.js': {
      GET: (_req, res) => {
        if (!assets.widget) return sendError(res, 'NOT_FOUND');
        // Embedded on other sites: the script itself may be loaded cross-origin.
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'Cross-Origin-Resource-Policy': 'cross-origin' });
        res.end(assets.widget);
      },
    },
    '/healthz': { GET: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    '/metrics': {
      GET: async (_req, res) => {
        const body = await metrics.render();
        res.writeHead(200, { 'Content-Type': metrics.contentType, 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      },
    },
    // Ready once the index is loaded. A Redis outage is reported but keeps the instance ready:
    // it still answers, with its own memory, until Redis is back.
    '/readyz': { GET: async (_req, res) => sendJson(res, retriever ? 200 : 503, { ready: retriever !== undefined, ...(await state.health()) }) },
    '/api/ask': {
      OPTIONS: (_req, res) => {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' });
        res.end();
      },
      POST: async (req, res) => {
        const wait = await limiter.take(clientAddress(req, config.TRUST_PROXY));
        if (wait > 0) {
          req.resume();
          return sendError(res, 'RATE_LIMITED', { 'Retry-After': String(wait) });
        }
        const body = await readJsonBody(req, config.REQUEST_TIMEOUT_MS);
        if (!body.ok) {
          // A client too slow to send its body gets its answer and loses the connection.
          if (body.code === 'REQUEST_TIMEOUT') res.once('finish', () => req.socket.destroy());
          return sendError(res, body.code, body.code === 'REQUEST_TIMEOUT' ? { Connection: 'close' } : {});
        }
        const parsed = askRequestSchema.safeParse(body.value);
        if (!parsed.success) return sendError(res, 'INVALID_REQUEST');
        if (parsed.data.question.length > MAX_QUESTION_CHARS) return sendError(res, 'QUESTION_TOO_LONG');
        if (!retriever) return sendError(res, 'NOT_READY', { 'Retry-After': '2' });
        try {
          const answer = await (options.answer ?? composeAnswer)(retriever, parsed.data.question, { conversationId: parsed.data.conversationId });
          outcomes.set(res, { answered: answer.answered, topDocument: answer.citations[0]?.document.id });
          metrics.recordAnswer(answer.answered);
          // Opt-in only, and on a line of its own: no request, user or conversation id beside it.
          if (logQuestions) logger.info({ question: answer.question, answered: answer.answered }, 'question');
          sendJson(res, 200, answer);
        } catch (error) {
          if (error instanceof InputError) return sendError(res, /lång/.test(error.message) ? 'QUESTION_TOO_LONG' : 'EMPTY_QUESTION');
          throw error;
        }
      },
    },
  };

  // Timeouts are checked every second rather than Node's default 30 s, so slow clients go quickly.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reqId = randomUUID();
    const started = performance.now();
    const routeLabel = routes[path] ? path : 'other';
    res.setHeader('X-Request-Id', reqId);
    // While shutting down, each response ends its connection, so keep-alive clients move elsewhere.
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    res.on('finish', () => {
      // A keep-alive connection whose request was in flight when shutdown began: close it now
      // rather than after the keep-alive timeout.
      if (closing) req.socket.end();
      const ms = performance.now() - started;
      metrics.recordRequest(routeLabel, req.method ?? 'GET', res.statusCode, ms / 1000);
      logger.info({ reqId, method: req.method, route: routeLabel, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...outcomes.get(res) }, 'request');
    });
    securityHeaders(res, API_CSP);
    const origin = allowedOrigin(req, config);
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
    }
    res.setHeader('Vary', 'Origin');
    const route = routes[path];
    const handler = route?.[req.method ?? 'GET'];
    const run = async () => {
      if (!route) return sendError(res, 'NOT_FOUND');
      if (!handler) return sendError(res, 'METHOD_NOT_ALLOWED', { Allow: Object.keys(route).join(', ') });
      await handler(req, res);
    };
    run().catch((error: unknown) => {
      // The detail goes to the log, never the question text; the client gets a plain apology.
      logger.error({ reqId, route: routeLabel, err: (error as Error).stack ?? String(error) }, 'request failed');
      sendError(res, 'INTERNAL');
    });
  });
  // Slow clients must not hold connections (slowloris): a deadline for headers and for the whole request.
  server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(config.HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS);
  server.keepAliveTimeout = 5_000;
  // Requests Node's parser rejects (bad request lines, oversized headers) still get a JSON error.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const code = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({
      error: {
        code: code === 431 ? 'HEADERS_TOO_LARGE' : code === 408 ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST',
        message: code === 431 ? 'Begärans rubriker är för stora.' : code === 408 ? 'Begäran tog för lång tid.' : 'Felaktig begäran.',
        messageEn: code === 431 ? 'Request headers too large.' : code === 408 ? 'Request timed out.' : 'Bad request.',
      },
    });
    const status = code === 431 ? 'Request Header Fields Too Large' : code === 408 ? 'Request Timeout' : 'Bad Request';
    socket.end(`HTTP/1.1 ${code} ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.PORT, options.host ?? config.HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`,
    server,
    metrics,
    isReady: () => retriever !== undefined,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const deadline = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
