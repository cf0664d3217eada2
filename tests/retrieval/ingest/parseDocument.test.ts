import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, TITLE_PAGE, type ParsedDocument } from '../../../retrieval/ingest/parseDocument.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';

const parseFile = (file: string) => parseDocument(readFileSync(join(CORPUS_DIR, file), 'utf8'));
const headings = (doc: ParsedDocument) => doc.sections.map((s) => s.path.join(' › '));
const blockTexts = (doc: ParsedDocument, heading: string) => {
  const section = doc.sections.find((s) => s.path.join(' › ') === heading);
  if (!section) throw new Error(`no section ${heading}`);
  return section.blocks.map((b) => ({ kind: b.kind, text: doc.text.slice(b.start, b.end) }));
};

describe('parseDocument on small fixtures', () => {
  it('joins words hyphenated at line ends but keeps real hyphens', () => {
    const doc = parseDocument('Rubrik\nDet krävs en hög organisa-\ntionsgrad bland LO-\nförbunden och förhandlings-\noch branschverksamhet.\n');
    expect(doc.text).toContain('hög organisationsgrad bland LO-förbunden och förhandlings- och branschverksamhet.');
    expect(doc.repairs.dehyphenated).toBe(1);
  });

  it('treats a line starting with a space as a page break, and a short line without full stop as a heading', () => {
    const doc = parseDocument('Inledning\nFörsta stycket slutar här.\n Studier\nAndra stycket.\n');
    expect(headings(doc)).toEqual(['Inledning', 'Studier']);
    expect(blockTexts(doc, 'Studier')).toEqual([{ kind: 'paragraph', text: 'Andra stycket.' }]);
  });

  it('straightens typographic quotes and turns non-breaking and thin spaces into plain spaces', () => {
    const doc = parseDocument('Studier\nFörbundet har över 6\u00a0000 \u201dambassadörer\u201d och 5\u2009000 andra.\n');
    expect(doc.text).toContain('över 6 000 "ambassadörer" och 5 000 andra.');
  });

  it('reads bullets and att-satser as list items', () => {
    const doc = parseDocument('Mål\n•\t Öka antalet inträden\n✓✓ Studier\natt\tkongressen beslutar att fastställa planen\n');
    expect(blockTexts(doc, 'Mål')).toEqual([
      { kind: 'item', text: 'Öka antalet inträden' },
      { kind: 'item', text: 'Studier' },
      { kind: 'item', text: 'att kongressen beslutar att fastställa planen' },
    ]);
  });

  it('continues a list item across a blank line when the next line starts in lower case', () => {
    const doc = parseDocument('Mål\n•\t Verka för skrivningar om sexuella \n\ntrakasserier\n•\t Nästa mål\n');
    expect(blockTexts(doc, 'Mål').map((b) => b.text)).toEqual(['Verka för skrivningar om sexuella trakasserier', 'Nästa mål']);
  });
});

describe('parseDocument on the plans', () => {
  it('verksamhetsplan 2025–2029: page-break headings become sections and hyphenation is repaired', () => {
    const doc = parseFile('verksamhetsplan-2025-2029.txt');
    expect(headings(doc)).toEqual([
      'Förord', 'Inledning', 'Utgångspunkt', 'Verksamhetsplan 2025—2029', 'Kollektivavtal och lönebildning',
      'Organisera och rekrytera medlemmar', 'Seko i en föränderlig tid', 'Studier', 'Sekos grundläggande värderingar',
    ]);
    expect(doc.text).toContain('stärka våra arbetsplatsorganisationer');
    expect(doc.text).toContain('Förbundet har över 5 000 "ambassadörer"');
    // "opinions- och kommunikationsarbetet" keeps its hyphen; no other line-end hyphen survives.
    expect(doc.text).not.toMatch(/\p{L}- (?!och\b|eller\b)\p{Ll}/u);
  });

  it('prioriterade områden 2020: "✓✓" areas, and each "Mål" list sits under its area', () => {
    const doc = parseFile('prioriterade-omraden-2020.txt');
    expect(blockTexts(doc, 'Prioriterade område 2020').map((b) => b.text)).toEqual([
      'Organisera och rekrytera', 'Ett medlemsnära förbund', 'Trygghet på arbetsplatsen', 'Avtal 2020', 'Studier',
    ]);
    expect(headings(doc)).toContain('Trygghet på arbetsplatsen › Mål');
    const goals = blockTexts(doc, 'Avtal 2020 › Mål');
    expect(goals.every((g) => g.kind === 'item')).toBe(true);
    expect(goals.at(-1)?.text).toBe('Verka för skrivningar kollektivavtalen i syfte att få stopp på sexuella trakasserier');
  });

  it('Seko Stockholm 2018: blank-line-wrapped lines become paragraphs and "Vi ska" commitments items', () => {
    const doc = parseFile('seko-stockholm-verksamhetsplan-2018.txt');
    expect(headings(doc)).toContain('1. Facklig-politisk verksamhet');
    expect(headings(doc)).toContain('11. Försäkringar');
    const youth = blockTexts(doc, '4. Ungdomsverksamhet');
    expect(youth).toHaveLength(10);
    expect(youth.every((b) => b.kind === 'item' && b.text.startsWith('Vi ska'))).toBe(true);
    expect(youth[1].text).toBe('Vi ska vara aktiva i LO:s regionala ungdomskommitté och verka för att utveckla det tvärfackliga ungdomsarbetet.');
    const intro = blockTexts(doc, 'Det nuvarande parlamentariska läget');
    expect(intro[0].text).toMatch(/^Den nuvarande regeringen .* stärka anställningstryggheten\.$/);
  });

  it('verksamhetsplan 2021–2025: title lines become a title page, long lines stay paragraphs', () => {
    const doc = parseFile('verksamhetsplan-2021-2025.txt');
    expect(headings(doc)[0]).toBe(TITLE_PAGE);
    expect(blockTexts(doc, TITLE_PAGE)[0].text).toContain('Antagen vid kongressen den 9 juni 2021');
    expect(headings(doc)).toContain('Klimatfrågan');
    expect(blockTexts(doc, 'Inledning').filter((b) => b.kind === 'item')).toHaveLength(4);
  });

  it('every block and heading is an exact slice of the normalised text, in order', () => {
    for (const file of ['verksamhetsplan-2025-2029.txt', 'verksamhetsplan-2021-2025.pdf-extract.txt', 'seko-stockholm-verksamhetsplan-2018.txt']) {
      const doc = parseFile(file);
      let last = -1;
      for (const section of doc.sections) {
        if (section.headingStart >= 0) {
          expect(doc.text.slice(section.headingStart, section.headingEnd)).toBe(section.heading);
          expect(section.headingStart).toBeGreaterThan(last);
          last = section.headingEnd;
        }
        for (const block of section.blocks) {
          expect(block.start).toBeGreaterThan(last);
          last = block.end;
        }
      }
    }
  });
});
