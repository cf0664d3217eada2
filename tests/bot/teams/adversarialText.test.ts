import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../../bot/answer/answerSchema.js';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { answerActivity, chatMarkdown } from '../../../bot/teams/answerActivity.js';
import { markersIn, truncate } from '../../../bot/teams/citationEntity.js';
import { logSafeDetail } from '../../../bot/teams/logSafeDetail.js';
import { readMessage, stripBotMentions } from '../../../bot/teams/readMessage.js';
import { screenBearerToken } from '../../../bot/teams/screenBearerToken.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import { validateActivity } from '../../../bot/teams/validateActivity.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { BOT, teamsMessage } from './activities.js';

/**
 * Every regular expression and string scan that runs on a member's text in bot/teams, fed 100 KB
 * built to make a backtracking pattern quadratic. The edge caps message text at 28,000 characters
 * before any of them runs; these call the functions directly, past the cap, so each is shown to be
 * linear on its own. The bound is the 100 ms per call (a linear pass over 100 KB takes a
 * few milliseconds; the quadratic `[.!?]+$` this replaced took 6 s on 100 KB of dots, and the old
 * list layout 75 s on 33,000 lines). What is compared is the CPU time the call used, fastest of
 * three runs: a test machine busy with other processes stretches wall-clock time but not that,
 * while a super-linear function stays seconds over either way.
 */
const BOUND_MS = 100;
const KB100 = 100_000;

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function timed<T>(run: () => T): { result: T; ms: number } {
  let fastest = Infinity;
  let result: T | undefined;
  for (let i = 0; i < 3; i++) {
    const started = process.cpuUsage();
    result = run();
    fastest = Math.min(fastest, cpuMs(process.cpuUsage(started)));
  }
  return { result: result as T, ms: fastest };
}

const personal = (text: string) => ({ ...teamsMessage(''), text });
const inGroup = (text: string, mentionText = `<at>${BOT.name}</at>`) => ({
  ...teamsMessage('', { scope: 'groupChat', mention: true }),
  text,
  entities: [{ type: 'mention', text: mentionText, mentioned: { ...BOT } }],
});

const adversarialTexts: Array<[string, string]> = [
  ['"<at>" and 100,000 spaces', `<at>${' '.repeat(KB100)}`],
  ['"<at>Planboten" and 100,000 spaces, never closed', `<at>${BOT.name}${' '.repeat(KB100)}`],
  ['25,000 unclosed "<at>"', '<at>'.repeat(25_000)],
  ['nested "<at>" tags closed once at the end', `${'<at>'.repeat(20_000)}${BOT.name}</at>`],
  ['20,000 "<at>x</at>" that are not the bot', '<at>x</at>'.repeat(10_000)],
  ['100,000 dots and a letter (trailing-punctuation trim)', `${'.'.repeat(KB100)}x`],
  ['100,000 slashes and a letter (leading-slash trim)', `${'/'.repeat(KB100)}x`],
  ['" ," repeated 50,000 times (space before punctuation)', ' ,'.repeat(50_000)],
  ['tabs, newlines and no-break spaces', '\t\n\u00a0'.repeat(33_334)],
];

describe('message reading on 100 KB adversarial text', () => {
  it.each(adversarialTexts)('reads %s in a personal chat within the bound', (_label, text) => {
    const { result, ms } = timed(() => readMessage(personal(text)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(['question', 'empty']).toContain(result.kind);
  });

  it.each(adversarialTexts)('strips mentions from %s in a group chat within the bound', (_label, text) => {
    const { ms } = timed(() => stripBotMentions(inGroup(text)));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('still strips the real mention from the end of 100 KB of text, and keeps the rest', () => {
    const text = `${'ord '.repeat(25_000)}<at> ${BOT.name} </at>`;
    const { result, ms } = timed(() => stripBotMentions(inGroup(text)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).toBe('ord '.repeat(25_000).trim());
  });

  it('removes a 256-character mention text repeated through 100 KB within the bound', () => {
    const mention = `<at>${'P'.repeat(247)}</at>`;
    const text = `${mention} fråga `.repeat(Math.floor(KB100 / (mention.length + 7)));
    const { result, ms } = timed(() => stripBotMentions(inGroup(text, mention)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).not.toContain('<at>');
  });
});

describe('reply building on 100 KB adversarial text', () => {
  it.each([
    ['words separated by single spaces', 'a '.repeat(50_000)],
    ['commas and a letter', `${','.repeat(KB100)}x`],
    ['" -" pairs', ' -'.repeat(50_000)],
  ])('truncates %s within the bound', (_label, text) => {
    const { result, ms } = timed(() => truncate(text, 160));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.length).toBeLessThanOrEqual(160);
  });

  it.each([
    ['unclosed brackets', '['.repeat(KB100)],
    ['brackets with digits and no closing one', '[1'.repeat(50_000)],
    ['33,000 markers', '[1]'.repeat(33_000)],
  ])('finds markers in %s within the bound', (_label, text) => {
    const { ms } = timed(() => markersIn(text));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('lays out 33,000 list lines within the bound', () => {
    const { ms } = timed(() => chatMarkdown('- \n'.repeat(33_000)));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('builds a related-outcome reply from 100 KB of lines within the bound', () => {
    const answer: Answer = { question: 'q', answered: false, outcome: 'related', answer: 'ord ord ord\n'.repeat(8_334), citations: [], language: 'sv', suggestions: [] };
    const { ms } = timed(() => answerActivity(answer, { channelId: 'msteams', personal: true }));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('cuts a 100 KB text out of an error’s detail within the bound', () => {
    const text = `${'å'.repeat(KB100 - 1)}x`;
    const error = new Error(`failed on "${text}"`);
    const { result, ms } = timed(() => logSafeDetail(error, { texts: [text, 'a'.repeat(KB100)], ids: ['29:member-1'] }));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).not.toContain(text);
  });
});

describe('the edge on 100 KB adversarial input', () => {
  it('refuses 100 KB of message text before reading it, within the bound', () => {
    const body = JSON.parse(JSON.stringify({ ...teamsMessage(''), text: `<at>${' '.repeat(KB100)}` })) as unknown;
    const { result, ms } = timed(() => validateActivity(body));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).toMatchObject({ ok: false, field: 'text' });
  });

  it('screens a 16 KB authorization header of dots and spaces within the bound', () => {
    for (const header of [`Bearer ${'a.'.repeat(8_000)}`, `Bearer ${' '.repeat(16_000)}x`, `${'Bearer '.repeat(2_000)}`]) {
      const { result, ms } = timed(() => screenBearerToken(header, { appId: 'app', issuers: ['https://api.botframework.com'] }));
      expect(ms).toBeLessThan(BOUND_MS);
      expect(result).toEqual(expect.any(String));
    }
  });
});

describe('the issue’s request over HTTP', () => {
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
    // One ordinary request and one refused one first: the bound is for the text, not for warming up.
    await post('hyvling', 'personal');
    await post('x'.repeat(28_001), 'personal');
  });
  afterAll(() => server.close());

  /**
   * Over HTTP the bound is wall-clock time and wider (2 s, against the 20.8 s the issue measured):
   * the body crosses a socket, the answer pipeline runs, and other processes share the machine.
   */
  const HTTP_BOUND_MS = 2_000;
  const post = async (text: string, scope: 'personal' | 'groupChat') => {
    const { serviceUrl: _none, ...activity } = scope === 'personal' ? personal(text) : inGroup(text);
    const started = performance.now();
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }),
    });
    const body = (await response.json()) as { activities?: Array<{ type: string; text?: string }>; error?: { field?: string } };
    return { status: response.status, body, ms: performance.now() - started };
  };

  it('answers "<at>" followed by 250,000 spaces with a 400 for the text’s length, at once', async () => {
    const { status, body, ms } = await post(`<at>${' '.repeat(250_000)}`, 'personal');
    expect(status).toBe(400);
    expect(body.error?.field).toBe('text');
    expect(ms).toBeLessThan(HTTP_BOUND_MS);
  });

  it.each(['personal', 'groupChat'] as const)('answers the same text at the 28,000-character cap in a %s, at once', async (scope) => {
    const { status, body, ms } = await post(`<at>${' '.repeat(27_990)}`, scope);
    expect(status).toBe(200);
    expect(body.activities?.some((a) => a.type === 'message')).toBe(true);
    expect(ms).toBeLessThan(HTTP_BOUND_MS);
  });
});
