import type { Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import type { Answer, Suggestion } from './answerSchema.js';
import type { Verdict } from './assessEvidence.js';
import type { Language } from './detectLanguage.js';
import { MESSAGES, refusalLead } from './messages.js';

/** Headings that introduce a plan rather than name a topic. */
const NOT_TOPICS = new Set(['titelsida', 'förord', 'inledning', 'utgångspunkt', 'bakgrund', 'mål']);
/** How many nearby topics a refusal offers at most. */
const MAX_SUGGESTIONS = 3;

function topicOf(passage: RetrievedPassage): string | undefined {
  const heading = [...passage.chunk.sectionPath].reverse().find((h) => !NOT_TOPICS.has(h.toLowerCase()));
  if (!heading || /^(verksamhetsplan|prioriterade)/i.test(heading)) return undefined;
  return heading.replace(/^\d+\.\s*/, '');
}

/** Topics per retriever: an index never changes once loaded, so they are read once, not per refusal. */
const topicsOf = new WeakMap<Retriever, string[]>();

/** The current national plan's own topics: what the plans cover, for every refusal. */
export function planTopics(retriever: Retriever): string[] {
  let topics = topicsOf.get(retriever);
  if (!topics) topicsOf.set(retriever, (topics = readPlanTopics(retriever)));
  return topics;
}

function readPlanTopics(retriever: Retriever): string[] {
  const current = [...retriever.documents.values()].find((d) => d.status === 'current' && d.kind === 'verksamhetsplan');
  const topics: string[] = [];
  for (const chunk of retriever.chunks) {
    if (chunk.documentId !== current?.id) continue;
    const heading = chunk.sectionPath[0];
    if (!NOT_TOPICS.has(heading.toLowerCase()) && !/^verksamhetsplan/i.test(heading) && !topics.includes(heading)) topics.push(heading);
  }
  return topics;
}

function joinList(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${language === 'sv' ? 'och' : 'and'} ${items.at(-1)}`;
}

/**
 * The plain "not in the plans" reply: says so, says what the plans do cover, and offers up to
 * three nearby topics (from the passages that came closest) unless the question tried to get
 * round the rules.
 */
export function noAnswer(
  retriever: Retriever,
  question: string,
  language: Language,
  verdict: Verdict,
  passages: RetrievedPassage[],
): Answer {
  const m = MESSAGES[language];
  const suggestions: Suggestion[] = [];
  if (verdict !== 'manipulation') {
    for (const passage of passages) {
      const topic = topicOf(passage);
      if (!topic || suggestions.some((s) => s.title === topic)) continue;
      suggestions.push({ title: topic, question: m.suggestion(topic) });
      if (suggestions.length === MAX_SUGGESTIONS) break;
    }
  }
  const covered = planTopics(retriever).map((t) => t.toLowerCase());
  const lines = [refusalLead(verdict, language), m.planCover(joinList(covered.slice(0, 5), language))];
  if (suggestions.length > 0) lines.push(m.nearby(joinList(suggestions.map((s) => s.title), language)));
  return { question, answered: false, outcome: 'none', answer: lines.join(' '), citations: [], language, suggestions };
}
