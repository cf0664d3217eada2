import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkSections } from '../../../retrieval/ingest/chunkSections.js';
import { detectDuplicates } from '../../../retrieval/ingest/detectDuplicates.js';
import { loadCorpus } from '../../../retrieval/ingest/loadCorpus.js';
import { emptyRepairStats } from '../../../retrieval/ingest/normalizeCharacters.js';
import { CORPUS_DIR, copyCorpus, scratchDir } from '../../helpers/corpus.js';

describe('near-duplicate documents', () => {
  it('keeps one canonical 2021–2025 plan, so no passage is indexed twice', () => {
    const corpus = loadCorpus(CORPUS_DIR);
    expect(corpus.duplicates).toEqual([{ id: 'vp-2021-2025-pdf', canonicalId: 'vp-2021-2025', similarity: expect.any(Number) }]);
    expect(corpus.documents.map((d) => d.entry.id)).toEqual(['vp-2025-2029', 'vp-2021-2025', 'prio-2020', 'sthlm-2018']);
    const chunks = corpus.documents.flatMap(chunkSections);
    expect(chunks.some((c) => c.documentId === 'vp-2021-2025-pdf')).toBe(false);
    const keys = chunks.map((c) => `${c.documentId}\n${c.text}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('detects the duplicate by content, whatever the files are called', () => {
    const { dir, cleanup } = scratchDir();
    try {
      const corpusDir = copyCorpus(dir);
      renameSync(join(corpusDir, 'verksamhetsplan-2021-2025.txt'), join(corpusDir, 'a.txt'));
      renameSync(join(corpusDir, 'verksamhetsplan-2021-2025.pdf-extract.txt'), join(corpusDir, 'b.txt'));
      const catalogPath = join(corpusDir, 'catalog.json');
      writeFileSync(
        catalogPath,
        readFileSync(catalogPath, 'utf8').replace('"verksamhetsplan-2021-2025.txt"', '"b.txt"').replace('"verksamhetsplan-2021-2025.pdf-extract.txt"', '"a.txt"'),
      );
      // Entries now point at swapped files: the cleaner text (now under vp-2021-2025-pdf) wins.
      const corpus = loadCorpus(corpusDir);
      expect(corpus.duplicates.map((d) => [d.id, d.canonicalId])).toEqual([['vp-2021-2025', 'vp-2021-2025-pdf']]);
    } finally {
      cleanup();
    }
  });

  it('does not merge a plan with its successor, which shares much of its wording', () => {
    const texts = ['vp-2025-2029', 'vp-2021-2025'].map((id) => loadCorpus(CORPUS_DIR).documents.find((d) => d.entry.id === id)!.parsed.text);
    expect(detectDuplicates(texts.map((text, i) => ({ id: String(i), text, repairs: emptyRepairStats() })))).toEqual([]);
  });
});
