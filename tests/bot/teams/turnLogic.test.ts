import { TestAdapter, type Activity } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeAnswer } from '../../../bot/answer/composeAnswer.js';
import { botLogic } from '../../../bot/teams/botbuilderHost.js';
import { CITATION_LIMITS, markersIn, type AiMessageEntity } from '../../../bot/teams/citationEntity.js';
import { MemoryFeedbackStore, type FeedbackStore } from '../../../bot/teams/feedbackStore.js';
import type { TurnDependencies } from '../../../bot/teams/handleTurn.js';
import { EXAMPLE_QUESTIONS } from '../../../bot/teams/teamsMessages.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { BOT, USER, botAdded, feedbackInvoke, teamsMessage } from './activities.js';

let retriever: Retriever;
beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
});

interface Bot {
  /** Sends one activity through botbuilder's TestAdapter and returns every activity the bot sent back. */
  turn(activity: Activity): Promise<Array<Partial<Activity>>>;
  feedback: FeedbackStore;
  logs: string[];
  questions: string[];
}

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
  const adapter = new TestAdapter(botLogic(deps));
  return {
    feedback,
    logs,
    questions,
    async turn(activity) {
      await adapter.processActivity(activity);
      return adapter.activeQueue.splice(0);
    },
  };
}

const messages = (replies: Array<Partial<Activity>>) => replies.filter((r) => r.type === 'message');
const aiEntity = (reply: Partial<Activity>) => reply.entities?.find((e) => e.type === 'https://schema.org/Message') as AiMessageEntity | undefined;

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
    expect(aiEntity(reply)!.citation).toHaveLength(2);
  });

  it('says plainly when the plans do not answer, and offers nearby topics as suggested actions', async () => {
    const [reply] = messages(await testBot().turn(teamsMessage('vad kostar medlemsavgiften?')));
    expect(reply.text).toMatch(/^Det står inte i planerna\./);
    expect(aiEntity(reply)!.citation).toEqual([]);
    const actions = reply.suggestedActions!.actions;
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(3);
    for (const action of actions) {
      expect(action.type).toBe('imBack');
      expect(action.value).toMatch(/^Vad säger planerna om .+\?$/);
      expect(reply.text).toContain(action.title);
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
    const [reply] = messages(await testBot().turn(teamsMessage('vad kostar medlemsavgiften?', { scope: 'groupChat', mention: true })));
    expect(reply.text).toMatch(/^Det står inte i planerna\./);
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
});

describe('failures', () => {
  it.each(['personal', 'groupChat'] as const)('gives the member a short apology and logs the detail without the question or ids (%s)', async (scope) => {
    const question = 'vad säger planen om min lön på Posten?';
    const bot = testBot({
      answer: async (_retriever, asked) => {
        throw new Error(`index exploded while reading "${asked}"`);
      },
    });
    const replies = messages(await bot.turn(teamsMessage(question, { scope, mention: scope !== 'personal' })));
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toBe('Förlåt, något gick fel hos mig. Försök igen om en stund.');
    expect(replies[0].text).not.toMatch(/\bat\b|Error|exploded/);
    const log = bot.logs.join('\n');
    expect(log).toContain('index exploded');
    expect(log).toMatch(/\n\s+at /); // the stack is in the log
    for (const secret of [question, USER.id, USER.aadObjectId, `conversation-${scope}`]) expect(log).not.toContain(secret);
  });
});

describe('follow-up questions in a Teams conversation', () => {
  it('understands "och i förra planen?" after a question in the same chat', async () => {
    const { createAnswerFunction } = await import('../../../bot/answer/answerService.js');
    const { ConversationMemory } = await import('../../../bot/conversation/conversationMemory.js');
    const bot = testBot({ answer: createAnswerFunction({ memory: new ConversationMemory() }) });
    await bot.turn(teamsMessage('vad säger planen om hyvling?'));
    const [reply] = messages(await bot.turn(teamsMessage('och i förra planen?')));
    expect(reply.text).toMatch(/hyvling/i);
    expect(aiEntity(reply)?.citation.length).toBeGreaterThan(0);
  });
});
