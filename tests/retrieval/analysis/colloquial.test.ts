import { describe, expect, it } from 'vitest';
import { normalizeColloquial } from '../../../retrieval/analysis/colloquial.js';
import { questionSegments, CONTEXT_WEIGHT } from '../../../retrieval/analysis/questionSegments.js';

describe('normalizeColloquial', () => {
  it('spells out chat and spoken forms as written Swedish', () => {
    expect(normalizeColloquial('va e de me nåt sånt i sthlm?')).toBe('vad är de med något sådant i Stockholm?');
    expect(normalizeColloquial('hur e de me int ngn info o sånt')).toBe('hur är de med inte någon info och sådant');
    expect(normalizeColloquial('hörru, va säjer dom elr finns det nat om nan sån grej')).toBe('hör du, vad säger de eller finns det något om någon sådan grej');
  });

  it('leaves hyphenated words alone: "e-learning" and "a-kassa" are words of their own', () => {
    expect(normalizeColloquial('e-learning o a-kassa')).toBe('e-learning och a-kassa');
  });

  it('reads "vp" as verksamhetsplan and a year written "-18" as 2018', () => {
    expect(normalizeColloquial('vad står i vp:n om valet -18')).toBe('vad står i verksamhetsplanen om valet  2018');
  });

  it('keeps number ranges such as "1 - 2" as they are', () => {
    expect(normalizeColloquial('1 - 2 gånger per år')).toBe('1 - 2 gånger per år');
  });

  it('answers in linear time on long crafted input', () => {
    const long = `${'e '.repeat(50_000)}-`;
    expect(normalizeColloquial(long).length).toBeGreaterThan(50_000);
  });
});

describe('questionSegments', () => {
  it('weighs the story around the ask below the ask itself', () => {
    const segments = questionSegments('Satt på fikat igår och snackade om julfesten. Vad säger planen om hyvling?');
    expect(segments).toEqual([
      { text: 'Satt på fikat igår och snackade om julfesten.', weight: CONTEXT_WEIGHT },
      { text: 'Vad säger planen om hyvling?', weight: 1 },
    ]);
  });

  it('reaches back to the story when the ask alone says nothing ("Står det nåt om det?")', () => {
    const segments = questionSegments('Någon sa att folk slutar lita på facket om man klantar sig. Står det något om det i planen?');
    expect(segments.every((s) => s.weight === 1)).toBe(true);
  });

  it('treats an emoji as the end of a sentence', () => {
    const segments = questionSegments('Chefen frågade vad facket gör 🙄 Har förbundet en kampanj om vinster på arbetsplatserna?');
    expect(segments.map((s) => s.weight)).toEqual([CONTEXT_WEIGHT, 1]);
  });

  it('keeps a one-sentence question whole', () => {
    expect(questionSegments('hyvling')).toEqual([{ text: 'hyvling', weight: 1 }]);
  });
});
