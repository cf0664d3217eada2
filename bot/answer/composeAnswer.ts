import type { Chunk } from '../../retrieval/ingest/chunkSections.js';
import { normalizeColloquial } from '../../retrieval/analysis/colloquial.js';
import { trigramOverlap as overlap } from '../../retrieval/analysis/wordTrigrams.js';
import type { AnalyzedQuestion, Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import type { Answer, Citation } from './answerSchema.js';
import { CitationList, quote } from './citationList.js';
import { assessEvidence, type Evidence } from './assessEvidence.js';
import { choosePrimary, fromAskedPlan, scoreCandidate, sectionCommitments, type Candidate, type ScoredSentence } from './chooseSentences.js';
import { classifyQuestion, type AskType } from './classifyQuestion.js';
import { cleanQuestion } from './cleanQuestion.js';
import { detectLanguage, type Language } from './detectLanguage.js';
import { MESSAGES } from './messages.js';
import { noAnswer } from './noAnswer.js';
import { relatedAnswer } from './relatedAnswer.js';
import { splitSentences, type Sentence } from './sentences.js';
import { sectionLabel, sourceLabel } from './sourceLabels.js';
import { versionNote } from './versionNote.js';

/** Passages retrieved for an answer; the best-supported sentences among all of them are quoted (at most three). */
const CANDIDATES = 6;
/** Sentences an answer quotes at most. */
const MAX_SENTENCES = 3;
/** A further sentence is quoted only if it covers at least this share of the question … */
const MIN_SUPPORT = 0.2;
/** … and at least this share of what the first sentence covers. */
const FURTHER_SUPPORT = 0.6;
/** A broad question is about a section when its heading holds this share of the question's words. */
const BROAD_HEADING_COVERAGE = 0.5;
/** Passages this alike are versions of one passage; only one of them is quoted. */
const COUNTERPART_OVERLAP = 0.3;
/** The answer names the best-ranked passages it rests on, quoted or not, up to this many citations. */
const RESTS_ON = 3;

export interface ComposeOptions {
  /** The conversation's previous question (standalone), searched behind this one at a lower weight. */
  conversation?: string;
}

export interface ComposedAnswer {
  answer: Answer;
  evidence: Evidence;
  query: AnalyzedQuestion;
  /** The passages retrieved for it, best first (what a model may rephrase from). */
  passages: RetrievedPassage[];
}

/** The whole list of a section (a "Mål" list, a numbered Stockholm area), split chunks included. */
function wholeList(retriever: Retriever, chunk: Chunk): Chunk[] {
  const path = chunk.sectionPath.join('\n');
  return retriever.chunks.filter((c) => c.documentId === chunk.documentId && c.kind === 'list' && c.sectionPath.join('\n') === path);
}

/** "Enligt Verksamhetsplan 2025–2029, Studier:" — one lead per source, before its quotes. */
function sourceLead(passage: RetrievedPassage, language: Language): string {
  return `${sourceLabel(passage.document, language)}, ${sectionLabel(passage.chunk.sectionPath)}:`;
}

/** Quotes grouped by passage in the order they are shown, each group under its source lead. */
function quoteLines(groups: Array<{ passage: RetrievedPassage; sentences: Sentence[] }>, cites: CitationList, language: Language): string[] {
  return groups.map(({ passage, sentences }) => {
    const marker = cites.marker(passage.chunk, passage.score);
    return `${sourceLead(passage, language)} ${sentences.map((s) => `${quote(s.text, language)} ${marker}`).join(' ')}`;
  });
}

/**
 * The sentences a specific question is answered with: the first passage's chosen sentence first
 * (the one holding the asked-for figure, time or reason), then the best sentence of each further
 * passage that speaks to the question nearly as well (never two versions of one passage), then a
 * second sentence of the first passage if there is room.
 */
function specificQuotes(primary: Candidate, candidates: Candidate[]): Array<{ passage: RetrievedPassage; sentences: Sentence[] }> {
  const floor = Math.max(MIN_SUPPORT, primary.best.coverage * FURTHER_SUPPORT);
  // Further sentences compete on how well they speak to the question: a second one from the first
  // passage, or the best of another passage (never two versions of one passage).
  const further: Array<{ candidate: Candidate; sentence: ScoredSentence }> = [];
  const second = primary.sentences.filter((s) => s !== primary.best && s.coverage > 0).sort((a, b) => b.coverage - a.coverage)[0];
  if (second) further.push({ candidate: primary, sentence: second });
  for (const other of candidates) if (other !== primary) further.push({ candidate: other, sentence: other.best });
  const quoted: Array<{ candidate: Candidate; sentence: ScoredSentence }> = [{ candidate: primary, sentence: primary.best }];
  for (const next of further.filter((f) => f.sentence.coverage >= floor).sort((a, b) => b.sentence.coverage - a.sentence.coverage)) {
    if (quoted.length >= MAX_SENTENCES) break;
    if (next.candidate !== primary && quoted.some((q) => q.candidate !== next.candidate && overlap(q.candidate.passage.chunk.text, next.candidate.passage.chunk.text) >= COUNTERPART_OVERLAP)) continue;
    quoted.push(next);
  }
  return [...new Set(quoted.map((q) => q.candidate))].map((c) => ({
    passage: c.passage,
    // The chosen sentence leads; a second one from the same passage follows.
    sentences: quoted.filter((q) => q.candidate === c).map((q) => q.sentence).sort((a, b) => (a === c.best ? -1 : b === c.best ? 1 : a.start - b.start)),
  }));
}

/**
 * "Läs också: Verksamhetsplan 2025–2029, Studier [3]": the best-ranked passages the answer did not
 * quote, when they still speak to the question, so the member sees every passage the answer rests
 * on (up to three citations) — the quoted sentence is the best single one, not always the only
 * relevant one. Another version of a quoted passage is left out (the version note covers
 * changes), and so is a passage of another plan than the one the question asks about.
 */
function readAlso(candidates: Candidate[], cites: CitationList, language: Language, query: AnalyzedQuestion, retriever: Retriever): string[] {
  const more = candidates
    .slice(0, RESTS_ON)
    .filter((c) => c.best.coverage >= MIN_SUPPORT && fromAskedPlan(c, query, retriever) && !cites.citations.some((cited) => cited.id === c.passage.chunk.id || overlap(cited.quote, c.passage.chunk.text) >= COUNTERPART_OVERLAP))
    .slice(0, Math.max(0, RESTS_ON - cites.citations.length));
  if (more.length === 0) return [];
  const entry = (c: Candidate) => `${c.passage.document.title}, ${sectionLabel(c.passage.chunk.sectionPath)} ${cites.marker(c.passage.chunk, c.passage.score)}`;
  return [MESSAGES[language].readAlso(more.map(entry).join('; '))];
}

function answerText(retriever: Retriever, query: AnalyzedQuestion, ask: AskType, language: Language, primary: Candidate, candidates: Candidate[]): { text: string; citations: Citation[] } {
  const m = MESSAGES[language];
  const cites = new CitationList(retriever);
  const lines: string[] = [];
  if (language === 'en') lines.push(MESSAGES.en.sourcesInSwedish);
  const { chunk } = primary.passage;
  const label = sourceLabel(primary.passage.document, language);

  if (chunk.kind === 'list' && (query.intent.wantsList || ask === 'list' || ask === 'broad')) {
    const parts = wholeList(retriever, chunk);
    const markers = parts.map((c) => cites.marker(c, c.id === chunk.id ? primary.passage.score : 0)).join(' ');
    lines.push(`${m.listIntro(label, sectionLabel(chunk.sectionPath))} ${markers}`);
    for (const part of parts) for (const item of splitSentences(part.text)) lines.push(`- ${item.text}`);
    lines.push(...readAlso(candidates, cites, language, query, retriever));
    return { text: lines.join('\n'), citations: cites.citations };
  }

  // A broad question about a section's own topic ("vad säger planen om studier?") gets its core commitments.
  const aboutSection = ask === 'broad' && retriever.coverage(query, chunk.sectionPath.join(' ')) >= BROAD_HEADING_COVERAGE;
  const commitments = aboutSection ? sectionCommitments(retriever, query, primary.passage, MAX_SENTENCES) : [];
  if (commitments.length >= 2) {
    // A broad question gets the section's core commitments, each with its passage, under one lead.
    lines.push(m.broadIntro(label, sectionLabel(chunk.sectionPath)));
    for (const { passage, sentence } of commitments) lines.push(`- ${quote(sentence.text, language)} ${cites.marker(passage.chunk, passage.score)}`);
    lines.push(...readAlso(candidates, cites, language, query, retriever));
    return { text: lines.join('\n'), citations: cites.citations };
  }

  // Further quotes come from the plan the question asks about, as the first does.
  const fromPlan = candidates.filter((c) => c === primary || fromAskedPlan(c, query, retriever));
  lines.push(...quoteLines(specificQuotes(primary, fromPlan), cites, language));
  // Version awareness: what the other version of the national plan says instead.
  const note = versionNote(retriever, chunk, primary.best.text);
  if (note) {
    const otherDoc = retriever.documents.get(note.chunk.documentId)!;
    const lead = note.newer ? m.otherVersionNewer(otherDoc.title) : m.otherVersionOlder(otherDoc.title);
    lines.push(`${lead} ${quote(note.sentence, language)} ${cites.marker(note.chunk, 0)}`);
  }
  lines.push(...readAlso(candidates, cites, language, query, retriever));
  return { text: lines.join('\n'), citations: cites.citations };
}

/**
 * From a member's question to the answer every channel shows. Extractive: 1–3 verbatim sentences
 * (the one holding what was asked for first), the items of a list, or a section's core
 * commitments for a broad question, each followed by its citation marker, with a note when the
 * other version of the national plan says something different. When the answerability model
 * finds the plans do not answer, the reply says so — with the closest passages as related context
 * when the plans touch the topic (`outcome: 'related'`), plainly otherwise (`outcome: 'none'`).
 */
export async function composeAnswerWithEvidence(retriever: Retriever, rawQuestion: string, options: ComposeOptions = {}): Promise<ComposedAnswer> {
  const question = cleanQuestion(rawQuestion);
  const language = detectLanguage(normalizeColloquial(question));
  // Markup is shown back as typed, but its tag and attribute names are not words of the question.
  const query = retriever.analyze(question.replace(/<[^>]*>/g, ' '), language, options.conversation);
  const ask = classifyQuestion(query.normalized);
  const passages = await retriever.searchAnalyzed(query, { limit: CANDIDATES });
  const candidates = passages.map((p) => scoreCandidate(retriever, query, ask, p));
  const primary = choosePrimary(candidates, ask, query, retriever);
  const evidence = assessEvidence(retriever, query, ask, language, passages, primary && { passage: primary.passage, sentence: primary.best });

  if (evidence.outcome === 'related' && primary) {
    return { answer: relatedAnswer(retriever, question, query, ask, language, primary, candidates), evidence, query, passages };
  }
  if (evidence.outcome !== 'answer' || !primary) {
    return { answer: noAnswer(retriever, question, language, evidence, passages), evidence, query, passages };
  }
  const { text, citations } = answerText(retriever, query, ask, language, primary, candidates);
  return {
    answer: { question, answered: true, outcome: 'answer', answer: text, citations, language, suggestions: [] },
    evidence,
    query,
    passages,
  };
}

/** The answer alone; see {@link composeAnswerWithEvidence}. Throws InputError for unusable input. */
export async function composeAnswer(retriever: Retriever, rawQuestion: string): Promise<Answer> {
  return (await composeAnswerWithEvidence(retriever, rawQuestion)).answer;
}
