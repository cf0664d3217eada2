import { trigramOverlap } from '../../retrieval/analysis/wordTrigrams.js';
import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../retrieval/retriever.js';

/** Word-trigram overlap above which two passages of different plan versions are the same passage. */
const SAME_PASSAGE = 0.4;

/**
 * The counterpart of a passage in the plan that superseded its document, or in the plan its
 * document superseded: the chunk of that plan most like it, if it is the same passage at all.
 */
export function findOtherVersion(retriever: Retriever, chunk: Chunk): Chunk | undefined {
  let known = counterparts.get(retriever);
  if (!known) counterparts.set(retriever, (known = new Map()));
  if (!known.has(chunk.id)) known.set(chunk.id, searchOtherVersion(retriever, chunk));
  return known.get(chunk.id);
}

/** Counterparts found so far, per retriever (an index never changes once built). */
const counterparts = new WeakMap<Retriever, Map<string, Chunk | undefined>>();

function searchOtherVersion(retriever: Retriever, chunk: Chunk): Chunk | undefined {
  const doc = retriever.documents.get(chunk.documentId)!;
  const related = new Set([...doc.supersedes, ...(retriever.supersededBy.get(doc.id) ?? [])]);
  let best: Chunk | undefined;
  let bestOverlap = SAME_PASSAGE;
  for (const other of retriever.chunks) {
    if (!related.has(other.documentId)) continue;
    const o = trigramOverlap(chunk.text, other.text);
    if (o >= bestOverlap) {
      best = other;
      bestOverlap = o;
    }
  }
  return best;
}
