import { isQueryContentToken } from './analyzer.js';
import { tokenize } from './fold.js';

/** A sentence of a question and how much its words count. */
export interface Segment {
  text: string;
  /** 1 for the ask itself, {@link CONTEXT_WEIGHT} for the story around it. */
  weight: number;
}

/**
 * How much words of the surrounding story count ("Satt på fikat igår och snackade om julfesten,
 * men: vad säger planen om …?"): the ask decides what is searched, the story only helps.
 */
export const CONTEXT_WEIGHT = 0.5;
/**
 * Content words the ask needs to stand alone: one ("Vad säger planen om hyvling?"), or two when it
 * points back with a pronoun ("Vad tänker Seko göra åt det?" is about the story before it).
 */
const MIN_ASK_WORDS = 1;
/** The ask reaches back over at most this many sentences in all. */
const MAX_ASK_SENTENCES = 3;
const MIN_POINTING_ASK_WORDS = 2;
const POINTING_BACK = new Set(['det', 'detta', 'sadant', 'dessa', 'de', 'dem', 'it', 'that', 'this', 'those', 'them']);

// Sentence ends, line breaks and emoji (members end a sentence with 🙄 as often as with a full stop).
// No optional whitespace before the emoji: "\s*X" rescans every run of spaces (quadratic on crafted input).
const BOUNDARY = /(?<=[.!?…])\s+|\n+|\p{Extended_Pictographic}+/gu;

function contentWords(text: string): number {
  return tokenize(text).filter(isQueryContentToken).length;
}

/**
 * Splits a question into its ask and the context around it. The ask is the last sentence with a
 * question mark (else the last sentence), extended backwards while it has too few content words
 * of its own to stand alone ("… nån sa att X. Står det nåt om det?" asks about X). A question of
 * one sentence is all ask. Linear in the text length.
 */
export function questionSegments(question: string): Segment[] {
  const sentences = question.split(BOUNDARY).map((s) => s.trim()).filter((s) => s.length > 0);
  if (sentences.length <= 1) return [{ text: question, weight: 1 }];
  let ask = sentences.length - 1;
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (/\?\s*$/.test(sentences[i])) {
      ask = i;
      break;
    }
  }
  let first = ask;
  let words = contentWords(sentences[ask]);
  const needed = tokenize(sentences[ask]).some((t) => POINTING_BACK.has(t)) ? MIN_POINTING_ASK_WORDS : MIN_ASK_WORDS;
  while (words < needed && first > 0 && ask - first < MAX_ASK_SENTENCES - 1) {
    first -= 1;
    words += contentWords(sentences[first]);
  }
  return sentences.map((text, i) => ({ text, weight: i >= first && i <= ask ? 1 : CONTEXT_WEIGHT }));
}
