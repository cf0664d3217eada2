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

  it('keeps the older version first when the newer one dropped what the question asks about', () => {
    const shared = 'Samhällsklimatet hårdnar, i takt med att den politiska världskartan ritats om och de fackliga frågorna får allt mindre utrymme i debatten.';
    const older = { documentId: 'old', text: `${shared} Därför fördjupar vi samverkan med Socialdemokraterna.`, score: 0.9 };
    const newer = { documentId: 'new', text: `${shared} Därför påverkar vi alla partier.`, score: 0.5 };
    // Asked about the shared part, the newer version still speaks for Seko …
    expect(preferCurrentVersion([{ ...older, coverage: 0.6 }, { ...newer, coverage: 0.6 }], supersededBy).map((c) => c.documentId)).toEqual(['new', 'old']);
    // … asked about samverkan med Socialdemokraterna, only the older one says it.
    expect(preferCurrentVersion([{ ...older, coverage: 1 }, { ...newer, coverage: 0.3 }], supersededBy).map((c) => c.documentId)).toEqual(['old', 'new']);
  });
});
