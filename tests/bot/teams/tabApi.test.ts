import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { readSection, type SectionView } from '../../../bot/teams/tab/readSection.js';
import type { PlanComparison, SectionComparison } from '../../../bot/teams/tab/compareSections.js';
import type { SearchResults } from '../../../bot/teams/tab/searchSections.js';
import { tabRoutes } from '../../../bot/teams/tab/tabRoutes.js';
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
    // The tab's routes alone: teamsRoutes mounts these same routes beside the bot.
    extraRoutes: (getRetriever) => tabRoutes(getRetriever),
  });
});
afterAll(() => server.close());

const search = async (q: string) => {
  const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchResults;
};

/** Whether a chunk's text holds a word (case aside). */
const holds = (id: string, word: RegExp) => word.test(retriever.chunks.find((c) => c.id === id)!.text);

describe('GET /api/search', () => {
  it('lists exactly the sections that mention a word, counted, with the word marked in a snippet', async () => {
    const results = await search('hyvling');
    // "hyvling" occurs in two sections of the plans (the Inledning of both national plans), nowhere else.
    const containing = new Set(retriever.chunks.filter((c) => /hyvling/i.test(c.text)).map((c) => c.id.replace(/\/p[\d.-]+$/, '')));
    expect(containing.size).toBe(2);
    expect(results.mentions.total).toBe(2);
    expect(new Set(results.mentions.hits.map((h) => h.sectionKey))).toEqual(containing);
    expect(results.words).toEqual(['hyvling']);
    expect(results.mentions.hits[0]).toMatchObject({ id: 'vp-2025-2029/inledning/p4', sectionKey: 'vp-2025-2029/inledning', title: 'Inledning', match: 'exact', plan: { title: 'Verksamhetsplan 2025–2029', period: '2025–2029', status: 'current' } });
    const marked = results.mentions.hits[0].snippet.filter((p) => p.mark).map((p) => p.text.toLowerCase());
    expect(marked).toContain('hyvling');
    // The snippet is the passage's own text, cut, never rewritten.
    const text = results.mentions.hits[0].snippet.map((p) => p.text).join('').replace(/^… | …$/g, '');
    expect(retriever.chunks.find((c) => c.id === results.mentions.hits[0].id)!.text).toContain(text);
    // No unmarked neighbours: related sections, if any, are a separate list and never mention it.
    for (const hit of results.related) expect(holds(hit.id, /hyvling/i)).toBe(false);
  });

  it('puts exact matches before other forms and near spellings, and says how the word is written there', async () => {
    const misspelt = await search('hyvlning');
    expect(misspelt.mentions.total).toBe(2);
    expect(misspelt.mentions.hits.every((h) => h.match === 'near' && h.words.includes('hyvling'))).toBe(true);

    const results = await search('arbetsmiljö');
    const matches = results.mentions.hits.map((h) => h.match);
    expect(matches).toContain('exact');
    expect(matches).toContain('near');
    expect(matches.indexOf('near')).toBeGreaterThan(matches.lastIndexOf('exact'));
    const near = results.mentions.hits.find((h) => h.match === 'near')!;
    // A near match holds the word only inside a compound or another form.
    expect(near.words.some((w) => w !== 'arbetsmiljö' && w.includes('arbetsmiljö'))).toBe(true);
  });

  it('says a word occurs nowhere, and lists related sections apart', async () => {
    // "semester" is not in the plans; the glossary links it to the plans' words on working conditions.
    expect(retriever.chunks.some((c) => /semester/i.test(c.text))).toBe(false);
    const results = await search('semester');
    expect(results.mentions).toEqual({ total: 0, hits: [] });
    expect(results.related.length).toBeGreaterThan(0);
    expect(results.related.every((h) => h.match === 'related')).toBe(true);
    expect(new Set(results.related.map((h) => h.sectionKey)).size).toBe(results.related.length);

    // A word with no lexical link at all gets no related sections either.
    const none = await search('kanelbullar');
    expect(none).toMatchObject({ mentions: { total: 0, hits: [] }, related: [] });
  });

  it('requires every searched word and drops question framing', async () => {
    const both = await search('förtroendevalda utbildning');
    expect(both.words).toEqual(['förtroendevalda', 'utbildning']);
    expect(both.mentions.total).toBeGreaterThan(0);
    expect(new Set(both.mentions.hits.map((h) => h.sectionKey)).size).toBe(both.mentions.hits.length);
    const alone = await search('förtroendevalda');
    expect(alone.mentions.total).toBeGreaterThan(both.mentions.total);

    const question = await search('vad säger planen om hyvling?');
    expect(question.words).toEqual(['hyvling']);
    expect(question.mentions.total).toBe(2);
  });

  it('marks words typed without å/ä/ö', async () => {
    const results = await search('fortroendevalda');
    expect(results.mentions.hits[0].snippet.some((p) => p.mark && p.text.toLowerCase().startsWith('förtroendevald'))).toBe(true);
  });

  it('answers an empty query with no hits, and a long one with 400', async () => {
    expect(await search('  ')).toEqual({ query: '', words: [], mentions: { total: 0, hits: [] }, related: [] });
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

  it('numbers a list as one paragraph, as citations do, with its items in order', async () => {
    const section = (await (await fetch(`${server.url}/api/section?id=vp-2025-2029/inledning/p7`)).json()) as SectionView;
    const lists = section.paragraphs.filter((p) => p.list);
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ number: 7, chunkId: 'vp-2025-2029/inledning/p7' });
    expect(lists[0].items).toHaveLength(4);
    expect(lists[0].items[0]).toMatch(/^att kongressen beslutar/);
    expect(section.focus).toBe(7);
    // The citation of that list says "stycke 7" and quotes exactly the paragraph the tab shows as 7.
    const chunk = retriever.chunks.find((c) => c.id === 'vp-2025-2029/inledning/p7')!;
    expect(chunk.paragraph).toBe(7);
    expect(lists[0].text).toBe(chunk.text);
  });

  it('agrees with every chunk: the paragraph a citation names holds the quoted text', async () => {
    // Directly, not over HTTP: every chunk would exceed the tab's rate limit.
    for (const chunk of retriever.chunks) {
      const section = readSection(retriever, chunk.id)!;
      const paragraph = section.paragraphs.find((p) => p.number === chunk.paragraph)!;
      expect(paragraph.text, chunk.id).toContain(chunk.text);
      expect(section.focus).toBe(chunk.paragraph);
    }
  });

  it('joins a long list that retrieval split into parts', async () => {
    const parts = retriever.chunks.filter((c) => c.id.startsWith('sthlm-2018/4-ungdomsverksamhet/p1.'));
    expect(parts.length).toBe(2);
    const section = (await (await fetch(`${server.url}/api/section?id=sthlm-2018/4-ungdomsverksamhet/p1.2`)).json()) as SectionView;
    expect(section.paragraphs).toHaveLength(1);
    expect(section.paragraphs[0].items).toEqual(parts.flatMap((p) => p.text.split('\n')));
    expect(section.focus).toBe(1);
  });

  it('answers an unknown or malformed id with 404', async () => {
    expect((await fetch(`${server.url}/api/section?id=vp-2025-2029/finns-inte`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/section?id=${encodeURIComponent('<script>')}`)).status).toBe(404);
  });
});

describe('GET /api/compare', () => {
  it('pairs the sections of the current plan with the previous one, by heading or by content, and lists the rest as one-plan-only', async () => {
    const response = await fetch(`${server.url}/api/compare`);
    expect(response.status).toBe(200);
    const plans = (await response.json()) as PlanComparison;
    expect(plans.current.id).toBe('vp-2025-2029');
    expect(plans.previous.id).toBe('vp-2021-2025');
    const studier = plans.pairs.find((p) => p.current?.key === 'vp-2025-2029/studier')!;
    expect(studier).toMatchObject({ previous: { key: 'vp-2021-2025/studier' }, matchedBy: 'heading' });
    // Headings that differ only in the years are the same section.
    expect(plans.pairs.find((p) => p.current?.key === 'vp-2025-2029/verksamhetsplan-2025-2029')).toMatchObject({ previous: { key: 'vp-2021-2025/verksamhetsplan-2021-2025' }, matchedBy: 'heading' });
    // Each section of either plan appears exactly once.
    const currentKeys = plans.pairs.flatMap((p) => (p.current ? [p.current.key] : []));
    const previousKeys = plans.pairs.flatMap((p) => (p.previous ? [p.previous.key] : []));
    expect(new Set(currentKeys).size).toBe(currentKeys.length);
    expect(new Set(previousKeys).size).toBe(previousKeys.length);
    expect(plans.pairs.some((p) => p.previous && !p.current)).toBe(true);
  });

  it('puts a section beside its counterpart with the changed words marked on both sides', async () => {
    const response = await fetch(`${server.url}/api/compare?id=${encodeURIComponent('vp-2025-2029/studier/p1')}`);
    expect(response.status).toBe(200);
    const c = (await response.json()) as SectionComparison;
    expect(c.sides.current).toMatchObject({ key: 'vp-2025-2029/studier', plan: { id: 'vp-2025-2029' } });
    expect(c.sides.previous).toMatchObject({ key: 'vp-2021-2025/studier', plan: { id: 'vp-2021-2025' } });
    const changed = (side: 'current' | 'previous') => c.sides[side]!.paragraphs.flatMap((p) => p.parts.filter((x) => x.changed).map((x) => x.text));
    // 6 000 ambassadors then, 5 000 now.
    expect(changed('previous')).toContain('6');
    expect(changed('current')).toContain('5');
    // The texts are the sections' own, whole.
    const text = (side: 'current' | 'previous') => c.sides[side]!.paragraphs.map((p) => p.parts.map((x) => x.text).join('')).join(' ');
    expect(text('current')).toContain('Förbundet har över 5 000 "ambassadörer"');
    expect(c.copyText).toContain('Verksamhetsplan 2025–2029 (2025–2029, gällande plan), avsnitt Studier:');
    expect(c.copyText).toContain('Förbundets verksamhetsplan 2021–2025 (2021–2025, tidigare plan), avsnitt Studier:');
    expect(c.copyText).toContain('Stycke 1: Kunniga och närvarande förtroendevalda');
  });

  it('says when a section exists in one plan only', async () => {
    const plans = (await (await fetch(`${server.url}/api/compare`)).json()) as PlanComparison;
    const onlyOld = plans.pairs.find((p) => p.previous && !p.current)!;
    const c = (await (await fetch(`${server.url}/api/compare?id=${encodeURIComponent(onlyOld.previous!.key)}`)).json()) as SectionComparison;
    expect(c.onlyIn).toBe('previous');
    expect(c.sides.current).toBeUndefined();
    expect(c.sides.previous!.changedWords).toBe(0);
    expect(c.copyText).toContain('Avsnittet finns bara i Förbundets verksamhetsplan 2021–2025');
  });

  it('answers a section without another plan version, or an unknown id, with 404', async () => {
    expect((await fetch(`${server.url}/api/compare?id=sthlm-2018/9-arbetsmiljoarbete`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/compare?id=vp-2025-2029/finns-inte`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/compare?id=${encodeURIComponent('<x>')}`)).status).toBe(404);
  });
});

describe('GET /tab and its assets', () => {
  it('sends /tab/ to /tab, keeping the parameters', async () => {
    const response = await fetch(`${server.url}/tab/?section=vp-2025-2029/studier`, { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(new URL(response.headers.get('location')!, `${server.url}/tab/`).toString()).toBe(`${server.url}/tab?section=vp-2025-2029/studier`);
    const followed = await fetch(`${server.url}/tab/`);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('<title>Planerna – Planboten</title>');
  });

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
