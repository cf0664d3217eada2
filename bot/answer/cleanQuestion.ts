import { InputError } from '../../retrieval/errors.js';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;

/**
 * Removes control characters and collapses whitespace; rejects empty and over-long questions with
 * a clear Swedish message. The text is never interpreted as markup anywhere downstream.
 */
export function cleanQuestion(raw: string): string {
  // C0/C1 controls, zero-width and bidi-override characters: invisible, and a way to disguise text.
  const cleaned = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned.length === 0) throw new InputError('Frågan är tom. Skriv en fråga om Sekos verksamhetsplaner.');
  if (cleaned.length > MAX_QUESTION_CHARS) {
    throw new InputError(`Frågan är för lång (${cleaned.length} tecken, högst ${MAX_QUESTION_CHARS}). Korta ner den och försök igen.`);
  }
  return cleaned;
}
