import { describe, expect, it } from 'vitest';
import { extractJsonObject } from '../../../bot/generation/extractJsonObject.js';

describe('extractJsonObject', () => {
  it('reads a bare object, a ```json fence, an object inside prose, and skips <think> blocks', () => {
    expect(extractJsonObject('{"a": 1}')).toEqual({ a: 1 });
    expect(extractJsonObject('```json\n{"a": 2}\n```')).toEqual({ a: 2 });
    expect(extractJsonObject('```\n{"a": 3}\n```')).toEqual({ a: 3 });
    expect(extractJsonObject('Svaret:\n{"a": 4}\nHoppas det hjälper.')).toEqual({ a: 4 });
    expect(extractJsonObject('<think>{"a": 0} kanske?</think>\n{"a": 5}')).toEqual({ a: 5 });
  });

  it('is undefined for anything but one JSON object', () => {
    expect(extractJsonObject('inget JSON här')).toBeUndefined();
    expect(extractJsonObject('[1, 2]')).toBeUndefined();
    expect(extractJsonObject('null')).toBeUndefined();
    expect(extractJsonObject('{"a": ')).toBeUndefined();
  });
});
