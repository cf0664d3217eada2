import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import type { AnalyzedQuestion, Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import type { Answer, Citation } from './answerSchema.js';
import { citationFor } from './citationFor.js';
import { fold, tokenize } from '../../retrieval/analysis/fold.js';
import { asksForAmount, assessEvidence, type Evidence } from './assessEvidence.js';
import { cleanQuestion } from './cleanQuestion.js';
import { detectLanguage, type Language } from './detectLanguage.js';
import { trigramOverlap as overlap } from '../../retrieval/analysis/wordTrigrams.js';
import { findOtherVersion } from './findOtherVersion.js';
import { MESSAGES } from './messages.js';
import { noAnswer } from './noAnswer.js';
import { splitSentences, type Sentence } from './sentences.js';
import { sectionLabel, sourceLabel } from './sourceLabels.js';

/** Passages retrieved for an answer; the best-supported sentences among all of them are quoted (at most three). */
const CANDIDATES = 6;
/** A later passage replaces the first as the answer's source only if its best sentence covers this much more. */
const PRIMARY_MARGIN = 0.25;
/** Sentences an answer quotes at most. */
const MAX_SENTENCES = 3;
/** A further passage is quoted only if its best sentence covers at least this share of the question. */
const MIN_SUPPORT = 0.2;
/** An older or newer version's sentence this similar to the quoted one is its counterpart. */
const COUNTERPART_OVERLAP = 0.3;

interface ScoredSentence extends Sentence {
  coverage: number;
}

interface Candidate {
  passage: RetrievedPassage;
  sentences: ScoredSentence[];
  best: ScoredSentence;
}

export interface ComposedAnswer {
  answer: Answer;
  evidence: Evidence;
  query: AnalyzedQuestion;
  /** The passages retrieved for it, best first (what a model may rephrase from). */
  passages: RetrievedPassage[];
}

function score(retriever: Retriever, query: AnalyzedQuestion, passage: RetrievedPassage, wantsNumber: boolean): Candidate {
  // A list item means little without its heading ("Mål" under "Studier") and its plan's year, so
  // items are judged with them.
  const context = passage.chunk.kind === 'list' ? `${passage.document.period} ${passage.chunk.sectionPath.join(' ')} ` : '';
  const sentences = splitSentences(passage.chunk.text).map((s) => ({ ...s, coverage: retriever.coverage(query, context + s.text) }));
  let best = sentences.reduce((a, b) => (b.coverage > a.coverage ? b : a), sentences[0]);
  if (wantsNumber) {
    // "Hur många ambassadörer": the sentence with the figure answers, if it speaks to the question at all.
    const withNumber = sentences.filter((s) => /\d/.test(s.text) && s.coverage >= best.coverage * 0.5);
    if (withNumber.length > 0) best = withNumber.reduce((a, b) => (b.coverage > a.coverage ? b : a));
  }
  return { passage, sentences, best };
}

/** Collects citations in the order their markers first appear; one marker per passage. */
class CitationList {
  readonly citations: Citation[] = [];
  constructor(private readonly retriever: Retriever) {}
  marker(chunk: Chunk, score: number): string {
    let index = this.citations.findIndex((c) => c.id === chunk.id);
    if (index < 0) {
      this.citations.push(citationFor(chunk, this.retriever.documents.get(chunk.documentId)!, score));
      index = this.citations.length - 1;
    }
    return `[${index + 1}]`;
  }
}

function quote(text: string, language: Language): string {
  return language === 'en' ? `"${text}"` : text;
}

/** The whole list of a section (a "Mål" list, a numbered Stockholm area), split chunks included. */
function wholeList(retriever: Retriever, chunk: Chunk): Chunk[] {
  const path = chunk.sectionPath.join('\n');
  return retriever.chunks.filter((c) => c.documentId === chunk.documentId && c.kind === 'list' && c.sectionPath.join('\n') === path);
}

/**
 * From a member's question to the answer every channel shows: extractive, 1–3 verbatim sentences
 * (or the items of a list), each followed by its citation marker; a note when another version of
 * the national plan says something different; a plain "not in the plans" when the evidence is weak.
 */
export async function composeAnswerWithEvidence(retriever: Retriever, rawQuestion: string): Promise<ComposedAnswer> {
  const question = cleanQuestion(rawQuestion);
  const language = detectLanguage(question);
  const m = MESSAGES[language];
  // Markup is shown back as typed, but its tag and attribute names are not words of the question.
  const query = retriever.analyze(question.replace(/<[^>]*>/g, ' '), language);
  const passages = await retriever.searchAnalyzed(query, { limit: CANDIDATES });
  const wantsNumber = asksForAmount(fold(question));
  const candidates = passages.map((p) => score(retriever, query, p, wantsNumber));
  let primary = candidates[0];
  for (const c of candidates.slice(1)) {
    if (!primary || c.best.coverage < primary.best.coverage + PRIMARY_MARGIN) continue;
    // A historical document never displaces a passage of the current plan as the answer's source:
    // the current plan speaks for Seko (the older text may still be quoted after it).
    if (c.passage.document.status === 'historical' && primary.passage.document.status === 'current') continue;
    primary = c;
  }

  const evidence = assessEvidence(query, language, primary?.passage, primary?.best);
  if (evidence.verdict !== 'answer' || !primary) {
    return { answer: noAnswer(retriever, question, language, evidence.verdict, passages), evidence, query, passages };
  }

  const cites = new CitationList(retriever);
  const lines: string[] = [];
  if (language === 'en') lines.push(MESSAGES.en.sourcesInSwedish);
  const { chunk } = primary.passage;

  if (chunk.kind === 'list' && query.intent.wantsList) {
    const parts = wholeList(retriever, chunk);
    const markers = parts.map((c) => cites.marker(c, c.id === chunk.id ? primary.passage.score : 0)).join(' ');
    lines.push(`${m.listIntro(sourceLabel(primary.passage.document, language), sectionLabel(chunk.sectionPath))} ${markers}`);
    for (const part of parts) for (const item of splitSentences(part.text)) lines.push(`- ${item.text}`);
  } else {
    // The best sentence of each of the top passages that speaks to the question as well as the first
    // (never two versions of one passage), then a second sentence from the first passage if room.
    const quoted: Array<{ candidate: Candidate; sentence: ScoredSentence }> = [{ candidate: primary, sentence: primary.best }];
    for (const other of candidates) {
      if (quoted.length >= MAX_SENTENCES || other === primary) continue;
      if (other.best.coverage < Math.max(MIN_SUPPORT, primary.best.coverage * 0.5)) continue;
      if (quoted.some((q) => overlap(q.candidate.passage.chunk.text, other.passage.chunk.text) >= COUNTERPART_OVERLAP)) continue;
      quoted.push({ candidate: other, sentence: other.best });
    }
    const second = primary.sentences
      .filter((s) => s !== primary.best && s.coverage > 0 && s.coverage >= primary.best.coverage * 0.5)
      .sort((a, b) => b.coverage - a.coverage)[0];
    if (second && quoted.length < MAX_SENTENCES) quoted.splice(1, 0, { candidate: primary, sentence: second });

    for (const c of [...new Set(quoted.map((q) => q.candidate))]) {
      const sentences = quoted.filter((q) => q.candidate === c).map((q) => q.sentence).sort((a, b) => a.start - b.start);
      const marker = cites.marker(c.passage.chunk, c.passage.score);
      const sourceLead = `${sourceLabel(c.passage.document, language)}, ${sectionLabel(c.passage.chunk.sectionPath)}:`;
      lines.push(`${sourceLead} ${sentences.map((s) => `${quote(s.text, language)} ${marker}`).join(' ')}`);
    }

    // Version awareness: what the other version of the national plan says instead.
    const counterpart = findOtherVersion(retriever, chunk);
    const anchor = primary.best;
    if (counterpart) {
      const sentence = splitSentences(counterpart.text)
        .map((s) => ({ ...s, similarity: overlap(s.text, anchor.text) }))
        .reduce((a, b) => (b.similarity > a.similarity ? b : a));
      // Only a change of words counts; quotation marks and spacing ("hyvling" vs hyvling) do not.
      const same = tokenize(sentence.text).join(' ') === tokenize(anchor.text).join(' ');
      if (!same && sentence.similarity >= COUNTERPART_OVERLAP) {
        const otherDoc = retriever.documents.get(counterpart.documentId)!;
        const lead = otherDoc.status === 'current' ? m.otherVersionNewer(otherDoc.title) : m.otherVersionOlder(otherDoc.title);
        lines.push(`${lead} ${quote(sentence.text, language)} ${cites.marker(counterpart, 0)}`);
      }
    }
  }

  return {
    answer: { question, answered: true, outcome: 'answer', answer: lines.join('\n'), citations: cites.citations, language, suggestions: [] },
    evidence,
    query,
    passages,
  };
}

/** The answer alone; see {@link composeAnswerWithEvidence}. Throws InputError for unusable input. */
export async function composeAnswer(retriever: Retriever, rawQuestion: string): Promise<Answer> {
  return (await composeAnswerWithEvidence(retriever, rawQuestion)).answer;
}
