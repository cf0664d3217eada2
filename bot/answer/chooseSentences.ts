import type { AnalyzedQuestion, Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import { namesPlan } from '../../retrieval/search/queryIntent.js';
import { holdsAskedType, type AskType } from './classifyQuestion.js';
import { splitSentences, splitStatements, type Sentence } from './sentences.js';

/** A later passage replaces the first as the answer's source only if its best sentence covers this much more. */
const PRIMARY_MARGIN = 0.25;
/** A current-plan passage this much less covering than a historical one still speaks for Seko. */
const CURRENT_PLAN_MARGIN = 0.1;
/**
 * A sentence holding the asked-for type (the figure, the year, the reason) goes first if it
 * speaks to the question at least this well relative to the best-covering sentence.
 */
const TYPED_SENTENCE_MIN = 0.5;

export interface ScoredSentence extends Sentence {
  coverage: number;
  /** Holds what the question asks for (a number for "hur många", a year for "när"). */
  typed: boolean;
}

export interface Candidate {
  passage: RetrievedPassage;
  sentences: ScoredSentence[];
  /** The sentence to quote first. */
  best: ScoredSentence;
}

/**
 * Scores a passage's sentences by how much of the question they cover, and picks the one to quote
 * first: the best-covering one, unless the question asks for a type (number, time, reason) and
 * another sentence that speaks to the question nearly as well holds it.
 */
export function scoreCandidate(retriever: Retriever, query: AnalyzedQuestion, ask: AskType, passage: RetrievedPassage): Candidate {
  // A list item means little without its heading ("Mål" under "Studier") and its plan's year.
  const context = passage.chunk.kind === 'list' ? `${passage.document.period} ${passage.chunk.sectionPath.join(' ')} ` : '';
  // List items stand alone; in prose a sentence leaning on the one before is judged with it.
  const split = passage.chunk.kind === 'list' ? splitSentences : splitStatements;
  const sentences = split(passage.chunk.text).map((s) => ({ ...s, coverage: retriever.coverage(query, context + s.text), typed: holdsAskedType(ask, s.text) }));
  let best = sentences.reduce((a, b) => (b.coverage > a.coverage ? b : a), sentences[0]);
  if (ask === 'number' || ask === 'date' || ask === 'reason') {
    const typed = sentences.filter((s) => s.typed && s.coverage > 0 && s.coverage >= best.coverage * TYPED_SENTENCE_MIN);
    if (typed.length > 0) best = typed.reduce((a, b) => (b.coverage > a.coverage ? b : a));
  }
  return { passage, sentences, best };
}

/**
 * Whether a candidate comes from the plan the question names: the one it names by year or title
 * ("prioriteringarna 2020") or an older one ("förra planen"); any plan when it names none. A bare
 * "planen" only makes the plan in force preferred (see {@link choosePrimary}), members say it of
 * the plans in general too.
 */
export function fromAskedPlan(candidate: Candidate, query: AnalyzedQuestion, retriever: Retriever): boolean {
  const { intent } = query;
  const doc = candidate.passage.document;
  if (intent.namedDocuments.size > 0) return intent.namedDocuments.has(doc.id);
  if (intent.wantsPrevious) return retriever.supersededBy.has(doc.id);
  return true;
}

/**
 * The passage the answer rests on: the first retrieved, unless a later one's best sentence covers
 * the question clearly better (or alone holds the asked-for type). The plan in force speaks for
 * Seko: unless the question names an older plan or a year, a passage of the current plan that
 * speaks to the question nearly as well as a historical one is preferred to it, and a historical
 * document never displaces the current plan.
 */
export function choosePrimary(candidates: Candidate[], ask: AskType, query: AnalyzedQuestion, retriever: Retriever): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  // A list asked for: the list whose heading (and plan year) says what was asked ("mål … organisering 2020").
  // A figure or time asked for comes first even when a list is too ("vilket år …, och vilka avtal …?").
  if (ask === 'list' || (query.intent.wantsList && ask !== 'number' && ask !== 'date')) {
    let best: { candidate: Candidate; heading: number } | undefined;
    for (const candidate of candidates) {
      if (candidate.passage.chunk.kind !== 'list') continue;
      const heading = retriever.coverage(query, `${candidate.passage.document.period} ${candidate.passage.chunk.sectionPath.join(' ')}`);
      if (!best || heading > best.heading + 1e-9) best = { candidate, heading };
    }
    if (best && best.heading > 0) return best.candidate;
  }
  const asked = (c: Candidate) => fromAskedPlan(c, query, retriever);
  let primary = candidates[0];
  for (const c of candidates.slice(1)) {
    const typedBetter = (ask === 'number' || ask === 'date') && c.best.typed && !primary.best.typed && c.best.coverage >= primary.best.coverage;
    if (!typedBetter && c.best.coverage < primary.best.coverage + PRIMARY_MARGIN) continue;
    if (c.passage.document.status === 'historical' && primary.passage.document.status === 'current') continue;
    if (!typedBetter && asked(primary) && !asked(c)) continue;
    primary = c;
  }
  if (!namesPlan(query.intent) && primary.passage.document.status === 'historical') {
    // … unless only the older one holds the figure or time asked for.
    const keepsType = (c: Candidate) => c.best.typed || !primary.best.typed || (ask !== 'number' && ask !== 'date');
    const current = candidates.find((c) => c.passage.document.status === 'current' && c.best.coverage >= primary.best.coverage - CURRENT_PLAN_MARGIN && keepsType(c));
    if (current) primary = current;
  }
  return primary;
}

/** Sentences stating what Seko will do or wants: the core of a section, for broad questions. */
const COMMITMENT = /(?<![\p{L}])(ska|skall|behöver|vill|måste|kommer att|bör|krävs|kräver)(?![\p{L}])/iu;

/** The section's commitments, best covering first, at most `max`: what a broad question is answered with. */
export function sectionCommitments(retriever: Retriever, query: AnalyzedQuestion, primary: RetrievedPassage, max: number): Array<{ passage: RetrievedPassage; sentence: Sentence }> {
  const path = primary.chunk.sectionPath.join('\n');
  const chunks = retriever.chunks.filter((c) => c.documentId === primary.chunk.documentId && c.sectionPath.join('\n') === path);
  const found: Array<{ passage: RetrievedPassage; sentence: Sentence; coverage: number; order: number }> = [];
  for (const [order, chunk] of chunks.entries()) {
    const passage = chunk.id === primary.chunk.id ? primary : { ...primary, chunk, score: 0 };
    for (const sentence of splitSentences(chunk.text)) {
      if (!COMMITMENT.test(sentence.text)) continue;
      found.push({ passage, sentence, coverage: retriever.coverage(query, sentence.text), order });
    }
  }
  // The most on-topic commitments, then shown in the order the plan states them.
  return found
    .sort((a, b) => b.coverage - a.coverage || a.order - b.order)
    .slice(0, max)
    .sort((a, b) => a.order - b.order || a.sentence.start - b.sentence.start);
}
