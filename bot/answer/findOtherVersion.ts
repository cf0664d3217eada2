import { tokenize } from '../../retrieval/analysis/fold.js';
import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../retrieval/retriever.js';

/** Word-trigram overlap above which two passages of different plan versions are the same passage. */
const SAME_PASSAGE = 0.4;

function trigrams(text: string): Set<string> {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) out.add(words.slice(i, i + 3).join(' '));
  return out;
}

/** Share of the smaller text's word trigrams that the other text has too. */
export function overlap(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared += 1;
  return shared / Math.max(1, Math.min(ga.size, gb.size));
}

/**
 * The counterpart of a passage in the plan that superseded its document, or in the plan its
 * document superseded: the chunk of that plan most like it, if it is the same passage at all.
 */
export function findOtherVersion(retriever: Retriever, chunk: Chunk): Chunk | undefined {
  const doc = retriever.documents.get(chunk.documentId)!;
  const related = new Set([...doc.supersedes, ...(retriever.supersededBy.get(doc.id) ?? [])]);
  let best: Chunk | undefined;
  let bestOverlap = SAME_PASSAGE;
  for (const other of retriever.chunks) {
    if (!related.has(other.documentId)) continue;
    const o = overlap(chunk.text, other.text);
    if (o >= bestOverlap) {
      best = other;
      bestOverlap = o;
    }
  }
  return best;
}
