import { editDistance } from '../../../retrieval/analysis/editDistance.js';
import { fold, tokenize } from '../../../retrieval/analysis/fold.js';
import type { Chunk } from '../../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { sectionKeyOf } from './readSection.js';

/** A searched word: as typed (folded), its stem, and the index terms that count as a near match. */
export interface QueryWord {
  /** Folded (lower case, no diacritics), as matched. */
  typed: string;
  /** As typed, lower-cased, for messages ("2 avsnitt nämner hyvling"). */
  shown: string;
  stem: string;
  near: ReadonlySet<string>;
}

/** A search as the mention finder reads it. */
export interface MentionQuery {
  words: QueryWord[];
  /** Character spans of the words in a text that match any searched word. */
  spansIn(text: string): Array<[number, number]>;
}

/** A section whose text holds every searched word. */
export interface Mention {
  sectionKey: string;
  /** Every word occurs as typed (case and å/ä/ö aside), not only as another form. */
  exact: boolean;
  /** The section's passages that hold a searched word, those holding most words first. */
  chunks: Chunk[];
  /** For a near match, how the words are written there, lower-cased, at most five; empty for exact ones. */
  forms: string[];
  /** Position of the section in the corpus, for a stable order. */
  order: number;
}

interface IndexedChunk {
  chunk: Chunk;
  tokens: ReadonlySet<string>;
  terms: ReadonlySet<string>;
}

interface TermIndex {
  sections: Array<{ key: string; chunks: IndexedChunk[] }>;
  vocabulary: ReadonlySet<string>;
}

const MAX_FORMS = 5;
const indexes = new WeakMap<Retriever, TermIndex>();

/** Words and terms of every passage, built once per loaded index. */
function termIndex(retriever: Retriever): TermIndex {
  let index = indexes.get(retriever);
  if (index) return index;
  const sections = new Map<string, IndexedChunk[]>();
  const vocabulary = new Set<string>();
  for (const chunk of retriever.chunks) {
    const terms = new Set(retriever.analyzer.analyze(chunk.text, 'passage').keys());
    for (const term of terms) vocabulary.add(term);
    const key = sectionKeyOf(chunk.id);
    const list = sections.get(key) ?? [];
    list.push({ chunk, tokens: new Set(tokenize(chunk.text)), terms });
    sections.set(key, list);
  }
  index = { sections: [...sections].map(([key, chunks]) => ({ key, chunks })), vocabulary };
  indexes.set(retriever, index);
  return index;
}

/** Edits allowed for a misspelt word: none for short words, where one edit makes another word. */
function allowedEdits(stem: string): number {
  return stem.length >= 8 ? 2 : stem.length >= 5 ? 1 : 0;
}

/**
 * The searched words: content words as the answer search reads them (question framing such as
 * "vad säger planen om" dropped); when nothing is left ("verksamhetsplan"), every non-stop word.
 * A word the plans never use also matches index terms within a small edit distance ("hyvlning").
 */
export function queryForMentions(retriever: Retriever, raw: string): MentionQuery {
  const { analyzer } = retriever;
  const { vocabulary } = termIndex(retriever);
  // Words as typed, keyed by their folded form (tokenize's own splitting, so both agree).
  const shownBy = new Map<string, string>();
  for (const word of raw.toLowerCase().split(/[^\p{L}\p{N}]+/u)) for (const t of tokenize(word)) if (!shownBy.has(t)) shownBy.set(t, word);
  const tokens = [...new Set(tokenize(raw))];
  let content = tokens.filter((t) => analyzer.analyze(t, 'query').size > 0);
  if (content.length === 0) content = tokens.filter((t) => analyzer.analyze(t, 'passage').size > 0);
  const words: QueryWord[] = content.map((typed) => {
    const stem = analyzer.stem(typed);
    const near = new Set([stem]);
    const max = allowedEdits(stem);
    if (!vocabulary.has(stem) && max > 0) for (const term of vocabulary) if (editDistance(stem, term, max) <= max) near.add(term);
    return { typed, shown: shownBy.get(typed) ?? typed, stem, near };
  });
  // Words recur across passages: each distinct word form is judged once per search.
  const verdicts = new Map<string, boolean>();
  const matches = (word: string): boolean => {
    let verdict = verdicts.get(word);
    if (verdict === undefined) {
      const folded = fold(word);
      const terms = [...analyzer.analyze(word, 'passage').keys()];
      verdict = words.some((w) => w.typed === folded || terms.some((t) => w.near.has(t)));
      verdicts.set(word, verdict);
    }
    return verdict;
  };
  return {
    words,
    spansIn(text) {
      const spans: Array<[number, number]> = [];
      for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) if (matches(match[0])) spans.push([match.index!, match.index! + match[0].length]);
      return spans;
    },
  };
}

/** Every section that holds all searched words (in any of its passages), in corpus order. */
export function findMentions(retriever: Retriever, query: MentionQuery): Mention[] {
  if (query.words.length === 0) return [];
  const mentions: Mention[] = [];
  termIndex(retriever).sections.forEach(({ key, chunks }, order) => {
    const exactIn = (w: QueryWord, c: IndexedChunk) => c.tokens.has(w.typed);
    const nearIn = (w: QueryWord, c: IndexedChunk) => {
      if (exactIn(w, c)) return true;
      for (const t of w.near) if (c.terms.has(t)) return true;
      return false;
    };
    if (!query.words.every((w) => chunks.some((c) => nearIn(w, c)))) return;
    const exact = query.words.every((w) => chunks.some((c) => exactIn(w, c)));
    const holding = chunks
      .map((c) => ({ c, n: query.words.filter((w) => nearIn(w, c)).length }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n || a.c.chunk.start - b.c.chunk.start)
      .map((x) => x.c.chunk);
    const forms = new Set<string>();
    for (const chunk of exact ? [] : holding) {
      for (const [from, to] of query.spansIn(chunk.text)) if (forms.size < MAX_FORMS) forms.add(chunk.text.slice(from, to).toLowerCase());
    }
    mentions.push({ sectionKey: key, exact, chunks: holding, forms: [...forms], order });
  });
  return mentions;
}
