import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipBrowserTests } from '../helpers/chromium.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../bot/http/server.js';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { buildIndex } from '../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

// Without chromium the browser tests are skipped locally; in CI it must exist and they must run.
const TIMEOUT = 30_000;

/** The few DOM members the in-page checks use (the project's tsconfig has no DOM lib). */
interface DomNode {
  tagName: string;
  id: string;
  className: string;
  textContent: string | null;
  shadowRoot: DomRoot | null;
  parentElement: DomNode | null;
  hasAttribute(name: string): boolean;
}
interface DomRoot {
  activeElement: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): { length: number };
}
interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}
interface InPage {
  document: DomRoot;
  sessionStorage: { getItem(key: string): string | null };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
}

const launcherName = 'Öppna chatten';
const panelName = 'Fråga planerna';

describe.skipIf(skipBrowserTests)('chat widget in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const { built } = await buildIndex(CORPUS_DIR);
    server = await startServer({ retriever: built.retriever, port: 0, host: '127.0.0.1', log: () => {} });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function newPage(options: { viewport?: { width: number; height: number }; bypassCSP?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, bypassCSP: options.bypassCSP, locale: 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: launcherName }).waitFor();
    return page;
  }

  async function openWidget(page: Page): Promise<void> {
    await page.getByRole('button', { name: launcherName }).click();
    await page.getByRole('dialog', { name: panelName }).waitFor();
  }

  /** Sends a question through the widget's input and waits for the reply bubble. */
  async function ask(page: Page, question: string): Promise<void> {
    const replies = page.locator('.pb-msg.pb-bot:not(.pb-greeting)');
    const before = await replies.count();
    const input = page.getByRole('textbox', { name: 'Skriv din fråga' });
    await input.fill(question);
    await input.press('Enter');
    await replies.nth(before).waitFor();
  }

  /** "planboten-widget#planboten" / "button.pb-launcher": the page's and the shadow root's focused elements. */
  function focusState(page: Page): Promise<{ outer: string; inner: string }> {
    return page.evaluate(() => {
      const doc = (globalThis as unknown as InPage).document;
      const outer = doc.activeElement;
      const inner = outer?.shadowRoot?.activeElement ?? null;
      return {
        outer: outer ? `${outer.tagName.toLowerCase()}#${outer.id}` : '',
        inner: inner ? `${inner.tagName.toLowerCase()}.${inner.className}` : '',
      };
    });
  }

  it('answers a question with numbered markers and expandable sources quoting the plan', async () => {
    const page = await newPage();
    // The demo page's hostile CSS (22px !important everywhere, red buttons) does not reach the widget.
    const launcherStyle = await page.getByRole('button', { name: launcherName }).evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string; width: string } }).getComputedStyle(el);
      return { background: style.backgroundColor, width: style.width };
    });
    expect(launcherStyle).toEqual({ background: 'rgb(179, 0, 27)', width: '60px' });
    await openWidget(page);
    expect(await page.locator('.pb-greeting p').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize)).toBe('15px');
    // The greeting and its example chips are there before the first question.
    await expect(page.locator('.pb-greeting').textContent()).resolves.toContain('Hej!');
    expect(await page.locator('.pb-greeting .pb-chip').count()).toBe(3);

    await ask(page, 'hur många ambassadörer har förbundet?');
    const answer = page.locator('.pb-answer').last();
    expect(await answer.locator('.pb-ref').count()).toBeGreaterThan(0);
    expect(await answer.locator('.pb-sources h3').textContent()).toBe('Källor');
    const summaries = answer.locator('.pb-sources summary');
    expect(await summaries.count()).toBeGreaterThan(0);
    expect(await summaries.first().textContent()).toMatch(/^\[1\] .+ \(.+\) › .+, stycke \d+$/);

    const quote = answer.locator('.pb-sources details').first().locator('blockquote');
    expect(await quote.isVisible()).toBe(false);
    await summaries.first().click();
    await quote.waitFor({ state: 'visible' });
    expect(await quote.textContent()).toContain('ambassadörer');

    // The marker is a button that opens its source with the answer's own sentence highlighted.
    await summaries.first().click();
    await quote.waitFor({ state: 'hidden' });
    await answer.getByRole('button', { name: 'Källa 1' }).click();
    await quote.waitFor({ state: 'visible' });
    const marked = await quote.locator('mark').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    const answerText = (await answer.locator('.pb-body > p, .pb-body > ul').allTextContents()).join('\n').replace(/\s+/g, ' ');
    for (const sentence of marked) expect(answerText).toContain(sentence.replace(/\s+/g, ' '));
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('shows a question the plans do not answer in the no-answer style, without sources', async () => {
    const page = await newPage();
    await openWidget(page);
    await ask(page, 'Har du ett bra recept på kanelbullar?');
    const reply = page.locator('.pb-msg.pb-bot:not(.pb-greeting)').last();
    expect(await reply.getAttribute('class')).toContain('pb-noanswer');
    expect(await reply.locator('.pb-sources, details, .pb-ref').count()).toBe(0);
    expect(await reply.textContent()).toContain('Det står inte i planerna');
    expect(await reply.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopStyle: string } }).getComputedStyle(el).borderTopStyle)).toBe('dashed');
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('shows markup in a question as literal text and never runs it', async () => {
    const page = await newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openWidget(page);
    const question = 'Vad säger planen om hyvling? <img src=x onerror=alert(1)>';
    await ask(page, question);
    expect(await page.locator('.pb-user .pb-text').last().textContent()).toBe(question);
    const images = await page.evaluate(() => {
      const doc = (globalThis as unknown as InPage).document;
      return { shadow: doc.querySelector('#planboten')?.shadowRoot?.querySelectorAll('img').length, page: doc.querySelectorAll('img').length };
    });
    expect(images).toEqual({ shadow: 0, page: 0 });
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('works with the keyboard alone: open, ask, expand a source, Esc back to the button', async () => {
    const page = await newPage();
    // Tab through the page's links until the widget's button has focus.
    let state = await focusState(page);
    for (let i = 0; i < 30 && state.inner !== 'button.pb-launcher'; i++) {
      await page.keyboard.press('Tab');
      state = await focusState(page);
    }
    expect(state).toEqual({ outer: 'planboten-widget#planboten', inner: 'button.pb-launcher' });

    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: panelName }).waitFor();
    expect((await focusState(page)).inner).toBe('textarea.');

    await page.keyboard.type('Hur många ambassadörer har Seko?');
    await page.keyboard.press('Enter');
    await page.locator('.pb-answer .pb-sources summary').first().waitFor();
    expect(await page.locator('.pb-user .pb-text').last().textContent()).toBe('Hur många ambassadörer har Seko?');

    // The sources sit just before the input: tab backwards to the last one.
    for (let i = 0; i < 10 && !(await focusState(page)).inner.startsWith('summary'); i++) await page.keyboard.press('Shift+Tab');
    expect((await focusState(page)).inner).toBe('summary.');
    const focusedOpen = () =>
      page.evaluate(() => {
        const summary = (globalThis as unknown as InPage).document.querySelector('#planboten')?.shadowRoot?.activeElement;
        return summary?.parentElement?.hasAttribute('open') ?? null;
      });
    expect(await focusedOpen()).toBe(false);
    await page.keyboard.press('Enter');
    expect(await focusedOpen()).toBe(true);

    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: panelName }).waitFor({ state: 'hidden' });
    expect(await focusState(page)).toEqual({ outer: 'planboten-widget#planboten', inner: 'button.pb-launcher' });
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('fits a 360 px wide phone screen', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 } });
    await openWidget(page);
    await ask(page, 'Vilka mål fanns för studier 2020?');
    const dir = join(PROJECT_ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'widget-360.png') });

    const box = await page.getByRole('dialog', { name: panelName }).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(box!.y + box!.height).toBeLessThanOrEqual(740);
    // Nothing inside overflows sideways.
    const overflow = await page.locator('.pb-log').evaluate((el) => {
      const log = el as unknown as { scrollWidth: number; clientWidth: number };
      return log.scrollWidth - log.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('has no serious or critical axe violations with an answer, an open source and a no-answer reply', async () => {
    // The demo page's CSP forbids inline scripts; axe is injected as one, so this page bypasses it.
    const page = await newPage({ bypassCSP: true });
    await openWidget(page);
    await ask(page, 'Vad säger planen om hyvling?');
    await page.locator('.pb-answer .pb-sources summary').first().click();
    await ask(page, 'Har du ett bra recept på kanelbullar?');

    const axePath = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    const violations = await page.evaluate(async () => {
      const w = globalThis as unknown as InPage;
      const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
      // Only what lies inside the widget: targets into its shadow root start with the host.
      return result.violations
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => Array.isArray(n.target[0]) && String((n.target[0] as unknown[])[0]).includes('planboten')) }))
        .filter((v) => v.nodes.length > 0)
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), html: n.html.slice(0, 200) })) }));
    });
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(severe, JSON.stringify(severe, null, 2)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('keeps the conversation across a reload in sessionStorage, with the same conversation id', async () => {
    const page = await newPage();
    const sentIds: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/ask')) sentIds.push((JSON.parse(request.postData() ?? '{}') as { conversationId?: string }).conversationId ?? '');
    });
    await openWidget(page);
    await ask(page, 'Hur många ambassadörer har Seko?');
    await page.locator('.pb-answer').last().waitFor();

    await page.reload();
    await page.getByRole('button', { name: launcherName }).waitFor();
    await openWidget(page);
    expect(await page.locator('.pb-user .pb-text').allTextContents()).toEqual(['Hur många ambassadörer har Seko?']);
    const answer = page.locator('.pb-answer');
    expect(await answer.count()).toBe(1);
    expect(await answer.locator('.pb-sources summary').count()).toBeGreaterThan(0);
    expect(await answer.textContent()).toContain('ambassadörer');

    await ask(page, 'Vad säger planen om hyvling?');
    expect(sentIds).toHaveLength(2);
    expect(sentIds[0]).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
    expect(sentIds[1]).toBe(sentIds[0]);
    const stored = await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('planboten:conversation'));
    expect((JSON.parse(stored ?? '{}') as { messages?: unknown[] }).messages).toHaveLength(4);

    // "Börja om" clears the conversation and starts a new id.
    await page.getByRole('button', { name: 'Börja om' }).click();
    expect(await page.locator('.pb-user').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('planboten:conversation'))).toBeNull();
    await ask(page, 'Vad säger planen om hyvling?');
    expect(sentIds[2]).not.toBe(sentIds[0]);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('turns rate limits, server and network errors into a friendly message with a retry, and shows 413 messages as text', async () => {
    const page = await newPage();
    // Each request gets the next scripted failure; the last one reaches the real server.
    const failures: Array<'429' | '500' | 'network' | '413' | 'pass'> = ['429', '500', 'network', 'pass', '413'];
    await page.route('**/api/ask', async (route) => {
      const next = failures.shift() ?? 'pass';
      if (next === 'network') return route.abort('connectionrefused');
      if (next === 'pass') return route.continue();
      const status = Number(next);
      const message = next === '413' ? '<b>Frågan är för lång</b> (högst 1 000 tecken).' : 'Fel';
      return route.fulfill({
        status,
        contentType: 'application/json',
        headers: next === '429' ? { 'Retry-After': '7' } : {},
        body: JSON.stringify({ error: { code: 'X', message, messageEn: 'Error' } }),
      });
    });
    await openWidget(page);
    await ask(page, 'Hur många ambassadörer har Seko?');
    const error = page.locator('.pb-error').last();
    expect(await error.textContent()).toContain('Många frågar just nu. Försök igen om 7 sekunder.');

    const retry = page.getByRole('button', { name: 'Försök igen' });
    await retry.click();
    await page.locator('.pb-error').filter({ hasText: 'Planboten har ett tekniskt fel just nu. Det är inget fel på din uppkoppling.' }).waitFor();
    await retry.click();
    await page.locator('.pb-error').filter({ hasText: 'Anslutningen till Planboten misslyckades. Kontrollera din internetanslutning' }).waitFor();
    await retry.click();
    await page.locator('.pb-answer').waitFor();
    // Retries resend the same question without repeating it, and earlier errors are gone.
    expect(await page.locator('.pb-user').count()).toBe(1);
    expect(await page.locator('.pb-error').count()).toBe(0);

    await ask(page, 'En fråga till');
    const tooLong = page.locator('.pb-error').last();
    expect(await tooLong.locator('p').textContent()).toBe('<b>Frågan är för lång</b> (högst 1 000 tecken).');
    expect(await tooLong.locator('b').count()).toBe(0);
    expect(await tooLong.getByRole('button').count()).toBe(0);
    // Console errors here are the failed requests themselves.
    expect(pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, TIMEOUT);

  it('follows data-lang="en", data-position="left" and data-api on another page of the site', async () => {
    const page = await newPage();
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Other page</title></head>
      <body><main><h1>Another page</h1></main><script src="/widget.js" defer data-lang="en" data-position="left" data-api="${server.url}/"></script></body></html>`;
    await page.route('**/other.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(`${server.url}/other.html`);
    const launcher = page.getByRole('button', { name: 'Open chat' });
    const box = await launcher.boundingBox();
    expect(box!.x).toBeLessThan(100);
    await launcher.click();
    await page.getByRole('dialog', { name: "Ask Seko's plans" }).waitFor();
    expect(await page.getByRole('button', { name: 'Close' }).count()).toBe(1);
    const replies = page.locator('.pb-msg.pb-bot:not(.pb-greeting)');
    await page.getByRole('textbox', { name: 'Type your question' }).fill('How many ambassadors does Seko have?');
    await page.keyboard.press('Enter');
    await replies.first().waitFor();
    expect(await page.locator('.pb-answer .pb-sources h3').textContent()).toBe('Sources');
    expect(await page.locator('.pb-answer summary').first().textContent()).toMatch(/, paragraph \d+$/);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);
});
