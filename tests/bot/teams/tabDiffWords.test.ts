import { describe, expect, it } from 'vitest';
import { comparisonKey, diffParts, diffSequences, diffWords, wordTokens } from '../../../bot/teams/tab/diffWords.js';

/** The words marked as changed on each side, joined by spaces. */
function changedWords(before: string, after: string): { removed: string; added: string } {
  const a = wordTokens(before);
  const b = wordTokens(after);
  const diff = diffWords(a, b);
  return {
    removed: a.filter((_, i) => diff.before[i]).map((t) => t.text).join(' '),
    added: b.filter((_, i) => diff.after[i]).map((t) => t.text).join(' '),
  };
}

/** Longest common subsequence length by dynamic programming, to check the edit script against. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

/** A small deterministic pseudo-random generator (no Math.random in tests). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('diffSequences', () => {
  it('turns one sequence into the other with a longest common subsequence of equal steps', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: Math.floor(next() * 12) }, () => 'abcd'[Math.floor(next() * 4)]);
      const b = Array.from({ length: Math.floor(next() * 12) }, () => 'abcd'[Math.floor(next() * 4)]);
      const ops = diffSequences(a, b);
      const rebuiltA = ops.flatMap((o) => (o.op === 'insert' ? [] : [a[o.a]]));
      const rebuiltB = ops.flatMap((o) => (o.op === 'delete' ? [] : [b[o.b]]));
      expect(rebuiltA).toEqual(a);
      expect(rebuiltB).toEqual(b);
      for (const o of ops) if (o.op === 'equal') expect(a[o.a]).toBe(b[o.b]);
      expect(ops.filter((o) => o.op === 'equal')).toHaveLength(lcsLength(a, b));
    }
  });

  it('handles empty and identical sequences', () => {
    expect(diffSequences([], [])).toEqual([]);
    expect(diffSequences(['a'], [])).toEqual([{ op: 'delete', a: 0 }]);
    expect(diffSequences([], ['a'])).toEqual([{ op: 'insert', b: 0 }]);
    expect(diffSequences(['a', 'b'], ['a', 'b']).every((o) => o.op === 'equal')).toBe(true);
  });
});

describe('diffWords', () => {
  it('marks words that were reworded, removed or added', () => {
    expect(changedWords('Förbundet ska arbeta för fler medlemmar.', 'Förbundet ska arbeta aktivt för fler och nöjda medlemmar.')).toEqual({ removed: '', added: 'aktivt och nöjda' });
    expect(changedWords('verksamhetsplan 2021-2025', 'verksamhetsplan 2025–2029')).toEqual({ removed: '2021-2025', added: '2025–2029' });
    expect(changedWords('Seko ska stödja klubbarna', 'Seko ska stärka klubbarna')).toEqual({ removed: 'stödja', added: 'stärka' });
  });

  it('does not mark spelling or spacing differences: written together or apart, hyphens, quotes, case, whitespace', () => {
    expect(changedWords('en alltmer viktig fråga', 'en allt mer viktig fråga')).toEqual({ removed: '', added: '' });
    expect(changedWords('det blir allt mer viktigt', 'det blir alltmer viktigt')).toEqual({ removed: '', added: '' });
    expect(changedWords('arbets-miljö och e-post', 'arbetsmiljö och epost')).toEqual({ removed: '', added: '' });
    expect(changedWords('Förbundet har "ambassadörer" här', 'förbundet  har\n”ambassadörer” här')).toEqual({ removed: '', added: '' });
  });

  it('keeps a real change next to a spacing-only one', () => {
    expect(changedWords('en alltmer viktig fråga', 'en allt mer central fråga')).toEqual({ removed: 'viktig', added: 'central' });
    expect(changedWords('en mycket viktig fråga', 'en allt mer viktig fråga')).toEqual({ removed: 'mycket', added: 'allt mer' });
  });

  it('never marks punctuation-only tokens by themselves', () => {
    expect(changedWords('Löner – och avtal', 'Löner och avtal')).toEqual({ removed: '', added: '' });
  });
});

describe('diffParts', () => {
  it('joins neighbouring changed words into one run and keeps the text exactly', () => {
    const text = 'Seko ska arbeta aktivt och målmedvetet för fler medlemmar.';
    const after = wordTokens(text);
    const { after: changed } = diffWords(wordTokens('Seko ska arbeta för fler medlemmar.'), after);
    const parts = diffParts(after, changed);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.changed).map((p) => p.text)).toEqual(['aktivt och målmedvetet']);
  });

  it('has a comparison key of letters and digits only', () => {
    expect(comparisonKey('”Allt-mer,”')).toBe('alltmer');
    expect(comparisonKey('–')).toBe('');
    expect(comparisonKey('Här')).not.toBe(comparisonKey('har'));
  });
});
