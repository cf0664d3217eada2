import { fold } from '../analysis/fold.js';
import type { CorpusDocument } from './loadCorpus.js';
import type { Block, Section } from './parseDocument.js';

/** A citable passage: one paragraph (or part of a long one), or a run of list items, never two sections. */
export interface Chunk {
  /** Stable across rebuilds: document, section path and paragraph numbers. */
  id: string;
  documentId: string;
  section: string;
  sectionPath: string[];
  /**
   * 1-based paragraph ("stycke") within the section, as citations, the tab and its quotes number
   * it: a prose paragraph, or a whole list (a run of consecutive items) counts as one.
   */
  paragraph: number;
  /** Equal to `paragraph`: a chunk never spans paragraphs (kept for the saved index's layout). */
  paragraphEnd: number;
  /** 1-based part of a long paragraph or list split into chunks; 0 when not split. */
  part: number;
  kind: 'paragraph' | 'list';
  /** Offsets into the document's normalised text; `text` is exactly that slice. */
  start: number;
  end: number;
  text: string;
}

/** Longer paragraphs are split at sentence ends into parts of at most this many characters. */
export const MAX_CHUNK_CHARS = 700;

const SENTENCE_BREAK = /(?<=[.!?])\s+(?=["'\p{Lu}\d])/gu;

function slug(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/** Sentence-aligned pieces of [start, end) no longer than the limit (a single long sentence stays whole). */
function splitSentences(text: string, start: number, end: number): Array<[number, number]> {
  const slice = text.slice(start, end);
  const cuts = [0];
  for (const match of slice.matchAll(SENTENCE_BREAK)) cuts.push(match.index! + match[0].length);
  // Aim for equal parts, so a paragraph of 760 characters does not leave a 60-character tail.
  const limit = Math.min(MAX_CHUNK_CHARS, (slice.length / Math.ceil(slice.length / MAX_CHUNK_CHARS)) * 1.25);
  const pieces: Array<[number, number]> = [];
  let pieceStart = 0;
  let lastCut = 0;
  for (const cut of [...cuts.slice(1), slice.length]) {
    if (cut - pieceStart > limit && lastCut > pieceStart) {
      pieces.push([start + pieceStart, start + slice.slice(0, lastCut).trimEnd().length]);
      pieceStart = lastCut;
    }
    lastCut = cut;
  }
  pieces.push([start + pieceStart, end]);
  return pieces;
}

function groupItems(items: Block[]): Block[][] {
  const groups: Block[][] = [];
  let group: Block[] = [];
  for (const item of items) {
    if (group.length > 0 && item.end - group[0].start > MAX_CHUNK_CHARS) {
      groups.push(group);
      group = [];
    }
    group.push(item);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Consecutive blocks of one kind: a paragraph alone, list items together. */
function runs(section: Section): Block[][] {
  const out: Block[][] = [];
  for (const block of section.blocks) {
    const last = out.at(-1);
    if (block.kind === 'item' && last && last[0].kind === 'item') last.push(block);
    else out.push([block]);
  }
  return out;
}

/**
 * Cuts a parsed document into citable chunks with exact offsets. Chunks never cross a section;
 * long paragraphs are split at sentence ends; list items are kept together as a list, which is
 * one numbered paragraph (a long list is split into parts like a long paragraph).
 */
export function chunkSections(doc: CorpusDocument): Chunk[] {
  const { text, sections } = doc.parsed;
  const chunks: Chunk[] = [];
  const usedPaths = new Map<string, number>();
  for (const section of sections) {
    let pathSlug = section.path.map(slug).join('/');
    const seen = usedPaths.get(pathSlug) ?? 0;
    usedPaths.set(pathSlug, seen + 1);
    if (seen > 0) pathSlug = `${pathSlug}~${seen + 1}`;
    const base = { documentId: doc.entry.id, section: section.heading, sectionPath: section.path };
    // One number per run: a list is one paragraph, so "stycke 7" names the same text everywhere.
    runs(section).forEach((run, index) => {
      const paragraph = index + 1;
      const at = { ...base, paragraph, paragraphEnd: paragraph };
      if (run[0].kind === 'item') {
        const groups = groupItems(run);
        groups.forEach((group, i) => {
          const part = groups.length > 1 ? i + 1 : 0;
          const start = group[0].start;
          const end = group[group.length - 1].end;
          chunks.push({ ...at, id: `${doc.entry.id}/${pathSlug}/p${paragraph}${part ? `.${part}` : ''}`, part, kind: 'list', start, end, text: text.slice(start, end) });
        });
        return;
      }
      const block = run[0];
      const pieces = splitSentences(text, block.start, block.end);
      pieces.forEach(([start, end], i) => {
        const part = pieces.length > 1 ? i + 1 : 0;
        chunks.push({ ...at, id: `${doc.entry.id}/${pathSlug}/p${paragraph}${part ? `.${part}` : ''}`, part, kind: 'paragraph', start, end, text: text.slice(start, end) });
      });
    });
  }
  return chunks;
}
