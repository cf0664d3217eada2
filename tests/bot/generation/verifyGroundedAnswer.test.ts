import { describe, expect, it } from 'vitest';
import { findAttributedQuotes } from '../../../bot/generation/attributedQuotes.js';
import { loadPrompts } from '../../../bot/generation/loadPrompts.js';
import { quoteOccursIn, verifyGroundedAnswer } from '../../../bot/generation/verifyGroundedAnswer.js';

const P1 = { id: 'a/p1', label: 'A › Ett, stycke 1', text: 'Förbundet har över 5 000 "ambassadörer" som i hög utsträckning skapar medlemmarnas bild av Seko. Studieverksamheten är en grundpelare.' };
const P2 = { id: 'a/p2', label: 'A › Två, stycke 1', text: 'Allmän visstid och hyvling har etablerat sig,\nsåväl som begrepp, som en verklighet för många medlemmar.' };
const verify = (answer: string, citations: string[], answered = true) => verifyGroundedAnswer({ answered, answer, citations }, [P1, P2]);

describe('findAttributedQuotes', () => {
  it('attributes a quotation to the markers after it in the same sentence', () => {
    const quotes = findAttributedQuotes('Planen nämner ”ambassadörer”, som ”skapar medlemmarnas bild” [1]. Och ”hyvling” [2].');
    expect(quotes.map((q) => [q.text, q.markers])).toEqual([
      ['ambassadörer', [1]],
      ['skapar medlemmarnas bild', [1]],
      ['hyvling', [2]],
    ]);
  });

  it('reads a marker just before the quotation, „German“ and »Swedish« marks, and unattributed quotes', () => {
    expect(findAttributedQuotes('Planen [2]: „hyvling“').map((q) => q.markers)).toEqual([[2]]);
    expect(findAttributedQuotes('Det heter »hyvling» [1].').map((q) => q.text)).toEqual(['hyvling']);
    expect(findAttributedQuotes('Ett ”citat” utan källa. Sedan något annat [1].').map((q) => q.markers)).toEqual([[]]);
  });
});

describe('quoteOccursIn', () => {
  it('compares whitespace-normalised text, typographic and straight quotes alike', () => {
    expect(quoteOccursIn('hyvling har etablerat sig, såväl som begrepp', P2.text)).toBe(true);
    expect(quoteOccursIn('5 000 ”ambassadörer” som', P1.text)).toBe(true);
  });

  it('accepts a capitalised first letter, a dropped full stop and fragments joined by an ellipsis, in order', () => {
    expect(quoteOccursIn('Allmän visstid … en verklighet för många medlemmar.', P2.text)).toBe(true);
    expect(quoteOccursIn('Hyvling har etablerat sig', P2.text)).toBe(true);
    expect(quoteOccursIn('en verklighet för många medlemmar … Allmän visstid', P2.text)).toBe(false);
  });

  it('rejects changed words', () => {
    expect(quoteOccursIn('hyvling har försvunnit', P2.text)).toBe(false);
    expect(quoteOccursIn('Förbundet har över 6 000', P1.text)).toBe(false);
  });
});

describe('verifyGroundedAnswer', () => {
  it('accepts verbatim quotes with their markers', () => {
    expect(verify('Planen säger att ”hyvling har etablerat sig” [1] och att studier är ”en grundpelare” [2].', ['a/p2', 'a/p1'])).toMatchObject({ ok: true, citationIds: ['a/p2', 'a/p1'] });
  });

  it('checks a quotation against the passage its marker cites, not any passage', () => {
    expect(verify('”Hyvling har etablerat sig” [1] och studier [2].', ['a/p1', 'a/p2'])).toMatchObject({ ok: false, reason: 'unverified-quote' });
  });

  it('rejects a quotation in a refusal, which cites nothing', () => {
    expect(verify('Planerna säger inte att ”medlemsavgiften är noll”.', [], false)).toMatchObject({ ok: false, reason: 'unverified-quote' });
    expect(verify('Det står inte i planerna.', [], false)).toEqual({ ok: true, answered: false, answer: 'Det står inte i planerna.', citationIds: [] });
  });

  it('rejects a repeated id and marker [0]', () => {
    expect(verify('A [1] B [2]', ['a/p1', 'a/p1'])).toMatchObject({ ok: false, reason: 'invalid-citation' });
    expect(verify('A [0]', ['a/p1'])).toMatchObject({ ok: false, reason: 'marker-mismatch' });
  });
});

describe('the worked examples in prompts/v1/examples.json', () => {
  it('obey the rules they teach', () => {
    const { examples } = loadPrompts();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples) {
      expect(verifyGroundedAnswer(example.output, example.passages), example.name).toMatchObject({ ok: true });
    }
    expect(examples.some((e) => e.language === 'en')).toBe(true);
    expect(examples.some((e) => !e.output.answered)).toBe(true);
  });
});
