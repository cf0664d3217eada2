import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../retrieval/ingest/loadCorpus.js';
import { loadEvalSet, normalizeForMatch } from '../../scripts/evaluation/evalSet.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

const questions = loadEvalSet();
const corpus = loadCorpus(CORPUS_DIR);

describe('evaluation set', () => {
  it('has at least 100 questions, 25 of them unanswerable, with unique ids', () => {
    expect(questions.length).toBeGreaterThanOrEqual(100);
    expect(questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(25);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  });

  it('points every gold citation at a canonical document whose text holds the evidence, under the named section', () => {
    for (const q of questions) {
      if (!q.answerable) continue;
      const doc = corpus.documents.find((d) => d.entry.id === q.gold.document);
      expect(doc, `${q.id}: ${q.gold.document}`).toBeDefined();
      const text = normalizeForMatch(doc!.parsed.text);
      expect(text, `${q.id}: evidence "${q.gold.evidence}"`).toContain(normalizeForMatch(q.gold.evidence));
      expect(doc!.parsed.sections.some((s) => s.heading === q.gold.section), `${q.id}: section ${q.gold.section}`).toBe(true);
    }
  });
});
