import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../../retrieval/search/fuseRankings.js';
import { preferCurrentVersion } from '../../../retrieval/search/preferCurrentVersion.js';

describe('fuseRankings', () => {
  it('adds 1/(k + rank) from each list, so agreement beats a single first place', () => {
    const fused = fuseRankings([{ ranking: [1, 2, 3], weight: 1 }, { ranking: [2, 4], weight: 1 }], 60);
    expect(fused.get(2)).toBeCloseTo(1 / 62 + 1 / 61);
    expect(fused.get(1)).toBeCloseTo(1 / 61);
    const order = [...fused].sort((a, b) => b[1] - a[1]).map(([i]) => i);
    expect(order[0]).toBe(2);
  });
});

describe('preferCurrentVersion', () => {
  const supersededBy = new Map([['old', ['new']]]);
  const text = 'Förbundet har över 6 000 ambassadörer som i hög utsträckning skapar medlemmarnas bild av Seko.';

  it('ranks the newest plan’s version of a passage above the superseded one', () => {
    const ranked = preferCurrentVersion(
      [
        { documentId: 'old', text, score: 0.9 },
        { documentId: 'new', text: text.replace('6 000', '5 000'), score: 0.5 },
      ],
      supersededBy,
    );
    expect(ranked.map((c) => c.documentId)).toEqual(['new', 'old']);
  });

  it('leaves unrelated passages of an older plan where they are', () => {
    const ranked = preferCurrentVersion(
      [
        { documentId: 'old', text, score: 0.9 },
        { documentId: 'new', text: 'Klimatet är en ödesfråga för oss alla och påverkar branscherna.', score: 0.5 },
      ],
      supersededBy,
    );
    expect(ranked.map((c) => c.documentId)).toEqual(['old', 'new']);
  });
});
