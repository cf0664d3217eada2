import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Retriever } from '../../../retrieval/retriever.js';
import { sendError, sendJson } from '../../http/httpErrors.js';
import type { Routes } from '../../http/server.js';
import { clientAddress, type TrustProxy } from '../../http/clientAddress.js';
import { RateLimiter } from '../../http/rateLimiter.js';
import { compareSection, comparePlans, defaultComparedPlan } from './compareSections.js';
import { readSection } from './readSection.js';
import { MAX_QUERY_CHARS, searchSections } from './searchSections.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Where Teams (web, desktop, Outlook and Microsoft 365 hosts) frames a tab from. */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.live.com',
  'https://*.teams.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://outlook.live.com',
];

/**
 * The tab page's policy: only this server's scripts and styles, API calls to this server (and
 * the list of Teams origins that teams-js fetches, with a built-in fallback), framed by Teams.
 */
export const TAB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https://res.cdn.office.net",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

const searchQuerySchema = z.string().trim().max(MAX_QUERY_CHARS);
/** Chunk ids and section keys: "vp-2025-2029/studier/p3.2", "sthlm-2018/9-arbetsmiljoarbete". */
const sectionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9~./-]{0,300}$/);

/** Options for the tab's routes. */
export interface TabRouteOptions {
  /** Take the client address from X-Forwarded-For for rate limiting (only behind a proxy you control). */
  trustProxy?: TrustProxy;
  /** Searches per minute per client; instant search sends one per pause in typing. */
  searchesPerMinute?: number;
}

function asset(name: string): Buffer {
  return readFileSync(join(HERE, name));
}

/** teams-js's browser bundle, as its package.json names it. */
function teamsJsBundle(): Buffer {
  return readFileSync(createRequire(import.meta.url).resolve('@microsoft/teams-js'));
}

function sendAsset(res: ServerResponse, body: Buffer, type: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'public, max-age=300' });
  res.end(body);
}

function queryParam(req: IncomingMessage, name: string): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get(name);
}

/**
 * The "Planerna" tab: the page (`/tab`; `/tab/` redirects there) and its assets, and the JSON
 * endpoints it uses — `GET /api/search?q=` (sections that mention the words, then related ones),
 * `GET /api/section?id=` (a whole section, paragraphs numbered; id is a chunk id or a section key)
 * and `GET /api/compare[?id=]` (a section beside its counterpart in the other plan version, or
 * without id the list of paired sections).
 */
export function tabRoutes(getRetriever: () => Retriever | undefined, options: TabRouteOptions = {}): Routes {
  const page = asset('tab.html');
  const script = asset('tab.js');
  const style = asset('tab.css');
  const teamsJs = teamsJsBundle();
  const limiter = new RateLimiter(options.searchesPerMinute ?? 300, 60);
  const limited = (req: IncomingMessage, res: ServerResponse): boolean => {
    const wait = limiter.take(clientAddress(req, options.trustProxy ?? false));
    if (wait > 0) sendError(res, 'RATE_LIMITED', { 'Retry-After': String(wait) });
    return wait > 0;
  };

  return {
    '/tab': {
      GET: (_req, res) => {
        res.setHeader('Content-Security-Policy', TAB_CSP);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(page);
      },
    },
    // Relative links in the page (tab.js, api/…) need the address without the slash.
    '/tab/': {
      GET: (req, res) => {
        const search = new URL(req.url ?? '/', 'http://localhost').search;
        res.writeHead(308, { Location: `../tab${search}`, 'Content-Length': 0 });
        res.end();
      },
    },
    '/tab.js': { GET: (_req, res) => sendAsset(res, script, 'text/javascript; charset=utf-8') },
    '/tab.css': { GET: (_req, res) => sendAsset(res, style, 'text/css; charset=utf-8') },
    '/vendor/teams-js.js': { GET: (_req, res) => sendAsset(res, teamsJs, 'text/javascript; charset=utf-8') },
    '/api/search': {
      GET: async (req, res) => {
        if (limited(req, res)) return;
        const parsed = searchQuerySchema.safeParse(queryParam(req, 'q') ?? '');
        if (!parsed.success) {
          return sendJson(res, 400, { error: { code: 'QUERY_TOO_LONG', message: `Söktexten är för lång (högst ${MAX_QUERY_CHARS} tecken).` } });
        }
        const retriever = getRetriever();
        if (!retriever) return sendError(res, 'NOT_READY', { 'Retry-After': '2' });
        const results = parsed.data === '' ? { query: '', words: [], mentions: { total: 0, hits: [] }, related: [] } : await searchSections(retriever, parsed.data);
        sendJson(res, 200, results, { 'Cache-Control': 'no-store' });
      },
    },
    '/api/section': {
      GET: (req, res) => {
        if (limited(req, res)) return;
        const parsed = sectionIdSchema.safeParse(queryParam(req, 'id') ?? '');
        if (!parsed.success) return sendError(res, 'NOT_FOUND');
        const retriever = getRetriever();
        if (!retriever) return sendError(res, 'NOT_READY', { 'Retry-After': '2' });
        const section = readSection(retriever, parsed.data);
        if (!section) return sendError(res, 'NOT_FOUND');
        sendJson(res, 200, section, { 'Cache-Control': 'no-store' });
      },
    },
    '/api/compare': {
      GET: (req, res) => {
        if (limited(req, res)) return;
        const id = queryParam(req, 'id');
        const retriever = getRetriever();
        if (id === null || id === '') {
          if (!retriever) return sendError(res, 'NOT_READY', { 'Retry-After': '2' });
          const plan = defaultComparedPlan(retriever);
          const plans = plan ? comparePlans(retriever, plan) : undefined;
          if (!plans) return sendError(res, 'NOT_FOUND');
          return sendJson(res, 200, plans, { 'Cache-Control': 'no-store' });
        }
        const parsed = sectionIdSchema.safeParse(id);
        if (!parsed.success) return sendError(res, 'NOT_FOUND');
        if (!retriever) return sendError(res, 'NOT_READY', { 'Retry-After': '2' });
        const comparison = compareSection(retriever, parsed.data);
        if (!comparison) return sendError(res, 'NOT_FOUND');
        sendJson(res, 200, comparison, { 'Cache-Control': 'no-store' });
      },
    },
  };
}
