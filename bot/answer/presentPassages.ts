import type { RetrievedPassage } from '../../retrieval/retriever.js';
import type { Answer, Citation } from './answerSchema.js';

/** Below this share of the question's content words in the best passage, the plans are taken not to answer. */
export const MIN_COVERAGE = 0.5;

/** Converts a retrieved passage to the citation shape of the JSON contract. */
export function toCitation(passage: RetrievedPassage): Citation {
  const { chunk, document } = passage;
  return {
    id: chunk.id,
    document: { id: document.id, title: document.title, period: document.period },
    section: chunk.section,
    sectionPath: chunk.sectionPath,
    paragraph: chunk.paragraph,
    quote: chunk.text,
    score: Number(passage.score.toFixed(6)),
  };
}

/**
 * The interim answer: the best passages themselves, with a plain statement when none of them
 * covers the question's content words well enough.
 */
export function presentPassages(question: string, passages: RetrievedPassage[]): Answer {
  const answered = passages.length > 0 && passages[0].coverage >= MIN_COVERAGE;
  if (!answered) {
    return { question, answered: false, answer: 'Det står inte i planerna. Jag hittar inget stycke i Sekos verksamhetsplaner som svarar på frågan.', citations: [] };
  }
  const citations = passages.map(toCitation);
  const answer = ['Det här är de stycken i planerna som bäst motsvarar frågan:', ...citations.map((c, i) => `[${i + 1}] ${c.document.title}, ${c.section}: "${c.quote.slice(0, 200)}${c.quote.length > 200 ? ' …' : ''}"`)].join('\n');
  return { question, answered, answer, citations };
}
