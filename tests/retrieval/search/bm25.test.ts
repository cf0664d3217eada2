import { describe, expect, it } from 'vitest';
import { SwedishAnalyzer } from '../../../retrieval/analysis/analyzer.js';
import { Bm25Index } from '../../../retrieval/search/bm25.js';

const passages = [
  'Vi ska vara aktiva i LO:s regionala ungdomskommitté.',
  'Självklart ska vi aktivt i arbetsmiljöarbetet säkerställa att alla behandlas lika.',
  'Förbundet har över 6 000 ambassadörer som skapar medlemmarnas bild av Seko.',
  'Allmän visstid och hyvling har etablerat sig som en verklighet för många medlemmar.',
  'Frågor om arbetsmiljö och trygghet blir allt viktigare.',
];
const analyzer = SwedishAnalyzer.fromTexts(passages);
const index = new Bm25Index(passages.map((p) => analyzer.analyze(p, 'passage')));
const prepare = (query: string) => index.prepare(analyzer.analyze(query, 'query'));
const top = (query: string) => index.search(prepare(query), 5).map((h) => h.index);

describe('BM25 with Swedish analysis', () => {
  it('folds diacritics: "ungdomskommitte" finds "ungdomskommitté"', () => {
    expect(top('ungdomskommitte')[0]).toBe(0);
  });

  it('stems inflections: "ambassadör" finds "ambassadörer"', () => {
    expect(top('ambassadör')[0]).toBe(2);
  });

  it('tolerates small typos: "hyvlning" and "ambasadörer"', () => {
    expect(top('hyvlning')[0]).toBe(3);
    expect(top('ambasadörer')[0]).toBe(2);
  });

  it('matches compounds both ways: "arbetsmiljö" ↔ "arbetsmiljöarbetet"', () => {
    expect(top('arbetsmiljö')).toEqual(expect.arrayContaining([1, 4]));
    expect(top('arbetsmiljöarbetet')[0]).toBe(1);
    expect(top('arbetsmiljöarbetet')).toContain(4);
  });

  it('ignores stop words and question framing, so they match nothing on their own', () => {
    expect(top('vad säger planen om det och att')).toEqual([]);
  });

});
