import { describe, expect, it } from 'vitest';
import { splitSentences, splitStatements } from '../../../bot/answer/sentences.js';

describe('splitStatements', () => {
  const text = 'Vi har åtagit oss att halvera löneskillnaderna. Detta ska vara klart senast 2028. Det är en viktig fråga.';

  it('joins a sentence that leans on the one before ("Detta …") to it, keeping exact offsets', () => {
    const statements = splitStatements(text);
    expect(statements.map((s) => s.text)).toEqual(['Vi har åtagit oss att halvera löneskillnaderna. Detta ska vara klart senast 2028.', 'Det är en viktig fråga.']);
    for (const s of statements) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('leaves list items and independent sentences as they are', () => {
    expect(splitStatements('Öka antalet inträden\nDetta gäller alla')).toEqual(splitSentences('Öka antalet inträden\nDetta gäller alla'));
    expect(splitStatements('Vi ska stärka klubbarna. Det är viktigt.')).toHaveLength(2);
  });
});
