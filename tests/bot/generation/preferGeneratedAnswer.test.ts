import { FakeListChatModel } from '@langchain/core/utils/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSchema } from '../../../bot/answer/answerSchema.js';
import { composeAnswer } from '../../../bot/answer/composeAnswer.js';
import { loadPrompts, type Prompts } from '../../../bot/generation/loadPrompts.js';
import { preferGeneratedAnswer, toGenerationPassage } from '../../../bot/generation/preferGeneratedAnswer.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { RecordingChatModel } from './fakeChatModels.js';

let retriever: Retriever;
let prompts: Prompts;
beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
  prompts = loadPrompts();
});

const QUESTION = 'hur många ambassadörer har förbundet?';

async function extractiveWithPassages(question: string) {
  const extractive = await composeAnswer(retriever, question);
  const passages = await retriever.search(extractive.question, { limit: 6 });
  return { extractive, passages };
}

describe('preferGeneratedAnswer (retrieval → model → Answer)', () => {
  it('labels passages as plan › section, stycke n, with the chunk id and verbatim text', async () => {
    const { passages } = await extractiveWithPassages(QUESTION);
    const first = toGenerationPassage(passages[0]);
    expect(first.id).toBe(passages[0].chunk.id);
    expect(first.text).toBe(passages[0].chunk.text);
    expect(first.label).toMatch(/^.+ › .+, stycke \d+(–\d+)?$/);
  });

  it('serves a verified generated answer with citations in marker order', async () => {
    const { extractive, passages } = await extractiveWithPassages(QUESTION);
    const source = passages.find((p) => p.chunk.text.includes('ambassadörer'))!;
    // The whole sentence, with the plan's own "ambassadörer" quoted inside the model's ”…”.
    const sentence = /Förbundet har[^.]*\./.exec(source.chunk.text)![0];
    expect(sentence).toContain('"ambassadörer"');
    const model = new FakeListChatModel({
      responses: [JSON.stringify({ answered: true, answer: `Planen säger: ”${sentence}” [1]`, citations: [source.chunk.id] })],
    });
    const { answer, generation } = await preferGeneratedAnswer(extractive, passages, { chatModel: model, prompts, timeoutMs: 1_000 });
    expect(generation).toEqual({ mode: 'generated', promptVersion: 'v1' });
    expect(answerSchema.parse(answer).citations.map((c) => c.id)).toEqual([source.chunk.id]);
    expect(answer.citations[0].quote).toBe(source.chunk.text);
    expect(answer.answer).toContain('[1]');
  });

  it('falls back to the extractive answer, with the reason, when the model invents a source', async () => {
    const { extractive, passages } = await extractiveWithPassages(QUESTION);
    const model = new FakeListChatModel({ responses: [JSON.stringify({ answered: true, answer: 'Tusentals [1].', citations: ['vp-2099/pahittat/p1'] })] });
    const result = await preferGeneratedAnswer(extractive, passages, { chatModel: model, prompts, timeoutMs: 1_000 });
    expect(result).toEqual({
      answer: extractive,
      generation: { mode: 'extractive', fallbackReason: 'invalid-citation', fallbackDetail: expect.stringContaining('vp-2099/pahittat/p1'), promptVersion: 'v1' },
    });
  });

  it('keeps the extractive answer when the model declines, and never asks the model about a refusal', async () => {
    const { extractive, passages } = await extractiveWithPassages(QUESTION);
    const declining = new FakeListChatModel({ responses: [JSON.stringify({ answered: false, answer: 'Det står inte i planerna.', citations: [] })] });
    expect((await preferGeneratedAnswer(extractive, passages, { chatModel: declining, prompts, timeoutMs: 1_000 })).generation.fallbackReason).toBe('model-declined');

    const refusal = await extractiveWithPassages('vad kostar en pizza i Rom?');
    expect(refusal.extractive.answered).toBe(false);
    const model = new RecordingChatModel(['{}']);
    const result = await preferGeneratedAnswer(refusal.extractive, refusal.passages, { chatModel: model, prompts, timeoutMs: 1_000 });
    expect(result).toEqual({ answer: refusal.extractive, generation: { mode: 'extractive' } });
    expect(model.calls).toHaveLength(0);
  });

  it('is the extractive answer when no model is configured', async () => {
    const { extractive, passages } = await extractiveWithPassages(QUESTION);
    expect(await preferGeneratedAnswer(extractive, passages, null)).toEqual({ answer: extractive, generation: { mode: 'extractive' } });
  });
});
