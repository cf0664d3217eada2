import { describe, expect, it } from 'vitest';
import { comparePlans, compareSection, defaultComparedPlan } from '../../../bot/teams/tab/compareSections.js';
import { SwedishAnalyzer } from '../../../retrieval/analysis/analyzer.js';
import type { CatalogEntry } from '../../../retrieval/ingest/catalog.js';
import type { Chunk } from '../../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../../retrieval/retriever.js';

/** Two small plan versions: sections renamed, reworded, added and dropped. */
const plans: Record<string, Array<[string, string[]]>> = {
  ny: [
    ['Verksamhetsplan 2025–2029', ['Planen gäller under kongressperioden 2025–2029 och beslutas av kongressen.']],
    ['Studier', ['Förbundet har över 5 000 "ambassadörer" som skapar medlemmarnas bild av Seko.', 'Studier blir en alltmer viktig fråga för klubbarna.']],
    ['Arbetsmiljö i förändring', ['Hot och våld mot anställda i kollektivtrafiken måste stoppas genom bemanning och utbildning.']],
    ['Digitalisering', ['Artificiell intelligens förändrar arbetet i många branscher.']],
  ],
  gammal: [
    ['Verksamhetsplan 2021-2025', ['Planen gäller under kongressperioden 2021-2025 och beslutas av kongressen.']],
    ['Studier', ['Förbundet har över 6 000 ”ambassadörer” som skapar medlemmarnas bild av Seko.', 'Studier blir en allt mer viktig fråga för klubbarna.']],
    ['Trygghet i arbetslivet', ['Hot och våld mot anställda i kollektivtrafiken måste stoppas genom bemanning.']],
    ['Klimatfrågan', ['Klimatet kräver en omställning av transporterna.']],
  ],
};

function fakeRetriever(): Retriever {
  const documents = new Map<string, CatalogEntry>([
    ['ny', { id: 'ny', file: 'ny.txt', title: 'Plan NY', issuer: 'förbundet', issuedBy: 'x', period: '2025–2029', kind: 'verksamhetsplan', status: 'current', supersedes: ['gammal'] }],
    ['gammal', { id: 'gammal', file: 'gammal.txt', title: 'Plan GAMMAL', issuer: 'förbundet', issuedBy: 'x', period: '2021–2025', kind: 'verksamhetsplan', status: 'historical', supersedes: [] }],
  ]);
  const chunks: Chunk[] = [];
  for (const [documentId, sections] of Object.entries(plans)) {
    let at = 0;
    for (const [heading, paragraphs] of sections) {
      const slug = heading.toLowerCase().replace(/[^a-zåäö0-9]+/g, '-');
      paragraphs.forEach((text, i) => {
        chunks.push({ id: `${documentId}/${slug}/p${i + 1}`, documentId, section: heading, sectionPath: [heading], paragraph: i + 1, paragraphEnd: i + 1, part: 0, kind: 'paragraph', start: at, end: at + text.length, text });
        at += text.length + 2;
      });
    }
  }
  // Only what the comparison reads of a retriever: its chunks, documents and analyzer.
  return { chunks, documents, analyzer: SwedishAnalyzer.fromTexts(chunks.map((c) => c.text)) } as unknown as Retriever;
}

describe('comparePlans', () => {
  const retriever = fakeRetriever();

  it('compares the plan that supersedes another with it, whichever of the two is asked for', () => {
    expect(defaultComparedPlan(retriever)).toBe('ny');
    expect(comparePlans(retriever, 'gammal')).toEqual(comparePlans(retriever, 'ny'));
  });

  it('pairs sections by heading (years aside), then by content, and keeps the rest as one-plan-only', () => {
    const { pairs } = comparePlans(retriever, 'ny')!;
    const summary = pairs.map((p) => [p.current?.title ?? null, p.previous?.title ?? null, p.matchedBy ?? null]);
    expect(summary).toEqual([
      ['Verksamhetsplan 2025–2029', 'Verksamhetsplan 2021-2025', 'heading'],
      ['Studier', 'Studier', 'heading'],
      ['Arbetsmiljö i förändring', 'Trygghet i arbetslivet', 'content'],
      ['Digitalisering', null, null],
      [null, 'Klimatfrågan', null],
    ]);
  });
});

describe('compareSection', () => {
  const retriever = fakeRetriever();
  const changed = (id: string, side: 'current' | 'previous') =>
    compareSection(retriever, id)!.sides[side]!.paragraphs.flatMap((p) => p.parts.filter((x) => x.changed).map((x) => x.text));

  it('marks the changed words and leaves spelling, spacing and quote differences unmarked', () => {
    expect(changed('ny/studier', 'current')).toEqual(['5']);
    expect(changed('ny/studier', 'previous')).toEqual(['6']);
    expect(changed('ny/arbetsmiljö-i-förändring/p1', 'current')).toEqual(['och utbildning.']);
    expect(changed('ny/arbetsmiljö-i-förändring/p1', 'previous')).toEqual([]);
    const c = compareSection(retriever, 'gammal/studier')!;
    expect(c.sides.current!.changedWords).toBe(1);
    expect(c.sides.previous!.changedWords).toBe(1);
  });

  it('copies both texts with plan, section and paragraph numbers', () => {
    expect(compareSection(retriever, 'ny/studier')!.copyText).toBe(
      [
        'Studier: jämförelse mellan planversionerna',
        '',
        'Plan NY (2025–2029, gällande plan), avsnitt Studier:',
        'Stycke 1: Förbundet har över 5 000 "ambassadörer" som skapar medlemmarnas bild av Seko.',
        'Stycke 2: Studier blir en alltmer viktig fråga för klubbarna.',
        '',
        'Plan GAMMAL (2021–2025, tidigare plan), avsnitt Studier:',
        'Stycke 1: Förbundet har över 6 000 ”ambassadörer” som skapar medlemmarnas bild av Seko.',
        'Stycke 2: Studier blir en allt mer viktig fråga för klubbarna.',
      ].join('\n'),
    );
  });

  it('shows a section of one plan alone, saying so', () => {
    const c = compareSection(retriever, 'ny/digitalisering')!;
    expect(c.onlyIn).toBe('current');
    expect(c.sides.previous).toBeUndefined();
    expect(c.sides.current!.paragraphs[0].parts).toEqual([{ text: 'Artificiell intelligens förändrar arbetet i många branscher.', changed: false }]);
    expect(c.copyText).toContain('Avsnittet finns bara i Plan NY; Plan GAMMAL har inget motsvarande avsnitt.');
    expect(compareSection(retriever, 'gammal/klimatfrågan')!.onlyIn).toBe('previous');
    expect(compareSection(retriever, 'ny/finns-inte')).toBeUndefined();
  });
});
