import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../retrieval/ingest/loadCorpus.js';
import { loadConversations, loadEvalSet, normalizeForMatch, SPLITS, type AnswerableQuestion } from '../../scripts/evaluation/evalSet.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

const corpus = loadCorpus(CORPUS_DIR);
const questions = SPLITS.flatMap((split) => loadEvalSet(split).map((q) => ({ split, q })));
const conversations = SPLITS.flatMap((split) => loadConversations(split).map((c) => ({ split, c })));

function expectGoldInCorpus(id: string, q: Pick<AnswerableQuestion, 'gold' | 'alsoAccept'>): void {
  for (const place of [q.gold, ...(q.alsoAccept ?? [])]) {
    const doc = corpus.documents.find((d) => d.entry.id === place.document);
    expect(doc, `${id}: ${place.document}`).toBeDefined();
    expect(normalizeForMatch(doc!.parsed.text), `${id}: evidence "${place.evidence}"`).toContain(normalizeForMatch(place.evidence));
  }
  const doc = corpus.documents.find((d) => d.entry.id === q.gold.document)!;
  expect(doc.parsed.sections.some((s) => s.heading === q.gold.section), `${id}: section ${q.gold.section}`).toBe(true);
}

describe('evaluation set', () => {
  it('has at least 400 questions in a dev and a frozen test split, a quarter unanswerable, ids unique across both', () => {
    expect(questions.length).toBeGreaterThanOrEqual(400);
    for (const split of SPLITS) {
      const own = questions.filter((x) => x.split === split).map((x) => x.q);
      expect(own.length, split).toBeGreaterThanOrEqual(200);
      expect(own.filter((q) => !q.answerable).length, split).toBeGreaterThanOrEqual(50);
      expect(own.filter((q) => q.answerable && q.lang === 'en').length, split).toBeGreaterThanOrEqual(25);
    }
    const ids = [...questions.map((x) => x.q.id), ...conversations.map((x) => x.c.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('points every gold citation at a canonical document whose text holds the evidence, under the named section', () => {
    for (const { q } of questions) if (q.answerable) expectGoldInCorpus(q.id, q);
  });

  it('has multi-turn conversations in both splits, some with unanswerable follow-ups, every gold in the corpus', () => {
    for (const split of SPLITS) {
      const own = conversations.filter((x) => x.split === split).map((x) => x.c);
      expect(own.length, split).toBeGreaterThanOrEqual(15);
      expect(own.some((c) => c.turns.slice(1).some((t) => !t.answerable)), split).toBe(true);
    }
    for (const { c } of conversations) c.turns.forEach((t, i) => t.answerable && expectGoldInCorpus(`${c.id}#${i + 1}`, t));
  });
});
