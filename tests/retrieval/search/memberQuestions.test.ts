import { describe, expect, it } from 'vitest';
import { SwedishAnalyzer } from '../../../retrieval/analysis/analyzer.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { loadMemberQuestions, passageTextHash, QuestionIndex, type MemberQuestions } from '../../../retrieval/search/memberQuestions.js';
import { testChunk } from '../../helpers/chunk.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

const chunks = [
  testChunk('vp/a', 'Anställningsskyddet och saklig grund är centrala för tryggheten i arbetslivet.'),
  testChunk('vp/b', 'Studieverksamheten är en viktig grundpelare i den fackliga verksamheten.'),
];
const analyzer = SwedishAnalyzer.fromTexts(chunks.map((c) => c.text));
const questions = (entries: Array<[string, string, string[]]>): MemberQuestions => ({
  version: 1,
  passages: entries.map(([id, text, qs]) => ({ id, textHash: passageTextHash(text), questions: qs })),
});

describe('QuestionIndex', () => {
  it('finds a passage through a member question in everyday words the passage never uses', () => {
    const index = new QuestionIndex(
      questions([
        ['vp/a', chunks[0].text, ['ska det bli lättare att säga upp folk?', 'can my boss fire me without a reason?']],
        ['vp/b', chunks[1].text, ['varför ska man gå fackliga kurser?']],
      ]),
      chunks,
      analyzer,
    );
    const top = (q: string) => index.search(analyzer.analyze(q, 'query'), 5).map((h) => chunks[h.index].id);
    expect(top('blir det lättare för chefen att säga upp folk')[0]).toBe('vp/a');
    expect(top('vad är poängen med kurserna')[0]).toBe('vp/b');
    expect(top('recept på kanelbullar')).toEqual([]);
  });

  it('leaves out questions whose passage is gone or whose text changed, never giving them to another passage', () => {
    const index = new QuestionIndex(
      questions([
        ['vp/a', 'En äldre version av stycket.', ['ska det bli lättare att säga upp folk?']],
        ['vp/gone', 'Ett stycke som inte finns.', ['vad gäller för kurser?']],
      ]),
      chunks,
      analyzer,
    );
    expect(index.stale).toEqual(['vp/a', 'vp/gone']);
    expect(index.size).toBe(0);
    expect(index.search(analyzer.analyze('säga upp folk', 'query'), 5)).toEqual([]);
  });

  it('has questions for every passage of the plans in corpus/, none of them stale', async () => {
    const { built } = await buildIndex(CORPUS_DIR);
    const file = loadMemberQuestions();
    const index = new QuestionIndex(file, built.retriever.chunks, built.retriever.analyzer);
    expect(index.stale).toEqual([]);
    expect(new Set(file.passages.map((p) => p.id))).toEqual(new Set(built.retriever.chunks.map((c) => c.id)));
  });
});
