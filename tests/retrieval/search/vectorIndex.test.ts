import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SwedishAnalyzer } from '../../../retrieval/analysis/analyzer.js';
import { LsaEmbedder } from '../../../retrieval/embedding/lsaEmbedder.js';
import { VectorIndex } from '../../../retrieval/search/vectorIndex.js';
import { scratchDir } from '../../helpers/corpus.js';

const texts = [
  'Studieverksamheten ska prioriteras och fler förtroendevalda ska gå utbildning.',
  'Klimatet är en ödesfråga och påverkar våra branscher.',
  'Hot och våld på arbetsplatserna måste stoppas.',
  'Medlemsutbildning ger kunskap om föreningen och fler förtroendevalda.',
];

describe('dense retrieval', () => {
  const analyzer = SwedishAnalyzer.fromTexts(texts);
  const embedder = LsaEmbedder.fit(texts, analyzer, { dimensions: 8, maxFitPassages: 100 });

  it('embeds deterministically into unit vectors of the declared dimension', async () => {
    const [a] = await embedder.embedDocuments([texts[0]]);
    const again = LsaEmbedder.fit(texts, analyzer, { dimensions: 8, maxFitPassages: 100 });
    expect(a).toEqual(await again.embedQuery(texts[0]));
    expect(a).toHaveLength(embedder.dimensions);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
  });

  it('finds each passage by its own words through the HNSW graph, also misspelt', async () => {
    const index = VectorIndex.build(await embedder.embedDocuments(texts), embedder.dimensions);
    expect(index.search(await embedder.embedQuery('klimatfrågan och branscherna'), 1)[0].index).toBe(1);
    expect(index.search(await embedder.embedQuery('hot och vold pa arbetsplatsen'), 1)[0].index).toBe(2);
  });

  it('saves and reads the graph with the same results', async () => {
    const vectors = await embedder.embedDocuments(texts);
    const index = VectorIndex.build(vectors, embedder.dimensions);
    const { dir, cleanup } = scratchDir();
    try {
      index.write(join(dir, 'hnsw.bin'));
      const read = VectorIndex.read(join(dir, 'hnsw.bin'), embedder.dimensions);
      const query = await embedder.embedQuery('utbildning för förtroendevalda');
      expect(read.search(query, 4)).toEqual(index.search(query, 4));
    } finally {
      cleanup();
    }
  });
});
