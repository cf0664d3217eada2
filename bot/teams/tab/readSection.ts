import type { CatalogEntry } from '../../../retrieval/ingest/catalog.js';
import type { Chunk } from '../../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../../retrieval/retriever.js';

/** A plan as the tab shows it. */
export interface PlanSummary {
  id: string;
  title: string;
  period: string;
  status: CatalogEntry['status'];
  kind: CatalogEntry['kind'];
}

/** One numbered paragraph (or list item) of a section, with the chunk it belongs to. */
export interface SectionParagraph {
  number: number;
  text: string;
  chunkId: string;
  list: boolean;
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

/** A chunk's paragraphs: a split paragraph's parts are joined by the caller; list items are one per line. */
function paragraphsOf(chunk: Chunk): SectionParagraph[] {
  if (chunk.kind === 'list') {
    const items = chunk.text.split('\n').filter((line) => line.trim() !== '');
    // The chunker numbers each item as a block; keep its numbers when the lines match them.
    const numbered = items.length === chunk.paragraphEnd - chunk.paragraph + 1;
    return items.map((text, i) => ({ number: numbered ? chunk.paragraph + i : chunk.paragraph, text, chunkId: chunk.id, list: true }));
  }
  return [{ number: chunk.paragraph, text: chunk.text, chunkId: chunk.id, list: false }];
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
    for (const paragraph of paragraphsOf(chunk)) {
      const last = paragraphs.at(-1);
      // Long paragraphs were cut into parts for retrieval; a reader sees them whole again.
      if (last && !paragraph.list && !last.list && last.number === paragraph.number) last.text = `${last.text} ${paragraph.text}`;
      else paragraphs.push({ ...paragraph });
    }
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
