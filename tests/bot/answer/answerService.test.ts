import { FakeListChatModel } from '@langchain/core/utils/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../../bot/answer/answerSchema.js';
import { createAnswerFunction } from '../../../bot/answer/answerService.js';
import { ConversationMemory } from '../../../bot/conversation/conversationMemory.js';
import { loadPrompts } from '../../../bot/generation/loadPrompts.js';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

let retriever: Retriever;
beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
});

describe('createAnswerFunction', () => {
  it('is the extractive answer, marked as such, when no model is configured', async () => {
    const answer = answerSchema.parse(await createAnswerFunction()(retriever, 'hur många ambassadörer har förbundet?'));
    expect(answer.generation).toEqual({ mode: 'extractive' });
    expect(answer.citations[0].document.id).toBe('vp-2025-2029');
  });

  it('answers a repeated question the same from its cache, and a caller changing one answer changes no other', async () => {
    const cached = createAnswerFunction();
    const first = await cached(retriever, 'vad säger planen om hyvling?');
    first.citations.length = 0;
    first.answer = 'ändrat';
    const again = await cached(retriever, 'vad säger planen om hyvling?');
    const uncached = await createAnswerFunction({ cacheSize: 0 })(retriever, 'vad säger planen om hyvling?');
    expect(again).toEqual(uncached);
    expect(again.citations.length).toBeGreaterThan(0);
  });

  it('understands a follow-up in the same conversation, not in another', async () => {
    const answer = createAnswerFunction({ memory: new ConversationMemory() });
    await answer(retriever, 'vad säger planen om hyvling?', { conversationId: 'a' });
    const followUp = answerSchema.parse(await answer(retriever, 'och i förra planen?', { conversationId: 'a' }));
    expect(followUp.standaloneQuestion).toMatch(/hyvling/i);
    expect(followUp.citations.some((c) => c.quote.includes('hyvling'))).toBe(true);
    const elsewhere = answerSchema.parse(await answer(retriever, 'och i förra planen?', { conversationId: 'b' }));
    expect(elsewhere.standaloneQuestion).toBeUndefined();
  });

  it('says a follow-up came without its conversation, in chat spelling too ("o" for "och"), and not for a question of its own', async () => {
    const answer = createAnswerFunction({ memory: new ConversationMemory() });
    for (const q of ['och för unga?', 'o för unga?']) {
      expect((await answer(retriever, q, { conversationId: `new-${q}` })).conversation, q).toEqual({ known: false, missingContext: true });
    }
    expect((await answer(retriever, 'vad säger planen om hyvling?', { conversationId: 'new-own' })).conversation).toEqual({ known: false, missingContext: false });
  });

  it('falls back to the extractive answer, visibly, when the model invents a citation', async () => {
    const chatModel = new FakeListChatModel({ responses: ['{"answered": true, "answer": "Seko har 9 000 ambassadörer [1].", "citations": ["vp-2099/påhittad/p1"]}'] });
    const notes: string[] = [];
    const answer = createAnswerFunction({ generator: { chatModel, prompts: loadPrompts(), timeoutMs: 1_000 }, log: (m) => notes.push(m) });
    const result = answerSchema.parse(await answer(retriever, 'hur många ambassadörer har förbundet?'));
    expect(result.generation).toEqual({ mode: 'extractive', fallbackReason: 'invalid-citation' });
    expect(result.answer).toContain('över 5 000');
    expect(notes.join('\n')).toContain('invalid-citation');
    expect(notes.join('\n')).not.toContain('ambassadörer har förbundet');
  });
});

describe('POST /api/ask with conversationId', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ retriever, port: 0, host: '127.0.0.1', answer: createAnswerFunction({ memory: new ConversationMemory() }) });
  });
  afterAll(() => server.close());

  it('rewrites a follow-up using the earlier question of the same conversation', async () => {
    const ask = async (question: string) =>
      answerSchema.parse(await (await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, conversationId: 'web-1' }) })).json());
    await ask('vilka mål fanns för studier 2020?');
    const followUp = await ask('och för trygghet på arbetsplatsen?');
    expect(followUp.standaloneQuestion).toBeDefined();
    expect(followUp.citations[0].sectionPath).toEqual(['Trygghet på arbetsplatsen', 'Mål']);
  });
});
