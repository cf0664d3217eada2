import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchChromium, skipBrowserTests } from '../helpers/chromium.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../bot/http/server.js';
import { buildIndex } from '../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

// The widget's states that the real answer code cannot be made to produce on demand (a server
// error, a forgotten conversation, a "related" reply, a very long answer): the demo page and
// widget.js come from the real server, POST /api/ask is answered by route interception.

// Without chromium the browser tests are skipped locally; in CI it must exist and they must run.
const TIMEOUT = 30_000;

/** The few DOM members the in-page checks use (the project's tsconfig has no DOM lib). */
interface El {
  tagName: string;
  className: string;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  isConnected: boolean;
  shadowRoot: { activeElement: El | null; querySelector(s: string): El | null } | null;
  getBoundingClientRect(): { top: number; bottom: number };
  getAttribute(name: string): string | null;
  closest(selector: string): El | null;
  focus(): void;
}
interface InPage {
  document: { activeElement: El | null; querySelector(s: string): El | null };
  getComputedStyle(e: unknown): { backgroundColor: string; color: string };
  Planboten: { open(): void };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> };
}

const STUDIER = {
  id: 'vp-2025-2029/studier/p1',
  document: { id: 'vp-2025-2029', title: 'Verksamhetsplan 2025–2029', period: '2025–2029', kind: 'verksamhetsplan', status: 'current' },
  section: 'Studier',
  sectionPath: ['Studier'],
  paragraph: 1,
  quote:
    'Kunniga och närvarande förtroendevalda är en viktig nyckel för att medlemmarna ska känna sig nöjda med Seko. Förbundet har över 5 000 "ambassadörer" som i hög\nutsträckning skapar medlemmarnas bild av Seko. Historiskt sett har fackföreningsrörelsen varit skickliga på att bilda och att utbilda.',
  score: 0.9,
};
const QUOTED = 'Förbundet har över 5 000 "ambassadörer" som i hög utsträckning skapar medlemmarnas bild av Seko.';

function answer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    question: 'Hur många ambassadörer har Seko?',
    answered: true,
    outcome: 'answer',
    answer: `Verksamhetsplan 2025–2029, Studier: ${QUOTED} [1]`,
    citations: [STUDIER],
    language: 'sv',
    suggestions: [],
    ...overrides,
  };
}

type Reply = { status?: number; headers?: Record<string, string>; json?: unknown } | 'network';

describe.skipIf(skipBrowserTests)('chat widget states in chromium', () => {
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

  /** The demo page, with /api/ask answered by `replies` in turn; `sent` collects the request bodies. */
  async function stubbedPage(
    replies: Reply[],
    options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; html?: string; bypassCSP?: boolean } = {},
  ): Promise<{ page: Page; sent: Array<{ question: string; conversationId: string }> }> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light', bypassCSP: options.bypassCSP, locale: 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // Failed requests are the scripted failures themselves.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageErrors.push(message.text());
    });
    const sent: Array<{ question: string; conversationId: string }> = [];
    await page.route('**/api/ask', async (route: Route) => {
      sent.push(JSON.parse(route.request().postData() ?? '{}') as { question: string; conversationId: string });
      const next = replies.shift() ?? { json: answer() };
      if (next === 'network') return route.abort('connectionrefused');
      return route.fulfill({ status: next.status ?? 200, contentType: 'application/json', headers: next.headers ?? {}, body: JSON.stringify(next.json ?? {}) });
    });
    if (options.html) {
      const html = options.html;
      await page.route('**/other.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(`${server.url}/other.html`);
    } else await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /Öppna chatten|Open chat/ }).waitFor();
    return { page, sent };
  }

  async function open(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Öppna chatten' }).click();
    await page.getByRole('dialog').waitFor();
  }

  async function ask(page: Page, question: string): Promise<void> {
    const replies = page.locator('.pb-msg.pb-bot:not(.pb-greeting)');
    const before = await replies.count();
    const input = page.getByRole('textbox', { name: 'Skriv din fråga' });
    await input.fill(question);
    await input.press('Enter');
    await replies.nth(before).waitFor();
  }

  /** Class of the focused element inside the widget, or "outside" when focus is on the page. */
  const focusedInWidget = (page: Page) =>
    page.evaluate(() => {
      const doc = (globalThis as unknown as InPage).document;
      const outer = doc.activeElement;
      if (!outer || outer.tagName.toLowerCase() !== 'planboten-widget') return 'outside';
      return `${outer.shadowRoot?.activeElement?.tagName.toLowerCase()}.${outer.shadowRoot?.activeElement?.className ?? ''}`;
    });

  it('shows a long answer from its first line, not scrolled to its end', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `- Punkt ${i + 1} i en lång lista ur planen.`);
    const { page } = await stubbedPage([{ json: answer({ answer: `Förbundets planer tar upp detta: [1]\n${lines.join('\n')}` }) }], { viewport: { width: 360, height: 740 } });
    await open(page);
    await ask(page, 'Vilka punkter finns?');
    const reply = page.locator('.pb-answer').last();
    const position = () =>
      reply.evaluate((el) => {
        const msg = el as unknown as El;
        const log = msg.closest('.pb-log')!;
        return { top: msg.getBoundingClientRect().top - log.getBoundingClientRect().top, logHeight: log.clientHeight, atEnd: log.scrollTop >= log.scrollHeight - log.clientHeight - 1 };
      });
    const after = await position();
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.top).toBeLessThan(after.logHeight / 2);
    expect(after.atEnd).toBe(false);
    expect(await reply.locator('p').first().isVisible()).toBe(true);

    // The same on reopening the panel.
    await page.keyboard.press('Escape');
    await open(page);
    const reopened = await position();
    expect(reopened.top).toBeGreaterThanOrEqual(0);
    expect(reopened.atEnd).toBe(false);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('makes citation markers buttons that open the source with the quoted sentence highlighted', async () => {
    const english = answer({ language: 'en', answer: `The plans are in Swedish; quoted verbatim:\nVerksamhetsplan 2025–2029, Studier: "${QUOTED}" [1]` });
    const { page } = await stubbedPage([{ json: answer() }, { json: english }]);
    await open(page);
    await ask(page, 'Hur många ambassadörer har Seko?');
    const reply = page.locator('.pb-answer').last();
    const marker = reply.getByRole('button', { name: 'Källa 1' });
    expect(await marker.textContent()).toBe('1');
    // Reachable by keyboard: from the input, backwards through the source to the marker.
    await page.getByRole('textbox', { name: 'Skriv din fråga' }).focus();
    for (let i = 0; i < 6 && (await focusedInWidget(page)) !== 'button.pb-ref'; i++) await page.keyboard.press('Shift+Tab');
    expect(await focusedInWidget(page)).toBe('button.pb-ref');
    await page.keyboard.press('Enter');
    const source = reply.locator('details[data-source="1"]');
    expect(await source.getAttribute('open')).not.toBeNull();
    expect(await focusedInWidget(page)).toBe('summary.');
    // The sentence the answer quotes, marked inside its paragraph (the passage's line break kept).
    expect(await source.locator('mark').allTextContents()).toEqual([QUOTED.replace('i hög utsträckning', 'i hög\nutsträckning')]);
    expect(await source.locator('blockquote').textContent()).toBe(STUDIER.quote);

    // An English answer quotes the Swedish sentence in quotation marks: the same sentence is marked.
    await ask(page, 'How many ambassadors?');
    const en = page.locator('.pb-answer').last();
    await en.getByRole('button', { name: 'Källa 1' }).click();
    expect(await en.locator('details[data-source="1"] mark').allTextContents()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('shows a "related" reply as context, not as an answer', async () => {
    const related = answer({
      answered: false,
      outcome: 'related',
      answer: `Planerna säger inget om lokförare. Det närmaste de tar upp:\nVerksamhetsplan 2025–2029, Studier: ${QUOTED} [1]`,
      suggestions: [{ title: 'Studier', question: 'Vad säger planen om studier?' }],
    });
    const { page } = await stubbedPage([{ json: related }]);
    await open(page);
    await ask(page, 'Hur många lokförare har SJ?');
    const reply = page.locator('.pb-msg.pb-bot:not(.pb-greeting)').last();
    expect(await reply.getAttribute('class')).toContain('pb-related');
    expect(await reply.getAttribute('class')).not.toContain('pb-answer');
    expect(await reply.locator('.pb-badge').textContent()).toBe('Inget direkt svar i planerna');
    expect(await reply.locator('.pb-body > p').nth(1).textContent()).toBe('Planerna säger inget om lokförare. Det närmaste de tar upp:');
    expect(await reply.locator('.pb-sources h3').textContent()).toBe('Närliggande i planerna (inget svar på frågan)');
    await reply.getByRole('button', { name: 'Källa 1' }).click();
    expect(await reply.locator('details[data-source="1"] mark').count()).toBe(1);
    expect(await reply.locator('.pb-chip').allTextContents()).toEqual(['Studier']);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('tells the member when the server forgot the conversation, and starts a new one', async () => {
    const { page, sent } = await stubbedPage([
      { json: answer({ conversation: { known: false, missingContext: false } }) },
      { json: answer({ conversation: { known: true, missingContext: false } }) },
      // The server restarted: it knows nothing of the two answered turns.
      { json: answer({ conversation: { known: false, missingContext: false } }) },
      { json: answer({ conversation: { known: false, missingContext: false } }) },
    ]);
    await open(page);
    await ask(page, 'Hur många ambassadörer har Seko?');
    await ask(page, 'Och hur utbildas de?');
    // A new conversation is not a forgotten one.
    expect(await page.locator('.pb-notice').count()).toBe(0);
    await ask(page, 'Varför är det viktigt?');
    const notices = page.locator('.pb-notice');
    expect(await notices.count()).toBe(1);
    expect(await notices.first().textContent()).toContain('Planboten minns inte längre vårt tidigare samtal');
    // The note comes before the answer to the question that met the forgotten conversation.
    expect(await notices.first().evaluate((el) => (el as unknown as { nextElementSibling: El }).nextElementSibling.className)).toContain('pb-answer');
    await ask(page, 'Vad säger planen om studier?');
    expect(sent.map((s) => s.conversationId)).toEqual([sent[0].conversationId, sent[0].conversationId, sent[0].conversationId, expect.not.stringMatching(sent[0].conversationId)]);
    // The first question of the new conversation is not reported as forgotten again.
    expect(await page.locator('.pb-notice').count()).toBe(1);

    // Kept across a reload, note included.
    await page.reload();
    await open(page);
    expect(await page.locator('.pb-notice').count()).toBe(1);
    expect(await page.locator('.pb-answer').count()).toBe(4);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('asks for the whole question when a follow-up has nothing to refer to, instead of a refusal', async () => {
    const refusal = answer({ answered: false, outcome: 'none', answer: 'Det står inte i planerna.', citations: [], conversation: { known: false, missingContext: true } });
    const { page } = await stubbedPage([{ json: refusal }]);
    await open(page);
    await ask(page, 'Varför då?');
    const reply = page.locator('.pb-msg.pb-bot:not(.pb-greeting)').last();
    expect(await reply.textContent()).toContain('Jag kunde inte avgöra vad frågan syftar på. Skriv hela frågan');
    expect(await page.locator('.pb-noanswer').count()).toBe(0);
    expect(await page.getByText('Det står inte i planerna.').count()).toBe(0);
    // The question is back in the box, ready to be completed.
    expect(await page.getByRole('textbox', { name: 'Skriv din fråga' }).inputValue()).toBe('Varför då?');
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('blames the service, not the connection, for server errors; the connection for network failures', async () => {
    const { page } = await stubbedPage([
      { status: 500, json: { error: { code: 'INTERNAL', message: 'Något gick fel hos oss. Försök igen.' } } },
      { status: 503, headers: { 'Retry-After': '3' }, json: { error: { code: 'NOT_READY', message: 'Planboten startar.' } } },
      'network',
      { status: 429, headers: { 'Retry-After': '7' }, json: { error: { code: 'RATE_LIMITED', message: 'För många frågor.' } } },
      { json: answer() },
    ]);
    await open(page);
    await ask(page, 'Hur många ambassadörer har Seko?');
    const last = () => page.locator('.pb-error').last().locator('p').textContent();
    expect(await last()).toBe('Planboten har ett tekniskt fel just nu. Det är inget fel på din uppkoppling. Försök igen om en stund.');
    const retry = page.getByRole('button', { name: 'Försök igen' });
    await retry.click();
    await expect.poll(last).toBe('Planboten är inte tillgänglig just nu. Det är inget fel på din uppkoppling. Försök igen om 3 sekunder.');
    await retry.click();
    await expect.poll(last).toBe('Anslutningen till Planboten misslyckades. Kontrollera din internetanslutning och försök igen.');
    await retry.click();
    await expect.poll(last).toBe('Många frågar just nu. Försök igen om 7 sekunder.');
    await retry.click();
    await page.locator('.pb-answer').waitFor();
    expect(await page.locator('.pb-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('keeps focus inside the panel while it covers a phone screen, and gives it back on Escape', async () => {
    const { page } = await stubbedPage([{ json: answer() }], { viewport: { width: 360, height: 740 } });
    await open(page);
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
    await ask(page, 'Hur många ambassadörer har Seko?');
    const seen = new Set<string>();
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      const at = await focusedInWidget(page);
      expect(at).not.toBe('outside');
      seen.add(at);
    }
    // It cycles through the panel's controls: header buttons, marker, source, input, send.
    expect([...seen]).toEqual(expect.arrayContaining(['button.pb-icon-btn', 'button.pb-ref', 'summary.', 'textarea.', 'button.pb-send']));
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusedInWidget(page)).not.toBe('outside');
    }
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focusedInWidget(page)).toBe('button.pb-launcher');
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('on a wide screen is not modal, and returns focus to the page element that opened it', async () => {
    const { page } = await stubbedPage([]);
    const link = page.getByRole('link', { name: 'Till toppen av planerna' });
    await link.focus();
    await page.evaluate(() => (globalThis as unknown as InPage).Planboten.open());
    await page.getByRole('dialog').waitFor();
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBeNull();
    expect(await focusedInWidget(page)).toBe('textarea.');
    await page.keyboard.press('Escape');
    expect(await link.evaluate((el) => (globalThis as unknown as InPage).document.activeElement === el)).toBe(true);
  }, TIMEOUT);

  const DARK = { background: 'rgb(29, 29, 32)', color: 'rgb(236, 236, 239)' };
  const LIGHT = { background: 'rgb(255, 255, 255)', color: 'rgb(27, 27, 27)' };
  async function panelColours(page: Page): Promise<{ background: string; color: string }> {
    await open(page);
    return page.getByRole('dialog').evaluate((el) => {
      const style = (globalThis as unknown as InPage).getComputedStyle(el);
      return { background: style.backgroundColor, color: style.color };
    });
  }
  const themed = (theme: string) => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Tema</title></head>
      <body><main><h1>Sida</h1></main><script src="/widget.js" defer data-theme="${theme}"></script></body></html>`;

  it('follows the system dark mode by default', async () => {
    expect(await panelColours((await stubbedPage([], { colorScheme: 'dark' })).page)).toEqual(DARK);
    expect(await panelColours((await stubbedPage([], { colorScheme: 'light' })).page)).toEqual(LIGHT);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('follows data-theme="light" or "dark" over the system preference', async () => {
    expect(await panelColours((await stubbedPage([], { colorScheme: 'dark', html: themed('light') })).page)).toEqual(LIGHT);
    expect(await panelColours((await stubbedPage([], { colorScheme: 'light', html: themed('dark') })).page)).toEqual(DARK);
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('has no serious or critical axe violations in dark mode with an answer, a related reply, a note and an error', async () => {
    const related = answer({ answered: false, outcome: 'related', answer: `Planerna säger inget om lokförare. Det närmaste de tar upp:\nVerksamhetsplan 2025–2029, Studier: ${QUOTED} [1]` });
    const { page } = await stubbedPage(
      [
        { json: answer({ conversation: { known: false, missingContext: false } }) },
        { json: { ...related, conversation: { known: false, missingContext: false } } },
        { status: 500, json: {} },
      ],
      { colorScheme: 'dark', bypassCSP: true },
    );
    await open(page);
    await ask(page, 'Hur många ambassadörer har Seko?');
    await page.locator('.pb-answer').getByRole('button', { name: 'Källa 1' }).click();
    await ask(page, 'Hur många lokförare har SJ?');
    await ask(page, 'En fråga till');
    expect(await page.locator('.pb-notice').count()).toBe(1);
    const axePath = join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    const violations = await page.evaluate(async () => {
      const w = globalThis as unknown as InPage;
      const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
      return result.violations
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => Array.isArray(n.target[0]) && String((n.target[0] as unknown[])[0]).includes('planboten')) }))
        .filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'))
        .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
    });
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  }, TIMEOUT);
});
