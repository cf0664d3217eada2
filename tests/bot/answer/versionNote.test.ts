import { describe, expect, it } from 'vitest';
import { sameWording } from '../../../bot/answer/versionNote.js';

describe('sameWording', () => {
  it('ignores spelling-only differences: spacing, compounds written apart, quotes, hyphenation', () => {
    expect(sameWording('Sverigedemokraterna framstår alltmer som', 'Sverigedemokraterna framstår allt mer som')).toBe(true);
    expect(sameWording('över 5 000 "ambassadörer"', 'över 5 000 ambassadörer')).toBe(true);
  });

  it('sees a change of words or figures', () => {
    expect(sameWording('Förbundet har över 5 000 ambassadörer', 'Förbundet har över 6 000 ambassadörer')).toBe(false);
    expect(sameWording('valår år 2026', 'valår år 2022')).toBe(false);
  });
});
