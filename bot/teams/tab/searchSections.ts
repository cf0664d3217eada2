import type { Chunk } from '../../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { findMentions, type Mention, type MentionQuery, queryForMentions } from './findMentions.js';
import { planSummary, sectionKeyOf, type PlanSummary } from './readSection.js';

/** Sections that mention the words, listed at most (the count covers them all). */
export const MAX_MENTIONS = 50;
/** Related sections listed at most. */
export const MAX_RELATED = 8;
/** Longest search text accepted, in characters. */
export const MAX_QUERY_CHARS = 200;
/** Passages the retriever is asked for when ranking and finding related sections. */
const RANKED_PASSAGES = 40;
/** Characters of context a snippet shows around its first match. */
const SNIPPET_CHARS = 240;
const LEAD_CHARS = 60;

/** A piece of a snippet; `mark` pieces are words that matched the search. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/** One search result: a section, its best passage and a snippet of it. */
export interface SearchHit {
  /** The best-matching passage; `/api/section?id=` opens its section at this paragraph. */
  id: string;
  sectionKey: string;
  title: string;
  path: string[];
  paragraph: number;
  plan: PlanSummary;
  /**
   * `exact`: every searched word occurs as typed; `near`: as another form, a compound part or a
   * near spelling (`words` lists the forms found); `related`: the section does not mention the
   * words but the search ranks it close (shared or glossary words).
   */
  match: 'exact' | 'near' | 'related';
  /** For `near`: how the searched words are written in the section (at most five); empty otherwise. */
  words: string[];
  snippet: SnippetPart[];
}

/** What the tab shows for a search: sections that mention it first, then related ones. */
export interface SearchResults {
  query: string;
  /** The searched words as typed (lower case; stop words and question framing dropped); empty when none is left. */
  words: string[];
  mentions: { total: number; hits: SearchHit[] };
  related: SearchHit[];
}

/** About {@link SNIPPET_CHARS} characters around the first match, cut at spaces, matches marked. */
export function snippet(text: string, spans: Array<[number, number]>): SnippetPart[] {
  let start = spans.length > 0 ? Math.max(0, spans[0][0] - LEAD_CHARS) : 0;
  const space = text.indexOf(' ', start);
  if (start > 0 && space >= 0 && space < spans[0][0]) start = space + 1;
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  const parts: SnippetPart[] = [];
  let at = start;
  for (const [from, to] of spans) {
    if (to <= start || from >= end) continue;
    if (from > at) parts.push({ text: text.slice(at, from), mark: false });
    parts.push({ text: text.slice(Math.max(from, at), Math.min(to, end)), mark: true });
    at = Math.min(to, end);
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false });
  if (start > 0) parts.unshift({ text: '… ', mark: false });
  if (end < text.length) parts.push({ text: ' …', mark: false });
  return parts;
}

function hitFor(retriever: Retriever, chunk: Chunk, match: SearchHit['match'], query: MentionQuery, words: string[]): SearchHit {
  const document = retriever.documents.get(chunk.documentId)!;
  return {
    id: chunk.id,
    sectionKey: sectionKeyOf(chunk.id),
    title: chunk.section,
    path: chunk.sectionPath,
    paragraph: chunk.paragraph,
    plan: planSummary(document),
    match,
    words,
    snippet: snippet(chunk.text, query.spansIn(chunk.text)),
  };
}

/**
 * Keyword search for the tab. Sections whose text holds every searched word — as typed first,
 * then in another form or near spelling — each with its count; then, clearly apart, sections the
 * retriever ranks close that share words with the search (glossary words included) but do not
 * mention it. A search for a word the plans never use has no mentions and says so.
 */
export async function searchSections(retriever: Retriever, rawQuery: string): Promise<SearchResults> {
  const query = queryForMentions(retriever, rawQuery);
  const ranked = await retriever.search(rawQuery, { limit: RANKED_PASSAGES });
  const rankOf = new Map<string, number>();
  const bestChunk = new Map<string, Chunk>();
  ranked.forEach((passage, rank) => {
    const key = sectionKeyOf(passage.chunk.id);
    if (!rankOf.has(key)) {
      rankOf.set(key, rank);
      bestChunk.set(key, passage.chunk);
    }
  });

  const mentions = findMentions(retriever, query);
  const order = (m: Mention) => rankOf.get(m.sectionKey) ?? RANKED_PASSAGES + m.order;
  mentions.sort((a, b) => Number(a.exact === false) - Number(b.exact === false) || order(a) - order(b));
  const mentionHits = mentions.slice(0, MAX_MENTIONS).map((m) => {
    // The passage the ranking liked best, when it holds the words; else the one holding most of them.
    const ranked = bestChunk.get(m.sectionKey);
    const chunk = ranked && m.chunks.includes(ranked) ? ranked : m.chunks[0];
    return hitFor(retriever, chunk, m.exact ? 'exact' : 'near', query, m.forms);
  });

  const mentioned = new Set(mentions.map((m) => m.sectionKey));
  const related: SearchHit[] = [];
  const seen = new Set<string>();
  for (const passage of ranked) {
    const key = sectionKeyOf(passage.chunk.id);
    // Only lexical evidence makes a section related: dense similarity alone links anything to anything.
    if (mentioned.has(key) || seen.has(key) || passage.lexicalScore <= 0) continue;
    seen.add(key);
    related.push(hitFor(retriever, passage.chunk, 'related', query, []));
    if (related.length === MAX_RELATED) break;
  }
  return { query: rawQuery, words: query.words.map((w) => w.shown), mentions: { total: mentions.length, hits: mentionHits }, related };
}
