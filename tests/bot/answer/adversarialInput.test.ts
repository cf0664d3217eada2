import { beforeAll, describe, expect, it } from 'vitest';
import { composeAnswer } from '../../../bot/answer/composeAnswer.js';
import { MAX_QUESTION_CHARS } from '../../../bot/answer/cleanQuestion.js';
import { normalizeColloquial } from '../../../retrieval/analysis/colloquial.js';
import { questionSegments } from '../../../retrieval/analysis/questionSegments.js';
import { InputError } from '../../../retrieval/errors.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

let retriever: Retriever;
beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
});

/** Fastest of three runs, in ms: robust to the scheduler when test files run in parallel. */
async function fastest(run: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

// Shapes that make backtracking regexes blow up: long runs of what a pattern repeats, then a mismatch.
const shapes = (n: number): Array<[string, string]> => [
  ['spaces', ' '.repeat(n) + 'x'],
  ['chat words', 'e '.repeat(n / 2) + '!'],
  ['unclosed tags', '<a '.repeat(n / 3)],
  ['question frames', 'vad säger planen om '.repeat(n / 20)],
  ['own-case frames', 'kan chefen bara '.repeat(n / 16)],
  ['digits and dashes', '1 - '.repeat(n / 4)],
  ['sentence ends', 'a. '.repeat(n / 3) + '?'],
  ['emoji', '🙄'.repeat(n / 2)],
];

describe('answers on crafted input', () => {
  it('rejects 100 KB of any crafted shape within 100 ms with a clear error (whitespace collapses to what is left)', async () => {
    for (const [name, text] of shapes(100_000)) {
      const result = await composeAnswer(retriever, text).catch((e: unknown) => e);
      expect(await fastest(() => composeAnswer(retriever, text).catch(() => undefined)), name).toBeLessThan(100);
      if (name === 'spaces') expect(result).toMatchObject({ question: 'x' });
      else expect(result, name).toBeInstanceOf(InputError);
    }
  });

  it('answers the longest allowed question of every crafted shape within 100 ms', async () => {
    // Warm the code paths once (a running server has): super-linear backtracking is slow every time.
    for (const [, text] of shapes(200)) await composeAnswer(retriever, text).catch(() => undefined);
    for (const [name, text] of shapes(MAX_QUESTION_CHARS - 10)) {
      const answer = await composeAnswer(retriever, text.slice(0, MAX_QUESTION_CHARS)).catch((e: unknown) => e);
      expect(await fastest(() => composeAnswer(retriever, text.slice(0, MAX_QUESTION_CHARS)).catch(() => undefined)), name).toBeLessThan(100);
      if (!(answer instanceof InputError)) expect(answer).toHaveProperty('outcome');
    }
  });

  it('runs the question analysis in linear time: twenty times the text takes about twenty times as long, not four hundred', async () => {
    const small = shapes(5_000);
    const large = shapes(100_000);
    for (const [i, [name, text]] of large.entries()) {
      const tSmall = await fastest(() => questionSegments(normalizeColloquial(small[i][1])));
      const tLarge = await fastest(() => questionSegments(normalizeColloquial(text)));
      expect(tLarge, name).toBeLessThan(100 * tSmall + 100);
    }
  });
});
