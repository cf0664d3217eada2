import { tokenize } from '../../retrieval/analysis/fold.js';
import { trigramOverlap } from '../../retrieval/analysis/wordTrigrams.js';
import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../retrieval/retriever.js';
import { findOtherVersion } from './findOtherVersion.js';
import { splitSentences } from './sentences.js';

/** An older or newer version's sentence this similar to the quoted one is its counterpart. */
const COUNTERPART_OVERLAP = 0.3;

/**
 * Only a change of words counts: quotation marks, spacing, hyphenation and compounds written
 * apart ("alltmer" / "allt mer") do not.
 */
export function sameWording(a: string, b: string): boolean {
  return tokenize(a).join('') === tokenize(b).join('');
}

export interface VersionNote {
  /** The other version's passage. */
  chunk: Chunk;
  /** Its sentence that corresponds to the quoted one, worded differently. */
  sentence: string;
  /** True when the other version is the plan in force (the quoted passage is the older one). */
  newer: boolean;
}

/**
 * What the other version of the national plan says instead of the quoted sentence, when it says
 * it in other words; nothing when the wording is the same or the passage has no counterpart.
 */
export function versionNote(retriever: Retriever, chunk: Chunk, quoted: string): VersionNote | undefined {
  const counterpart = findOtherVersion(retriever, chunk);
  if (!counterpart) return undefined;
  const sentence = splitSentences(counterpart.text)
    .map((s) => ({ ...s, similarity: trigramOverlap(s.text, quoted) }))
    .reduce((a, b) => (b.similarity > a.similarity ? b : a));
  if (sameWording(sentence.text, quoted) || sentence.similarity < COUNTERPART_OVERLAP) return undefined;
  return { chunk: counterpart, sentence: sentence.text, newer: retriever.documents.get(counterpart.documentId)?.status === 'current' };
}
