import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../../bot/answer/answerSchema.js';
import { composeAnswer } from '../../../bot/answer/composeAnswer.js';
import type { IncomingActivity } from '../../../bot/teams/activitySchema.js';
import { CITATION_LIMITS, markersIn, type AiMessageEntity } from '../../../bot/teams/citationEntity.js';
import { MemoryFeedbackStore, type FeedbackStore } from '../../../bot/teams/feedbackStore.js';
import { handleTurn, type TurnDependencies } from '../../../bot/teams/handleTurn.js';
import type { OutgoingActivity } from '../../../bot/teams/outgoingActivity.js';
import { EXAMPLE_QUESTIONS } from '../../../bot/teams/teamsMessages.js';
import { validateActivity } from '../../../bot/teams/validateActivity.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { BOT, USER, botAdded, feedbackInvoke, teamsMessage } from './activities.js';

let retriever: Retriever;
beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
});

interface Bot {
  /** Runs one turn on a (validated) activity and returns every activity the bot sent back. */
  turn(activity: IncomingActivity): Promise<OutgoingActivity[]>;
  feedback: FeedbackStore;
  logs: string[];
  questions: string[];
}

/**
 * The turn logic with a recording `send` port that, like Teams, gives each posted activity an id.
 * Every activity is first checked by the edge's validation, so the fixtures stay real activities.
 */
function testBot(overrides: Partial<TurnDependencies> = {}): Bot {
  const feedback = new MemoryFeedbackStore();
  const logs: string[] = [];
  const questions: string[] = [];
  const deps: TurnDependencies = {
    getRetriever: () => retriever,
    feedback,
    log: (m) => logs.push(m),
    answer: (r, q) => {
      questions.push(q);
      return composeAnswer(r, q);
    },
    ...overrides,
  };
  let posted = 0;
  return {
    feedback,
    logs,
    questions,
    async turn(activity) {
      const checked = validateActivity(JSON.parse(JSON.stringify(activity)));
      if (!checked.ok) throw new Error(`fixture is not a valid activity: ${checked.field} ${checked.problem}`);
      const sent: OutgoingActivity[] = [];
      await handleTurn(checked.activity, { send: async (a) => (sent.push(a), { id: `posted-${++posted}` }) }, deps);
      return sent;
    },
  };
}

const messages = (replies: OutgoingActivity[]) => replies.filter((r) => r.type === 'message');
const aiEntity = (reply: OutgoingActivity) => reply.entities?.find((e) => e.type === 'https://schema.org/Message') as AiMessageEntity | undefined;

describe('a question in personal chat', () => {
  it('shows typing, then answers with [n] markers and one Teams citation per marker', async () => {
    const bot = testBot();
    const replies = await bot.turn(teamsMessage('hur många ambassadörer har förbundet?'));
    expect(replies.map((r) => r.type)).toEqual(['typing', 'message']);
    const [reply] = messages(replies);
    expect(reply.text).toContain('Förbundet har över 5 000 "ambassadörer"');
    expect(reply.text).toMatch(/\[1\]/);
    // Teams renders the citations itself: no source list in the text.
    expect(reply.text).not.toContain('**Källor**');

    const entity = aiEntity(reply)!;
    expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', additionalType: ['AIGeneratedContent'] });
    expect(reply.entities!.filter((e) => e.type === 'https://schema.org/Message')).toHaveLength(1);
    expect(entity.citation.map((c) => c.position)).toEqual(markersIn(reply.text!).sort((a, b) => a - b));
    const [first] = entity.citation;
    expect(first).toMatchObject({ '@type': 'Claim', position: 1, appearance: { '@type': 'DigitalDocument', name: 'Verksamhetsplan 2025–2029 › Studier' } });
    expect(first.appearance.abstract.startsWith('Kunniga och närvarande förtroendevalda')).toBe(true);
    for (const { appearance } of entity.citation) {
      expect(appearance.name.length).toBeLessThanOrEqual(CITATION_LIMITS.name);
      expect(appearance.abstract.length).toBeLessThanOrEqual(CITATION_LIMITS.abstract);
      expect(appearance.keywords!.length).toBeLessThanOrEqual(CITATION_LIMITS.keywords);
      for (const k of appearance.keywords!) expect(k.length).toBeLessThanOrEqual(CITATION_LIMITS.keyword);
    }
  });

  it('enables thumbs up/down in the current form only', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('vad säger planen om hyvling?')));
    expect(reply.channelData).toEqual({ feedbackLoop: { type: 'default' } });
    expect(reply.channelData).not.toHaveProperty('feedbackLoopEnabled');
  });

  it('adds a numbered source list where citations are not rendered (Emulator)', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('hur många ambassadörer har förbundet?', { channelId: 'emulator' })));
    expect(reply.text).toContain('**Källor**');
    expect(reply.text).toContain('- [1] Verksamhetsplan 2025–2029 › Studier, stycke 1');
    expect(reply.text).toContain('- [2] Förbundets verksamhetsplan 2021–2025 › Studier, stycke 1');
    // One numbered line per citation, none left out.
    const listed = reply.text!.split('**Källor**')[1].match(/^- \[\d+\] /gm) ?? [];
    expect(listed).toHaveLength(aiEntity(reply)!.citation.length);
  });

  it('says plainly when the plans do not answer, and offers nearby topics as suggested actions', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('recept på kanelbullar')));
    expect(reply.text).toMatch(/^Det står inte i planerna/);
    expect(aiEntity(reply)!.citation).toEqual([]);
    const actions = reply.suggestedActions!.actions;
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(3);
    for (const action of actions) {
      expect(action.type).toBe('imBack');
      expect(action.value).toMatch(/^Vad säger planerna om .+\?$/);
      // The chip names a topic the reply mentions (the text may write it in lower case mid-sentence).
      expect(reply.text!.toLowerCase()).toContain(action.title.toLowerCase());
    }
    expect(reply.suggestedActions!.to).toEqual([USER.id]);
  });

  it('answers "hjälp" and "källor"', async () => {
    const bot = testBot();
    const [help] = messages(await bot.turn(teamsMessage('Hjälp!')));
    expect(help.text).toContain('Det här kan jag');
    expect(help.text).toContain('källor');
    const [sources] = messages(await bot.turn(teamsMessage('källor')));
    expect(sources.text).toContain('**Verksamhetsplan 2025–2029**: förbundets verksamhetsplan, 2025–2029, gällande');
    expect(sources.text).toContain('**Förbundets verksamhetsplan 2021–2025**: förbundets verksamhetsplan, 2021–2025, tidigare');
    expect(sources.text).toContain('**Prioriterade områden och mål 2020**: förbundsstyrelsens årliga prioriteringar, 2020, tidigare');
    expect(sources.text).toContain('**Seko Stockholms verksamhetsplan 2018**: regional plan för Seko Stockholm, 2018, tidigare');
    // The PDF extract duplicates the 2021 plan and has no passages of its own.
    expect(sources.text).not.toContain('PDF-utdrag');
    expect(bot.questions).toEqual([]);
  });

  it('replies to an over-long question with the reason, not an error', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('hyvling '.repeat(200))));
    expect(reply.text).toMatch(/Frågan är för lång/);
  });

  it('asks the member to wait while the index loads', async () => {
    const [reply] = messages(await testBot({ getRetriever: () => undefined }).turn(teamsMessage('vad säger planen om hyvling?')));
    expect(reply.text).toMatch(/startar/);
  });
});

describe('group chats and channels', () => {
  it.each(['groupChat', 'channel'] as const)('in a %s, ignores messages that do not @mention the bot', async (scope) => {
    const bot = testBot();
    expect(await bot.turn(teamsMessage('vad säger planen om hyvling?', { scope }))).toEqual([]);
    expect(bot.questions).toEqual([]);
  });

  it.each(['groupChat', 'channel'] as const)('in a %s, answers an @mention with the mention stripped from the question', async (scope) => {
    const bot = testBot();
    const replies = await bot.turn(teamsMessage('hur många ambassadörer har förbundet?', { scope, mention: true }));
    expect(bot.questions).toEqual(['hur många ambassadörer har förbundet?']);
    expect(replies.map((r) => r.type)).toEqual(['typing', 'message']);
    expect(aiEntity(messages(replies)[0])!.citation.length).toBeGreaterThan(0);
  });

  it('does not offer suggested actions in a group, where a tap would lose the @mention', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('recept på kanelbullar', { scope: 'groupChat', mention: true })));
    expect(reply.text).toMatch(/^Det står inte i planerna/);
    expect(reply.suggestedActions).toBeUndefined();
  });

  it('tells a group that it needs an @mention when asked for help', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('hjälp', { scope: 'channel', mention: true })));
    expect(reply.text).toContain('@Planboten');
  });

  it('answers a bare @mention with a prompt for a question', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('', { scope: 'groupChat', mention: true })));
    expect(reply.text).toMatch(/Vad vill du veta\?/);
  });
});

describe('conversation start', () => {
  it.each(['groupChat', 'channel'] as const)('posts a Swedish welcome with three example questions when added to a %s', async (scope) => {
    const [reply] = messages(await testBot().turn(botAdded(scope)));
    expect(reply.text).toMatch(/^Hej! Jag är Planboten\./);
    expect(reply.text).toContain(`@${BOT.name}`);
    for (const question of EXAMPLE_QUESTIONS) expect(reply.text).toContain(`- ${question}`);
  });

  it('leaves personal chat to the manifest’s prompt starters (no welcome message)', async () => {
    expect(await testBot().turn(botAdded('personal'))).toEqual([]);
  });

  it('welcomes in the Emulator, which has no prompt starters, without asking for an @mention', async () => {
    const [reply] = messages(await testBot().turn(botAdded('personal', 'emulator')));
    expect(reply.text).toMatch(/^Hej!/);
    expect(reply.text).toContain('Skriv din fråga, till exempel:');
    expect(reply.text).not.toContain('@');
  });

  it('offers example questions that the plans answer', async () => {
    for (const question of EXAMPLE_QUESTIONS) expect((await composeAnswer(retriever, question)).answered).toBe(true);
  });
});

describe('feedback', () => {
  it('answers the message/submitAction invoke with 200 and no body, and counts per answer without the member', async () => {
    const bot = testBot();
    const replies = await bot.turn(feedbackInvoke('answer-1', 'like', 'Bra svar från mig, Medlem'));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ type: 'invokeResponse', value: { status: 200 } });
    expect(replies[0].value).not.toHaveProperty('body');
    await bot.turn(feedbackInvoke('answer-1', 'dislike'));
    await bot.turn(feedbackInvoke('answer-2', 'like'));
    expect(await bot.feedback.get('answer-1')).toEqual({ like: 1, dislike: 1 });
    expect(await bot.feedback.totals()).toEqual({ like: 2, dislike: 1, answers: 2 });
    const kept = JSON.stringify(bot.feedback);
    for (const identity of [USER.id, USER.name, USER.aadObjectId, 'Bra svar']) expect(kept).not.toContain(identity);
  });

  it('rejects a malformed feedback invoke with 400', async () => {
    const invoke = feedbackInvoke('answer-1', 'like');
    invoke.value = { actionName: 'feedback', actionValue: { reaction: 'meh' } };
    const [reply] = await testBot().turn(invoke);
    expect(reply).toMatchObject({ type: 'invokeResponse', value: { status: 400 } });
  });

  it('counts a redelivered feedback event once', async () => {
    const bot = testBot();
    const invoke = feedbackInvoke('answer-9', 'like');
    await bot.turn(invoke);
    const [again] = await bot.turn(invoke);
    expect(again).toMatchObject({ type: 'invokeResponse', value: { status: 200 } });
    expect(await bot.feedback.get('answer-9')).toEqual({ like: 1, dislike: 0 });
  });

  it('answers an invoke it does not support with 400 and a reason, never 501', async () => {
    const invoke = { ...feedbackInvoke('answer-1', 'like'), name: 'adaptiveCard/action' };
    const [reply] = await testBot().turn(invoke);
    expect(reply).toMatchObject({ type: 'invokeResponse', value: { status: 400, body: { error: { code: 'UNSUPPORTED_INVOKE' } } } });
  });
});

describe('informative update while a hosted model writes the answer', () => {
  const streamInfo = (reply: OutgoingActivity) => reply.entities?.find((e) => e.type === 'streaminfo');

  it('shows "Söker i planerna …" in a personal chat and ends that stream with the answer', async () => {
    const replies = await testBot({ slowAnswers: true }).turn(teamsMessage('vad säger planen om hyvling?'));
    expect(replies.map((r) => r.type)).toEqual(['typing', 'message']);
    const [update, answer] = replies;
    expect(update.text).toBe('Söker i planerna …');
    expect(streamInfo(update)).toEqual({ type: 'streaminfo', streamType: 'informative', streamSequence: 1 });
    // The id Teams gave the informative update is the stream's id; the final message carries no sequence.
    expect(streamInfo(answer)).toEqual({ type: 'streaminfo', streamType: 'final', streamId: expect.stringMatching(/^posted-/) });
    expect(answer.channelData).toMatchObject({ feedbackLoop: { type: 'default' }, streamType: 'final', streamId: streamInfo(answer)!.streamId });
    expect(aiEntity(answer)!.citation.length).toBeGreaterThan(0);
  });

  it('ends the stream with the apology when the answer fails', async () => {
    const bot = testBot({ slowAnswers: true, answer: async () => Promise.reject(new Error('model timeout')) });
    const [, apology] = await bot.turn(teamsMessage('vad säger planen om hyvling?'));
    expect(apology.text).toMatch(/^Förlåt/);
    expect(streamInfo(apology)).toMatchObject({ streamType: 'final' });
  });

  it('uses a plain typing indicator in a group chat (Teams streams only one-to-one) and without a hosted model', async () => {
    const group = await testBot({ slowAnswers: true }).turn(teamsMessage('vad säger planen om hyvling?', { scope: 'groupChat', mention: true }));
    const extractive = await testBot({ slowAnswers: false }).turn(teamsMessage('vad säger planen om hyvling?'));
    for (const replies of [group, extractive]) {
      expect(replies[0]).toEqual({ type: 'typing' });
      expect(streamInfo(replies[1])).toBeUndefined();
    }
  });
});

describe('citation links', () => {
  const APP_ID = '11111111-2222-4333-8444-555555555555';
  const firstUrl = async (deps: Partial<TurnDependencies>, channelId = 'msteams') => {
    const [reply] = messages(await testBot(deps).turn(teamsMessage('hur många ambassadörer har förbundet?', { channelId })));
    return aiEntity(reply)!.citation[0].appearance.url;
  };

  it('open the section in the tab inside Teams when PUBLIC_BASE_URL and TEAMS_APP_ID are set', async () => {
    const url = new URL((await firstUrl({ publicBaseUrl: 'https://planboten.example.org', teamsAppId: APP_ID }))!);
    expect(`${url.origin}${url.pathname}`).toBe(`https://teams.microsoft.com/l/entity/${APP_ID}/planerna`);
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: 'vp-2025-2029/studier/p1' });
    expect(url.searchParams.get('webUrl')).toBe('https://planboten.example.org/tab?section=vp-2025-2029%2Fstudier%2Fp1');
    expect(url.searchParams.get('label')).toBe('Studier');
  });

  it('link to the tab’s web address without TEAMS_APP_ID or outside Teams, and not at all without PUBLIC_BASE_URL', async () => {
    const web = 'https://planboten.example.org/tab?section=vp-2025-2029%2Fstudier%2Fp1';
    expect(await firstUrl({ publicBaseUrl: 'https://planboten.example.org' })).toBe(web);
    expect(await firstUrl({ publicBaseUrl: 'https://planboten.example.org', teamsAppId: APP_ID }, 'emulator')).toBe(web);
    expect(await firstUrl({ teamsAppId: APP_ID })).toBeUndefined();
  });
});

describe('a question the plans touch on but do not answer (outcome "related")', () => {
  /** A related answer in the answer layer's form: what the plans lack, then the closest passages, cited. */
  async function relatedAnswer(): Promise<Answer> {
    const near = await composeAnswer(retriever, 'hur många ambassadörer har förbundet?');
    const context = near.citations.map((c, i) => `Enligt ${c.document.title}, ${c.section}: "${c.quote.slice(0, 60)}" [${i + 1}]`);
    return {
      ...near,
      answered: false,
      outcome: 'related',
      answer: ['Planerna säger inget om lön för ambassadörer. Det närmaste de tar upp:', ...context].join('\n'),
      suggestions: [{ title: 'ambassadörer', question: 'Vad säger planerna om ambassadörer?' }],
    };
  }

  it('sets what the plans do not answer apart in bold and lists the closest passages as context, cited', async () => {
    const related = await relatedAnswer();
    const [reply] = messages(await testBot({ answer: async () => related }).turn(teamsMessage('vad tjänar en ambassadör?')));
    const [lead, list] = reply.text!.split('\n\n');
    expect(lead).toBe('**Planerna säger inget om lön för ambassadörer. Det närmaste de tar upp:**');
    const items = list.split('\n');
    expect(items).toHaveLength(related.citations.length);
    items.forEach((item, i) => expect(item).toMatch(new RegExp(`^- Enligt .+\\[${i + 1}\\]$`)));
    expect(aiEntity(reply)!.citation.map((c) => c.position)).toEqual(related.citations.map((_, i) => i + 1));
    // Not an answer: the nearby topics are offered as with "no answer".
    expect(reply.suggestedActions!.actions.map((a) => a.value)).toEqual(['Vad säger planerna om ambassadörer?']);
  });

  it('is told apart from an answer in every channel, the Emulator’s source list included', async () => {
    const [reply] = messages(await testBot({ answer: async () => relatedAnswer() }).turn(teamsMessage('vad tjänar en ambassadör?', { channelId: 'emulator' })));
    expect(reply.text).toMatch(/^\*\*Planerna säger inget om/);
    expect(reply.text).toContain('**Källor**');
  });
});
