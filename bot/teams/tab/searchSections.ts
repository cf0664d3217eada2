import type { Retriever } from '../../../retrieval/retriever.js';
import { planSummary, sectionKeyOf, type PlanSummary } from './readSection.js';

/** Results the tab shows at most, one per section. */
export const MAX_RESULTS = 10;
/** Longest search text accepted, in characters. */
export const MAX_QUERY_CHARS = 200;
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
  snippet: SnippetPart[];
}

/** Word spans of a text whose analysed terms meet the query's terms. */
function matchedSpans(retriever: Retriever, text: string, terms: Set<string>): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const analysed = retriever.analyzer.analyze(match[0], 'passage');
    if ([...analysed.keys()].some((t) => terms.has(t))) spans.push([match.index!, match.index! + match[0].length]);
  }
  return spans;
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

/**
 * Instant search for the tab: the retriever's usual ranking, one hit per section (its best
 * passage), each with the words that matched marked in a short snippet.
 */
export async function searchSections(retriever: Retriever, query: string): Promise<SearchHit[]> {
  const analysed = retriever.analyze(query);
  const terms = new Set([...analysed.terms.keys(), ...[...analysed.prepared.matches.values()].flatMap((m) => m.map(([term]) => term))]);
  const passages = await retriever.searchAnalyzed(analysed, { limit: MAX_RESULTS * 2 });
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  for (const { chunk, document } of passages) {
    const sectionKey = sectionKeyOf(chunk.id);
    if (seen.has(sectionKey)) continue;
    seen.add(sectionKey);
    hits.push({
      id: chunk.id,
      sectionKey,
      title: chunk.section,
      path: chunk.sectionPath,
      paragraph: chunk.paragraph,
      plan: planSummary(document),
      snippet: snippet(chunk.text, matchedSpans(retriever, chunk.text, terms)),
    });
    if (hits.length === MAX_RESULTS) break;
  }
  return hits;
}
