import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { Citation } from './answerSchema.js';
import { citationFor } from './citationFor.js';
import type { Language } from './detectLanguage.js';

/** Collects citations in the order their markers first appear; one marker per passage. */
export class CitationList {
  readonly citations: Citation[] = [];
  constructor(private readonly retriever: Retriever) {}

  /** The passage's marker ("[2]"), adding it to the citations the first time it is quoted. */
  marker(chunk: Chunk, score: number): string {
    let index = this.citations.findIndex((c) => c.id === chunk.id);
    if (index < 0) {
      this.citations.push(citationFor(chunk, this.retriever.documents.get(chunk.documentId)!, score));
      index = this.citations.length - 1;
    }
    return `[${index + 1}]`;
  }
}

/** A verbatim sentence as the answer shows it: in quotation marks inside an English answer. */
export function quote(text: string, language: Language): string {
  return language === 'en' ? `"${text}"` : text;
}
