import type { Chunk } from '../../retrieval/ingest/chunkSections.js';

/** A one-paragraph passage of a made-up plan "vp", section "Avsnitt": a small fixture for search tests. */
export function testChunk(id: string, text: string): Chunk {
  return { id, documentId: 'vp', section: 'Avsnitt', sectionPath: ['Avsnitt'], paragraph: 1, paragraphEnd: 1, part: 0, kind: 'paragraph', start: 0, end: text.length, text };
}
