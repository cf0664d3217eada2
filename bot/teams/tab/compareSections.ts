import { fold } from '../../../retrieval/analysis/fold.js';
import type { CatalogEntry } from '../../../retrieval/ingest/catalog.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { diffParts, diffWords, wordTokens, type DiffPart, type WordToken } from './diffWords.js';
import { planSummary, readSection, sectionKeyOf, type PlanSummary, type SectionView } from './readSection.js';

/** Content similarity (cosine of term vectors) from which two differently named sections are one. */
export const MIN_CONTENT_SIMILARITY = 0.3;

/** A section as the comparison lists it. */
export interface SectionRef {
  key: string;
  title: string;
  path: string[];
}

/** A section of the newer plan and its counterpart in the older one; either may be missing. */
export interface SectionPair {
  current?: SectionRef;
  previous?: SectionRef;
  /** How the two were matched: the same heading (years aside), or similar text. */
  matchedBy?: 'heading' | 'content';
  /** Cosine similarity of the two sections' terms, 0–1 (rounded to 2 decimals). */
  similarity?: number;
}

/** The two plans compared and every section paired, in the newer plan's order (older-only ones last). */
export interface PlanComparison {
  current: PlanSummary;
  previous: PlanSummary;
  pairs: SectionPair[];
}

/** One paragraph of one side, with its changed words marked. */
export interface ComparedParagraph {
  number: number;
  list: boolean;
  parts: DiffPart[];
}

/** One side of a comparison. */
export interface ComparedSide extends SectionRef {
  plan: PlanSummary;
  paragraphs: ComparedParagraph[];
  /** Words marked as changed on this side (new words on the newer side, removed on the older). */
  changedWords: number;
}

/** A section of one plan beside its counterpart in the other, for the tab's compare view. */
export interface SectionComparison {
  current: PlanSummary;
  previous: PlanSummary;
  pair: SectionPair;
  sides: { current?: ComparedSide; previous?: ComparedSide };
  /** The plan the section exists in alone, when it has no counterpart. */
  onlyIn?: 'current' | 'previous';
  /** Both texts with plan, section and paragraph numbers, for the "Kopiera" button. */
  copyText: string;
}

const comparisons = new WeakMap<Retriever, Map<string, PlanComparison>>();

/** "Verksamhetsplan 2025–2029" and "Verksamhetsplan 2021-2025" name the same section. */
function headingKey(path: string[]): string {
  return fold(path.join(' ')).replace(/[^a-z]+/g, ' ').trim();
}

/** Sections of a document in reading order, each with its text. */
function sectionsOf(retriever: Retriever, documentId: string): Array<SectionRef & { text: string }> {
  const byKey = new Map<string, SectionRef & { text: string; start: number }>();
  for (const chunk of retriever.chunks) {
    if (chunk.documentId !== documentId) continue;
    const key = sectionKeyOf(chunk.id);
    const found = byKey.get(key);
    if (found) found.text += `\n${chunk.text}`;
    else byKey.set(key, { key, title: chunk.section, path: chunk.sectionPath, text: chunk.text, start: chunk.start });
  }
  return [...byKey.values()].sort((a, b) => a.start - b.start).map(({ key, title, path, text }) => ({ key, title, path, text }));
}

/** Cosine similarity of term-frequency vectors weighted by inverse section frequency. */
function similarities(retriever: Retriever, a: string[], b: string[]): number[][] {
  const vectors = [...a, ...b].map((text) => retriever.analyzer.analyze(text, 'passage'));
  const df = new Map<string, number>();
  for (const v of vectors) for (const term of v.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const weighted = vectors.map((v) => {
    const w = new Map<string, number>();
    for (const [term, tf] of v) w.set(term, (1 + Math.log(tf)) * Math.log(1 + vectors.length / df.get(term)!));
    const norm = Math.sqrt([...w.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [term, x] of w) w.set(term, x / norm);
    return w;
  });
  return a.map((_, i) =>
    b.map((__, j) => {
      let dot = 0;
      for (const [term, x] of weighted[i]) dot += x * (weighted[a.length + j].get(term) ?? 0);
      return dot;
    }),
  );
}

/** The pair of plans a document belongs to: it and the plan it supersedes, or its successor and it. */
function planPair(retriever: Retriever, documentId: string): [CatalogEntry, CatalogEntry] | undefined {
  const doc = retriever.documents.get(documentId);
  if (!doc) return undefined;
  const hasChunks = (id: string) => retriever.chunks.some((c) => c.documentId === id);
  const older = doc.supersedes.map((id) => retriever.documents.get(id)).find((d) => d && hasChunks(d.id));
  if (older) return [doc, older];
  const newer = [...retriever.documents.values()].find((d) => d.supersedes.includes(doc.id) && hasChunks(d.id));
  return newer ? [newer, doc] : undefined;
}

/** The first plan that supersedes another: the current national plan and its predecessor. */
export function defaultComparedPlan(retriever: Retriever): string | undefined {
  const docs = [...retriever.documents.values()].filter((d) => planPair(retriever, d.id));
  return (docs.find((d) => d.status === 'current' && d.supersedes.length > 0) ?? docs[0])?.id;
}

/**
 * Pairs the sections of a plan with those of the plan it supersedes: first by heading (years and
 * punctuation aside), then the rest by content similarity (at least {@link MIN_CONTENT_SIMILARITY}),
 * best pairs first. Sections left over exist in one plan only. Computed once per index.
 */
export function comparePlans(retriever: Retriever, documentId: string): PlanComparison | undefined {
  const pair = planPair(retriever, documentId);
  if (!pair) return undefined;
  const [newer, older] = pair;
  const cacheKey = `${newer.id}\n${older.id}`;
  const cached = comparisons.get(retriever)?.get(cacheKey);
  if (cached) return cached;

  const current = sectionsOf(retriever, newer.id);
  const previous = sectionsOf(retriever, older.id);
  const sim = similarities(retriever, current.map((s) => s.text), previous.map((s) => s.text));
  const matchOf = new Map<number, { j: number; by: 'heading' | 'content' }>();
  const taken = new Set<number>();
  const count = (keys: string[], key: string) => keys.filter((k) => k === key).length;
  const currentHeadings = current.map((s) => headingKey(s.path));
  const previousHeadings = previous.map((s) => headingKey(s.path));
  currentHeadings.forEach((h, i) => {
    const j = previousHeadings.indexOf(h);
    if (j >= 0 && count(currentHeadings, h) === 1 && count(previousHeadings, h) === 1) {
      matchOf.set(i, { j, by: 'heading' });
      taken.add(j);
    }
  });
  const candidates = current
    .flatMap((_, i) => previous.map((__, j) => ({ i, j, s: sim[i][j] })))
    .filter(({ i, j, s }) => !matchOf.has(i) && !taken.has(j) && s >= MIN_CONTENT_SIMILARITY)
    .sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  for (const { i, j } of candidates) {
    if (matchOf.has(i) || taken.has(j)) continue;
    matchOf.set(i, { j, by: 'content' });
    taken.add(j);
  }

  const ref = ({ key, title, path }: SectionRef): SectionRef => ({ key, title, path });
  const pairs: SectionPair[] = current.map((s, i) => {
    const m = matchOf.get(i);
    if (!m) return { current: ref(s) };
    return { current: ref(s), previous: ref(previous[m.j]), matchedBy: m.by, similarity: Math.round(sim[i][m.j] * 100) / 100 };
  });
  previous.forEach((s, j) => {
    if (!taken.has(j)) pairs.push({ previous: ref(s) });
  });
  const result: PlanComparison = { current: planSummary(newer), previous: planSummary(older), pairs };
  const perRetriever = comparisons.get(retriever) ?? new Map<string, PlanComparison>();
  perRetriever.set(cacheKey, result);
  comparisons.set(retriever, perRetriever);
  return result;
}

/** A section's words, paragraph by paragraph, so the marks can be put back per paragraph. */
function tokensBy(section: SectionView): Array<{ number: number; list: boolean; tokens: WordToken[] }> {
  return section.paragraphs.map((p) => ({ number: p.number, list: p.list, tokens: wordTokens(p.text) }));
}

function side(section: SectionView, paragraphs: Array<{ number: number; list: boolean; tokens: WordToken[] }>, changed: boolean[]): ComparedSide {
  let at = 0;
  let changedWords = 0;
  const compared = paragraphs.map((p) => {
    const flags = changed.slice(at, at + p.tokens.length);
    at += p.tokens.length;
    changedWords += p.tokens.filter((t, i) => t.key && flags[i]).length;
    return { number: p.number, list: p.list, parts: diffParts(p.tokens, flags) };
  });
  return { key: section.key, title: section.title, path: section.path, plan: section.plan, paragraphs: compared, changedWords };
}

const STATUS = { current: 'gällande plan', historical: 'tidigare plan' } as const;

function copyBlock(section: SectionView): string {
  const head = `${section.plan.title} (${section.plan.period}, ${STATUS[section.plan.status]}), avsnitt ${section.path.join(' › ')}:`;
  return [head, ...section.paragraphs.map((p) => `Stycke ${p.number}: ${p.list ? p.items.map((item) => `\n• ${item}`).join('') : p.text}`)].join('\n');
}

function onlyInText(section: SectionView, other: PlanSummary): string {
  return `${copyBlock(section)}\n\nAvsnittet finns bara i ${section.plan.title}; ${other.title} har inget motsvarande avsnitt.`;
}

/**
 * A section (chunk id or section key, of either plan) beside its counterpart, with the words that
 * changed marked on both sides (a word-level diff that ignores spelling and spacing). Undefined
 * when the section does not exist or its plan has no other version.
 */
export function compareSection(retriever: Retriever, id: string): SectionComparison | undefined {
  const asked = readSection(retriever, id);
  if (!asked) return undefined;
  const plans = comparePlans(retriever, asked.plan.id);
  if (!plans) return undefined;
  const pair = plans.pairs.find((p) => p.current?.key === asked.key || p.previous?.key === asked.key)!;
  const newer = pair.current ? readSection(retriever, pair.current.key) : undefined;
  const older = pair.previous ? readSection(retriever, pair.previous.key) : undefined;
  const base = { current: plans.current, previous: plans.previous, pair };
  if (newer && older) {
    const a = tokensBy(older);
    const b = tokensBy(newer);
    const diff = diffWords(a.flatMap((p) => p.tokens), b.flatMap((p) => p.tokens));
    const title = newer.path.join(' › ');
    const copyText = [`${title}: jämförelse mellan planversionerna`, copyBlock(newer), copyBlock(older)].join('\n\n');
    return { ...base, sides: { current: side(newer, b, diff.after), previous: side(older, a, diff.before) }, copyText };
  }
  const alone = (newer ?? older)!;
  const tokens = tokensBy(alone);
  const unchanged = tokens.flatMap((p) => p.tokens).map(() => false);
  const sides = newer ? { current: side(alone, tokens, unchanged) } : { previous: side(alone, tokens, unchanged) };
  return { ...base, sides, onlyIn: newer ? 'current' : 'previous', copyText: onlyInText(alone, newer ? plans.previous : plans.current) };
}
