import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import type { SectionView } from '../../../bot/teams/tab/readSection.js';
import type { SearchHit } from '../../../bot/teams/tab/searchSections.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

let retriever: Retriever;
let server: RunningServer;

beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
  server = await startServer({
    retriever,
    port: 0,
    host: '127.0.0.1',
    log: () => undefined,
    extraRoutes: teamsRoutes({ config: { credentials: undefined, publicBaseUrl: undefined }, log: () => undefined }),
  });
});
afterAll(() => server.close());

const search = async (q: string) => {
  const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: SearchHit[] }).results;
};

describe('GET /api/search', () => {
  it('finds sections with the matching words marked in a snippet', async () => {
    const results = await search('hyvling');
    expect(results[0]).toMatchObject({ id: 'vp-2025-2029/inledning/p4', sectionKey: 'vp-2025-2029/inledning', title: 'Inledning', plan: { title: 'Verksamhetsplan 2025–2029', period: '2025–2029', status: 'current' } });
    const marked = results[0].snippet.filter((p) => p.mark).map((p) => p.text.toLowerCase());
    expect(marked).toContain('hyvling');
    // The snippet is the passage's own text, cut, never rewritten.
    const text = results[0].snippet.map((p) => p.text).join('').replace(/^… | …$/g, '');
    expect(retriever.chunks.find((c) => c.id === results[0].id)!.text).toContain(text);
  });

  it('returns at most ten hits, one per section', async () => {
    const results = await search('förtroendevalda utbildning');
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(new Set(results.map((r) => r.sectionKey)).size).toBe(results.length);
  });

  it('marks words typed without å/ä/ö', async () => {
    const results = await search('fortroendevalda');
    expect(results[0].snippet.some((p) => p.mark && p.text.toLowerCase().startsWith('förtroendevald'))).toBe(true);
  });

  it('answers an empty query with no hits, and a long one with 400', async () => {
    expect(await search('  ')).toEqual([]);
    expect((await fetch(`${server.url}/api/search?q=${'a'.repeat(201)}`)).status).toBe(400);
  });

  it('is fast enough to search as the officer types', async () => {
    const started = performance.now();
    for (const q of ['stu', 'studi', 'studier', 'studier mål', 'ambassadörer', 'arbetsmiljö', 'klimat', 'lön', 'avtal', 'unga']) await search(q);
    expect((performance.now() - started) / 10).toBeLessThan(100);
  });
});

describe('GET /api/section', () => {
  it('opens the whole section of a chunk id, paragraphs numbered as cited, the asked one in focus', async () => {
    const response = await fetch(`${server.url}/api/section?id=${encodeURIComponent('vp-2025-2029/studier/p1')}`);
    expect(response.status).toBe(200);
    const section = (await response.json()) as SectionView;
    expect(section).toMatchObject({ key: 'vp-2025-2029/studier', title: 'Studier', path: ['Studier'], focus: 1, plan: { id: 'vp-2025-2029' } });
    expect(section.paragraphs[0]).toMatchObject({ number: 1 });
    expect(section.paragraphs[0].text).toContain('Förbundet har över 5 000 "ambassadörer"');
    const numbers = section.paragraphs.map((p) => p.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('joins a long paragraph that retrieval split into parts', async () => {
    const parts = retriever.chunks.filter((c) => c.id.startsWith('vp-2025-2029/forord/p1.'));
    expect(parts.length).toBeGreaterThan(1);
    const section = (await (await fetch(`${server.url}/api/section?id=vp-2025-2029/forord`)).json()) as SectionView;
    const first = section.paragraphs.find((p) => p.number === 1)!;
    for (const part of parts) expect(first.text).toContain(part.text);
    expect(section.focus).toBeUndefined();
  });

  it('numbers list items one by one', async () => {
    const section = (await (await fetch(`${server.url}/api/section?id=vp-2025-2029/inledning/p7-10`)).json()) as SectionView;
    const items = section.paragraphs.filter((p) => p.list);
    expect(items.map((p) => p.number)).toEqual([7, 8, 9, 10]);
    expect(items[0].text).toMatch(/^att kongressen beslutar/);
  });

  it('answers an unknown or malformed id with 404', async () => {
    expect((await fetch(`${server.url}/api/section?id=vp-2025-2029/finns-inte`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/section?id=${encodeURIComponent('<script>')}`)).status).toBe(404);
  });
});

describe('GET /tab and its assets', () => {
  it('may be framed by Teams, runs only same-origin scripts, and inserts no server text as HTML', async () => {
    const response = await fetch(`${server.url}/tab`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/\*\.teams\.microsoft\.com/);
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/\*\.office\.com/);
    expect(response.headers.get('x-frame-options')).toBeNull();
    const html = await response.text();
    for (const src of html.matchAll(/<script[^>]*src="([^"]+)"/g)) expect(src[1]).not.toMatch(/^(https?:)?\/\//);
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    const script = await (await fetch(`${server.url}/tab.js`)).text();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('serves teams-js from the package', async () => {
    const response = await fetch(`${server.url}/vendor/teams-js.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toContain('microsoftTeams');
  });
});
