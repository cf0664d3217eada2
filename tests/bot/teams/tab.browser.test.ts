import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

const CHROMIUM = '/usr/bin/chromium';
// Without chromium the browser tests are skipped locally; in CI it must exist and they must run.
const skip = !existsSync(CHROMIUM) && !process.env.CI;

/** The DOM members the in-page checks use (the project's tsconfig has no DOM lib). */
interface InPage {
  document: { documentElement: { getAttribute(name: string): string | null }; body: unknown; querySelectorAll(s: string): { length: number } };
  getComputedStyle(element: unknown): { backgroundColor: string; color: string };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string }> }> };
}

describe.skipIf(skip)('the Planerna tab in chromium', () => {
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
      extraRoutes: teamsRoutes({ config: { credentials: undefined, publicBaseUrl: undefined }, log: () => undefined }),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: { colorScheme?: 'light' | 'dark'; bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 760 }, colorScheme: options.colorScheme ?? 'light', bypassCSP: options.bypassCSP, locale: 'sv-SE' });
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

  it('searches as the officer types and opens the section with its paragraphs numbered', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/tab`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('hyvling');
    const first = page.locator('.hit').first();
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain('Inledning');
    expect(await first.locator('mark').first().textContent()).toBe('hyvling');
    expect(await first.textContent()).toContain('Verksamhetsplan 2025–2029 · 2025–2029 · gällande plan · stycke 4');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^\d+ avsnitt$/);

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
          results: [
            {
              id: 'vp-2025-2029/studier/p1',
              sectionKey: 'vp-2025-2029/studier',
              title: hostile,
              path: [hostile],
              paragraph: 1,
              plan: { id: 'vp-2025-2029', title: hostile, period: '2025–2029', status: 'current', kind: 'verksamhetsplan' },
              snippet: [{ text: hostile, mark: true }, { text: ` ${hostile}`, mark: false }],
            },
          ],
        }),
      }),
    );
    await page.goto(`${server.url}/tab`);
    await page.getByLabel('Sök i Sekos verksamhetsplaner').fill('studier');
    await expect.poll(() => page.locator('.hit h3').textContent()).toBe(hostile);
    expect(await page.locator('.hit mark').textContent()).toBe(hostile);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.querySelectorAll('img').length)).toBe(0);
    expect(await page.title()).toBe('Planerna – Planboten');
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
