import type { CatalogEntry } from '../../../retrieval/ingest/catalog.js';
import type { Retriever } from '../../../retrieval/retriever.js';

/** A plan as the tab shows it. */
export interface PlanSummary {
  id: string;
  title: string;
  period: string;
  status: CatalogEntry['status'];
  kind: CatalogEntry['kind'];
}

/**
 * One numbered paragraph of a section: prose, or a whole list (its items in `items`), numbered
 * as citations number it ("stycke 3").
 */
export interface SectionParagraph {
  number: number;
  /** The paragraph's text; a list's items one per line. */
  text: string;
  /** The first chunk of the paragraph (a long one is split into several for retrieval). */
  chunkId: string;
  list: boolean;
  /** A list's items, in order; empty for prose. */
  items: string[];
}

/** A whole section for the reader. */
export interface SectionView {
  /** "vp-2025-2029/studier": the chunk ids' common prefix, stable across rebuilds. */
  key: string;
  title: string;
  path: string[];
  plan: PlanSummary;
  paragraphs: SectionParagraph[];
  /** The paragraph asked for when the id was a chunk id. */
  focus?: number;
}

/** "vp-2025-2029/studier/p3.2" → "vp-2025-2029/studier". */
export function sectionKeyOf(chunkId: string): string {
  return chunkId.replace(/\/p[\d.-]+$/, '');
}

/** The catalog fields the tab shows for a plan. */
export function planSummary(doc: CatalogEntry): PlanSummary {
  return { id: doc.id, title: doc.title, period: doc.period, status: doc.status, kind: doc.kind };
}

/**
 * The whole section that a chunk id or section key names, its paragraphs numbered as in the
 * citations ("stycke 3"); undefined when there is no such section.
 */
export function readSection(retriever: Retriever, id: string): SectionView | undefined {
  const key = sectionKeyOf(id);
  const chunks = retriever.chunks.filter((c) => sectionKeyOf(c.id) === key).sort((a, b) => a.start - b.start);
  if (chunks.length === 0) return undefined;
  const doc = retriever.documents.get(chunks[0].documentId);
  if (!doc) return undefined;
  const paragraphs: SectionParagraph[] = [];
  for (const chunk of chunks) {
    const last = paragraphs.at(-1);
    const items = chunk.kind === 'list' ? chunk.text.split('\n').filter((line) => line.trim() !== '') : [];
    // Long paragraphs and lists were cut into parts for retrieval; a reader sees them whole again.
    if (last && last.number === chunk.paragraph) {
      last.text = `${last.text}${last.list ? '\n' : ' '}${chunk.text}`;
      last.items.push(...items);
    } else paragraphs.push({ number: chunk.paragraph, text: chunk.text, chunkId: chunk.id, list: chunk.kind === 'list', items });
  }
  const asked = chunks.find((c) => c.id === id);
  return {
    key,
    title: chunks[0].section,
    path: chunks[0].sectionPath,
    plan: planSummary(doc),
    paragraphs,
    ...(asked ? { focus: asked.paragraph } : {}),
  };
}
