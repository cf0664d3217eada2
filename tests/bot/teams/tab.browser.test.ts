import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipBrowserTests } from '../../helpers/chromium.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { tabRoutes } from '../../../bot/teams/tab/tabRoutes.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

// Without chromium the browser tests are skipped locally; in CI it must exist and they must run.

/** The DOM members the in-page checks use (the project's tsconfig has no DOM lib). */
interface InPage {
  document: { documentElement: { getAttribute(name: string): string | null }; body: unknown; querySelectorAll(s: string): { length: number } };
  getComputedStyle(element: unknown): { backgroundColor: string; color: string };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string }> }> };
}

describe.skipIf(skipBrowserTests)('the Planerna tab in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let problems: string[] = [];
  let requests: string[] = [];

  beforeAll(async () => {
    const { built } = await buildIndex(CORPUS_DIR);
    server = await startServer({
      retriever: built.retriever,
      port: 0,
      host: '127.0.0.1',
      log: () => undefined,
      // The tab's routes alone (teamsRoutes mounts these same routes beside the bot); a high limit,
    // so that the many page loads of this file never meet the per-client rate limit.
    extraRoutes: (getRetriever) => tabRoutes(getRetriever, { searchesPerMinute: 60_000 }),
    });
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: { colorScheme?: 'light' | 'dark'; bypassCSP?: boolean; viewport?: { width: number; height: number }; clipboard?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 760 }, colorScheme: options.colorScheme ?? 'light', bypassCSP: options.bypassCSP, locale: 'sv-SE' });
    if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    contexts.push(context);
    const page = await context.newPage();
    problems = [];
    requests = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => requests.push(request.url()));
    return page;
  }

  const theme = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.getAttribute('data-theme'));
  const background = (page: Page) => page.evaluate(() => {
    const w = globalThis as unknown as InPage;
    return w.getComputedStyle(w.document.body).backgroundColor;
  });

  const clipboardText = (page: Page) => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());

  it('searches as the officer types and opens the section with its paragraphs numbered', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('hyvling');
    const first = page.locator('.hit').first();
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain('Inledning');
    expect(await first.locator('mark').first().textContent()).toBe('hyvling');
    expect(await first.textContent()).toContain('Verksamhetsplan 2025–2029 · 2025–2029 · gällande plan · stycke 4');
    // Only the two sections that contain the word, counted; no unmarked neighbours.
    await expect.poll(() => page.locator('#status').textContent()).toBe('2 avsnitt nämner hyvling.');
    expect(await page.getByRole('heading', { name: '2 avsnitt nämner hyvling' }).isVisible()).toBe(true);
    expect(await page.locator('#results .hit').count()).toBe(2);
    for (const hit of await page.locator('#results .hit').all()) expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#related-group').isVisible()).toBe(false);

    await first.click();
    const reader = page.getByRole('article');
    await expect.poll(() => reader.getByRole('heading', { level: 2 }).textContent()).toBe('Inledning');
    expect(await page.locator('#reader-plan').textContent()).toBe('Verksamhetsplan 2025–2029 · 2025–2029 · gällande plan');
    const focused = page.locator('.paragraph.focus');
    expect(await focused.getAttribute('data-number')).toBe('4');
    expect(await focused.locator('.number').textContent()).toBe('4');
    expect(await focused.locator('p').textContent()).toContain('Allmän visstid och hyvling');
    const numbers = await page.locator('.paragraph .number').allTextContents();
    expect(numbers.slice(0, 4)).toEqual(['1', '2', '3', '4']);
    // The address now names the section, so it can be shared or reopened.
    expect(new URL(page.url()).searchParams.get('section')).toBe('vp-2025-2029/inledning/p4');
    expect(problems).toEqual([]);
  });

  it('says when a word occurs nowhere in the plans, and shows related sections under their own heading', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('semester');
    await expect.poll(() => page.locator('#mentions-title').textContent(), { timeout: 10_000 }).toBe('Inga träffar för ”semester” i planerna.');
    expect(await page.locator('#results .hit').count()).toBe(0);
    const related = page.getByRole('heading', { name: 'Närliggande avsnitt' });
    expect(await related.isVisible()).toBe(true);
    expect(await page.locator('#related-note').textContent()).toBe('Nämner inte semester, men tar upp närliggande ord och ämnen.');
    const hits = page.locator('#related .hit');
    expect(await hits.count()).toBeGreaterThan(0);
    // Each related hit says so in its accessible name, not only by its place on the page.
    expect(await page.getByRole('button', { name: /^Närliggande: / }).count()).toBe(await hits.count());
    expect(await page.locator('#status').textContent()).toMatch(/^Inga träffar för ”semester” i planerna\. \d+ närliggande avsnitt\.$/);

    // Exact matches come first, then other forms, with how the word is written there.
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('arbetsmiljö');
    await expect.poll(() => page.locator('#mentions-title').textContent()).toMatch(/^\d+ avsnitt nämner arbetsmiljö$/);
    const matches = await page.locator('#results .hit').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string }).getAttribute('data-match')));
    expect(matches.indexOf('near')).toBeGreaterThan(matches.lastIndexOf('exact'));
    expect(await page.locator('#results .hit[data-match="near"] .forms').first().textContent()).toMatch(/^Står som: .*arbetsmiljö/);
    expect(problems).toEqual([]);
  });

  it('numbers a list as one paragraph, as the citations do, and copies it with its source', async () => {
    const page = await newPage({ clipboard: true });
    await page.goto(`${server.url}/tab?section=${encodeURIComponent('vp-2025-2029/inledning/p7')}`);
    const focused = page.locator('.paragraph.focus');
    await expect.poll(() => focused.getAttribute('data-number')).toBe('7');
    expect(await focused.locator('li').count()).toBe(4);
    expect(await page.locator('.paragraph .number').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    await focused.getByRole('button', { name: 'Kopiera citat: stycke 7 med källa' }).click();
    await expect.poll(() => page.locator('#reader-note').textContent()).toBe('Stycke 7 är kopierat med källa.');
    const copied = await clipboardText(page);
    expect(copied).toMatch(/^• att kongressen beslutar/);
    expect(copied.trim().endsWith('(Verksamhetsplan 2025–2029, Inledning, stycke 7)')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('compares a section with the previous plan side by side, changed words marked, from a deep link', async () => {
    const page = await newPage({ clipboard: true });
    await page.goto(`${server.url}/tab?compare=${encodeURIComponent('vp-2025-2029/studier')}`);
    const view = page.getByRole('region', { name: 'Jämför: Studier' });
    await view.waitFor();
    const older = page.getByRole('region', { name: 'Förbundets verksamhetsplan 2021–2025 (tidigare plan)' });
    const newer = page.getByRole('region', { name: 'Verksamhetsplan 2025–2029 (gällande plan)' });
    // The older plan on the left, the newer on the right.
    expect((await older.boundingBox())!.x).toBeLessThan((await newer.boundingBox())!.x);
    // 6 000 ambassadors then, 5 000 now: the number is marked on both sides, the unchanged words are not.
    expect(await older.locator('del').allTextContents()).toContain('6');
    expect(await newer.locator('ins').allTextContents()).toContain('5');
    expect(await newer.locator('ins').allTextContents()).not.toContain('ambassadörer');
    const firstParagraph = await newer.locator('.paragraph').first().textContent();
    expect(firstParagraph).toContain('Förbundet har över 5 000 "ambassadörer"');
    expect(await newer.locator('.side-meta').textContent()).toMatch(/^Avsnitt: Studier · \d+ ord nya$/);

    await page.getByRole('button', { name: 'Kopiera', exact: true }).click();
    await expect.poll(() => page.locator('#compare-note').textContent()).toBe('Jämförelsen är kopierad med källor.');
    const copied = await clipboardText(page);
    expect(copied).toContain('Verksamhetsplan 2025–2029 (2025–2029, gällande plan), avsnitt Studier:');
    expect(copied).toContain('Förbundets verksamhetsplan 2021–2025 (2021–2025, tidigare plan), avsnitt Studier:');

    // Another section from the list; the address follows, so it can be shared.
    const select = page.getByLabel('Avsnitt', { exact: true });
    const onlyOld = await select.locator('option', { hasText: 'finns bara i Förbundets verksamhetsplan 2021–2025' }).first();
    await select.selectOption(await onlyOld.getAttribute('value'));
    await expect.poll(() => page.locator('#side-current .side-meta').textContent()).toBe('Avsnittet finns bara i Förbundets verksamhetsplan 2021–2025. Här finns inget motsvarande avsnitt.');
    expect(new URL(page.url()).searchParams.get('compare')).toBe(await onlyOld.getAttribute('value'));
    expect(await page.locator('#compare ins, #compare del').count()).toBe(2); // the legend's two examples only
    expect(problems).toEqual([]);
  });

  it('opens the comparison from a section with the keyboard, and goes back to it', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab?section=${encodeURIComponent('vp-2021-2025/studier/p1')}`);
    const compare = page.getByRole('button', { name: 'Jämför med den andra planversionen' });
    await compare.waitFor();
    await compare.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Jämför: Studier' }).waitFor();
    expect(new URL(page.url()).searchParams.get('compare')).toBe('vp-2025-2029/studier');
    await page.getByRole('button', { name: '← Tillbaka' }).click();
    await expect.poll(() => page.locator('#reader-title').textContent()).toBe('Studier');
    expect(await page.locator('#compare').isVisible()).toBe(false);
    expect(new URL(page.url()).searchParams.get('section')).toBe('vp-2021-2025/studier');
    expect(problems).toEqual([]);
  });

  it('serves /tab/ as well as /tab', async () => {
    const page = await newPage();
    const response = await page.goto(`${server.url}/tab/?section=${encodeURIComponent('vp-2025-2029/studier/p2')}`);
    expect(response!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/tab');
    await expect.poll(() => page.locator('#reader-title').textContent()).toBe('Studier');
    expect(problems).toEqual([]);
  });

  it('opens the first hit with Enter', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab`);
    const box = page.getByLabel('Sök i Sekos verksamhetsplaner');
    await box.fill('ambassadörer');
    await page.locator('.hit').first().waitFor();
    await box.press('Enter');
    await expect.poll(() => page.locator('#reader-title').textContent()).toBe('Studier');
  });

  it('opens a section from a deep link, with the cited paragraph in focus', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab?section=${encodeURIComponent('vp-2025-2029/studier/p2')}`);
    await expect.poll(() => page.locator('#reader-title').textContent()).toBe('Studier');
    expect(await page.locator('.paragraph.focus').getAttribute('data-number')).toBe('2');
    expect(problems).toEqual([]);
  });

  it('follows the theme named in the URL (as Teams fills in {theme}), else the system’s', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab?theme=dark`);
    expect(await theme(page)).toBe('dark');
    expect(await background(page)).toBe('rgb(31, 31, 31)');

    await page.goto(`${server.url}/tab?theme=contrast`);
    expect(await theme(page)).toBe('contrast');
    expect(await background(page)).toBe('rgb(0, 0, 0)');

    await page.goto(`${server.url}/tab?theme=default`);
    expect(await theme(page)).toBe('default');
    expect(await background(page)).toBe('rgb(255, 255, 255)');

    // A placeholder Teams did not fill in, or none at all: the system's preference.
    const dark = await newPage({ colorScheme: 'dark' });
    await dark.goto(`${server.url}/tab?theme={theme}`);
    expect(await theme(dark)).toBe('dark');
    expect(problems).toEqual([]);
  });

  it('works in a plain browser without loading teams-js or reaching any other host', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('studier');
    await page.locator('.hit').first().click();
    await expect.poll(() => page.locator('#reader-title').textContent()).toBeTruthy();
    expect(requests.every((url) => url.startsWith(server.url))).toBe(true);
    expect(requests.some((url) => url.includes('teams-js'))).toBe(false);
    expect(problems).toEqual([]);
  });

  it('in a frame that is not Teams, loads teams-js and still works', async () => {
    const page = await newPage();
    // A host page on the server's own origin, as frame-ancestors 'self' allows.
    await page.route(`${server.url}/frame-host`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>host</title><iframe src="${server.url}/tab?theme=dark" width="900" height="600"></iframe>` }),
    );
    await page.goto(`${server.url}/frame-host`);
    const frame = page.frameLocator('iframe');
    await frame.getByLabel('Sök i Sekos verksamhetsplaner').fill('hyvling');
    await frame.locator('.hit').first().click();
    await expect.poll(() => frame.locator('#reader-title').textContent()).toBe('Inledning');
    expect(requests.some((url) => url.endsWith('/vendor/teams-js.js'))).toBe(true);
    // teams-js fetches its list of Teams origins from Microsoft's CDN (unreachable here; it falls back to its own copy).
    const elsewhere = requests.filter((url) => !url.startsWith(server.url));
    expect(elsewhere.every((url) => url.startsWith('https://res.cdn.office.net/teams-js/'))).toBe(true);
    const unexpected = problems.filter((p) => !(elsewhere.length > 0 && p.includes('ERR_NAME_NOT_RESOLVED')));
    expect(unexpected).toEqual([]);
  });

  it('shows server text as text, never as markup', async () => {
    const page = await newPage();
    const hostile = '<img src=x onerror="document.title=1">';
    await page.route(`${server.url}/api/search?**`, (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          query: 'x',
          words: [hostile],
          related: [],
          mentions: { total: 1, hits: [
            {
              id: 'vp-2025-2029/studier/p1',
              sectionKey: 'vp-2025-2029/studier',
              title: hostile,
              path: [hostile],
              paragraph: 1,
              plan: { id: 'vp-2025-2029', title: hostile, period: '2025–2029', status: 'current', kind: 'verksamhetsplan' },
              match: 'near',
              words: [hostile],
              snippet: [{ text: hostile, mark: true }, { text: ` ${hostile}`, mark: false }],
            },
          ] },
        }),
      }),
    );
    await page.goto(`${server.url}/tab`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('studier');
    await expect.poll(() => page.locator('.hit h3').textContent()).toBe(hostile);
    expect(await page.locator('.hit mark').textContent()).toBe(hostile);
    expect(await page.locator('#mentions-title').textContent()).toBe(`1 avsnitt nämner ${hostile}`);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.querySelectorAll('img').length)).toBe(0);
    expect(await page.title()).toBe('Planerna – Planboten');
  });

  it('has no serious or critical axe violations in the comparison, in every theme', async () => {
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${server.url}/tab?compare=${encodeURIComponent('vp-2025-2029/studier')}`);
    await page.locator('#side-current ins').first().waitFor();
    const axePath = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
    for (const name of ['default', 'dark', 'contrast']) {
      await page.evaluate((t) => (globalThis as unknown as { document: { documentElement: { setAttribute(a: string, v: string): void } } }).document.documentElement.setAttribute('data-theme', t), name);
      await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
      const violations = await page.evaluate(async () => {
        const w = globalThis as unknown as InPage;
        return (await w.axe.run(w.document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), name).toEqual([]);
    }
  });

  it('has no serious or critical axe violations with results and a section open', async () => {
    // axe is injected as an inline script, which the tab's CSP forbids; this page bypasses it.
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${server.url}/tab?section=${encodeURIComponent('vp-2025-2029/studier/p1')}`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('studier');
    await page.locator('.hit').first().waitFor();
    await expect.poll(() => page.locator('#reader-title').textContent()).toBe('Studier');
    const axePath = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
    for (const name of ['default', 'dark', 'contrast']) {
      await page.evaluate((t) => (globalThis as unknown as { document: { documentElement: { setAttribute(a: string, v: string): void } } }).document.documentElement.setAttribute('data-theme', t), name);
      await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
      const violations = await page.evaluate(async () => {
        const w = globalThis as unknown as InPage;
        return (await w.axe.run(w.document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), name).toEqual([]);
    }
  });
});
