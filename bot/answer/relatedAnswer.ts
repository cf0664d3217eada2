import { fold } from '../../retrieval/analysis/fold.js';
import type { AnalyzedQuestion, Retriever } from '../../retrieval/retriever.js';
import { saysConcept } from '../../retrieval/search/questionCoverage.js';
import type { Answer } from './answerSchema.js';
import type { Candidate } from './chooseSentences.js';
import type { AskType } from './classifyQuestion.js';
import { CitationList, quote } from './citationList.js';
import type { Language } from './detectLanguage.js';
import { joinList, MESSAGES } from './messages.js';
import { nearbyTopics } from './noAnswer.js';
import { sectionLabel, sourceLabel } from './sourceLabels.js';

/** Closest passages shown as context at most. */
const MAX_CONTEXT = 2;
/** Question words named in "Planerna säger inget om …" at most. */
const MAX_MISSING = 3;
/** A word the passage lacks is named only if it carries at least this share of the question's weight. */
const MISSING_SHARE = 0.1;

/** The question's weighty words that none of the shown passages holds, as the member typed them. */
function missingWords(retriever: Retriever, query: AnalyzedQuestion, shown: Candidate[]): string[] {
  const terms = new Set(shown.flatMap((c) => [...retriever.analyzer.analyze(c.passage.chunk.text, 'passage').keys()]));
  const total = query.words.reduce((s, w) => s + w.weight, 0) || 1;
  const lacking = new Set(
    query.words
      .filter((w) => w.weight / total >= MISSING_SHARE && w.exact.length > 0 && w.token.length >= 3 && !/\d/.test(w.token))
      .filter((w) => !w.exact.some((t) => terms.has(t)) && !saysConcept(w, terms))
      .map((w) => w.token),
  );
  const typed: string[] = [];
  for (const m of query.normalized.matchAll(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu)) {
    if (lacking.has(fold(m[0])) && !typed.some((t) => fold(t) === fold(m[0]))) typed.push(m[0]);
  }
  return typed.slice(0, MAX_MISSING);
}

/**
 * The reply when the plans touch the topic but do not answer the specific ask: it says so plainly
 * ("Planerna säger inget om lokförare och SJ."), then shows the closest passages as context — cited,
 * so they can be checked, but never presented as the answer (`answered: false`, `outcome: 'related'`).
 */
export function relatedAnswer(retriever: Retriever, question: string, query: AnalyzedQuestion, ask: AskType, language: Language, primary: Candidate, candidates: Candidate[]): Answer {
  const m = MESSAGES[language];
  const cites = new CitationList(retriever);
  const shown = [primary, ...candidates.filter((c) => c !== primary && c.best.coverage >= primary.best.coverage * 0.75)].slice(0, MAX_CONTEXT);
  // A figure or a date the plans do not give is said as such; otherwise the words they lack are named.
  const lead = (ask === 'number' || ask === 'date') && !primary.best.typed ? m.noFigure : m.relatedLead(joinList(missingWords(retriever, query, shown), language));
  const lines = [`${lead} ${m.relatedContext}`];
  for (const c of shown) {
    lines.push(`${sourceLabel(c.passage.document, language)}, ${sectionLabel(c.passage.chunk.sectionPath)}: ${quote(c.best.text, language)} ${cites.marker(c.passage.chunk, c.passage.score)}`);
  }
  return {
    question,
    answered: false,
    outcome: 'related',
    answer: lines.join('\n'),
    citations: cites.citations,
    language,
    suggestions: nearbyTopics(retriever, candidates.map((c) => c.passage), language),
  };
}
