import type { CatalogEntry } from '../../retrieval/ingest/catalog.js';
import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import type { Citation } from './answerSchema.js';

/** A chunk as the answer cites it: plan, section path, paragraph and the verbatim passage. */
export function citationFor(chunk: Chunk, document: CatalogEntry, score: number): Citation {
  return {
    id: chunk.id,
    document: { id: document.id, title: document.title, period: document.period, kind: document.kind, status: document.status },
    section: chunk.section,
    sectionPath: chunk.sectionPath,
    paragraph: chunk.paragraph,
    quote: chunk.text,
    score: Number(score.toFixed(6)),
  };
}
