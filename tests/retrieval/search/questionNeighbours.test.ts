import { describe, expect, it } from 'vitest';
import { SwedishAnalyzer } from '../../../retrieval/analysis/analyzer.js';
import type { Chunk } from '../../../retrieval/ingest/chunkSections.js';
import { passageTextHash, type MemberQuestions } from '../../../retrieval/search/memberQuestions.js';
import { loadNearMissQuestions, QuestionNeighbours } from '../../../retrieval/search/questionNeighbours.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { testChunk } from '../../helpers/chunk.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

const strike = testChunk('vp/strejk', 'Som medlem är man skyldig att delta i en strejk som förbundsstyrelsen har beslutat om, och man har rätt till ersättning från förbundet.');
const courses = testChunk('vp/kurser', 'Studieverksamheten är en viktig grundpelare i den fackliga verksamheten.');
const chunks = [strike, courses];
const analyzer = SwedishAnalyzer.fromTexts(chunks.map((c) => c.text));
const bank = (entries: Array<[Chunk, string[]]>): MemberQuestions => ({
  version: 1,
  passages: entries.map(([c, questions]) => ({ id: c.id, textHash: passageTextHash(c.text), questions })),
});

const answered = bank([
  [strike, ['måste jag vara med och strejka om förbundet tar ut mig?', 'är man tvungen att delta i strejken']],
  [courses, ['varför ska man gå fackliga kurser?']],
]);
const nearMisses = bank([
  [strike, ['hur många kronor per dag är strejkersättningen?', 'när betalas strejkersättningen ut?']],
  [courses, ['vad kostar kurserna i kronor?']],
]);

describe('QuestionNeighbours', () => {
  const neighbours = new QuestionNeighbours(answered, nearMisses, chunks, analyzer);
  const overall = (question: string, weightOf?: (q: string) => number) => neighbours.nearMissShares(question, new Set(), weightOf).overall;

  it('reads an ask like the near misses as one the plans leave open, and one like the member questions as answered', () => {
    expect(overall('hur mycket får man i strejkersättning per dag, hur många kronor')).toBeGreaterThan(0.5);
    expect(overall('är jag tvungen att strejka?')).toBeLessThan(0.5);
  });

  it('lets the caller weigh bank questions down, as the answer layer does with ones asking for another type', () => {
    const nearMissTexts = new Set(nearMisses.passages.flatMap((p) => p.questions));
    const question = 'hur många kronor får man om man strejkar?';
    expect(overall(question)).toBeGreaterThan(0.5);
    expect(overall(question, (q) => (nearMissTexts.has(q) ? 0.01 : 1))).toBeLessThan(0.5);
  });

  it('gives no vote for a question like none of them, and looks only at the passages asked for', () => {
    expect(overall('recept på kanelbullar')).toBe(0);
    expect(overall('vad kostar kurserna?')).toBeGreaterThan(0.5);
    expect(neighbours.nearMissShares('vad kostar kurserna?', new Set(['vp/strejk'])).among).toBe(0);
  });

  it('leaves out near misses written for a passage text that has since changed', () => {
    const stale = bank([[testChunk('vp/strejk', 'En äldre version av stycket.'), ['hur många kronor per dag är strejkersättningen?']]]);
    expect(new QuestionNeighbours(answered, stale, chunks, analyzer).size).toEqual({ answered: 3, unanswered: 0 });
  });

  it('has near misses for every passage of the plans in corpus/, none of them stale', async () => {
    const { built } = await buildIndex(CORPUS_DIR);
    const file = loadNearMissQuestions();
    const ids = new Set(built.retriever.chunks.map((c) => c.id));
    const current = new QuestionNeighbours({ version: 1, passages: [] }, file, built.retriever.chunks, built.retriever.analyzer);
    expect(new Set(file.passages.map((p) => p.id))).toEqual(ids);
    expect(current.size.unanswered).toBe(file.passages.reduce((sum, p) => sum + p.questions.length, 0));
  });
});
