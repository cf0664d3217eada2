import type { Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import type { Answer, Suggestion } from './answerSchema.js';
import type { Evidence } from './assessEvidence.js';
import type { Language } from './detectLanguage.js';
import { joinList, MESSAGES, refusalLead } from './messages.js';

/** Headings that introduce a plan rather than name a topic. */
const NOT_TOPICS = new Set(['titelsida', 'förord', 'inledning', 'utgångspunkt', 'bakgrund', 'mål']);
/** How many nearby topics a refusal offers at most. */
const MAX_SUGGESTIONS = 3;

/** Words the plans write with a capital letter inside a sentence: names ("Seko", "LO"), kept as written. */
const namesOf = new WeakMap<Retriever, Set<string>>();

function names(retriever: Retriever): Set<string> {
  let found = namesOf.get(retriever);
  if (!found) {
    found = new Set();
    for (const chunk of retriever.chunks) for (const m of chunk.text.matchAll(/(?<=[\p{L},] )(\p{Lu}[\p{L}-]*)/gu)) found.add(m[1]);
    namesOf.set(retriever, found);
  }
  return found;
}

/** A heading as a topic inside a sentence: "Studier" → "studier", but "Seko i en föränderlig tid" keeps its name. */
export function topicInSentence(retriever: Retriever, heading: string): string {
  const topic = heading.replace(/^\d+\.\s*/, '');
  const first = topic.split(/\s+/)[0];
  if (first.length > 1 && (first === first.toUpperCase() || names(retriever).has(first))) return topic;
  return topic.charAt(0).toLowerCase() + topic.slice(1);
}

/** A heading as a topic: "8. Organisering: Öka antalet medlemmar …" is about organisering. */
function headingTopic(heading: string): string {
  return heading.replace(/^\d+\.\s*/, '').split(':')[0].trim();
}

function topicOf(passage: RetrievedPassage): string | undefined {
  const heading = [...passage.chunk.sectionPath].reverse().map(headingTopic).find((h) => !NOT_TOPICS.has(h.toLowerCase()));
  if (!heading || /^(verksamhetsplan|prioriterade)/i.test(heading)) return undefined;
  return heading;
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

/** Up to three nearby topics from the passages that came closest, as chips that ask about them. */
export function nearbyTopics(retriever: Retriever, passages: RetrievedPassage[], language: Language): Suggestion[] {
  const m = MESSAGES[language];
  const suggestions: Suggestion[] = [];
  for (const passage of passages) {
    const heading = topicOf(passage);
    if (!heading) continue;
    const topic = topicInSentence(retriever, heading);
    if (suggestions.some((s) => s.title === heading.replace(/^\d+\.\s*/, ''))) continue;
    suggestions.push({ title: heading.replace(/^\d+\.\s*/, ''), question: m.suggestion(topic) });
    if (suggestions.length === MAX_SUGGESTIONS) break;
  }
  return suggestions;
}

/**
 * The plain "not in the plans" reply, at most three sentences: why not (the plans hold no such
 * figures, give no advice in individual cases, …), what the plans do cover, and nearby topics —
 * none of that for a request to break the rules.
 */
export function noAnswer(retriever: Retriever, question: string, language: Language, evidence: Evidence, passages: RetrievedPassage[]): Answer {
  const m = MESSAGES[language];
  const lead = refusalLead(evidence.reason, evidence.ask, language);
  const suggestions = evidence.reason === 'manipulation' || evidence.ask === 'service' ? [] : nearbyTopics(retriever, passages, language);
  const lines = [lead];
  const leadSentences = lead.split(/(?<=[.!?])\s+/).length;
  if (evidence.reason !== 'manipulation' && leadSentences === 1) {
    lines.push(m.planCover(joinList(planTopics(retriever).slice(0, 4).map((t) => topicInSentence(retriever, t)), language)));
  }
  if (suggestions.length > 0 && leadSentences <= 2) lines.push(m.nearby(joinList(suggestions.map((s) => topicInSentence(retriever, s.title)), language)));
  return { question, answered: false, outcome: 'none', answer: lines.join(' '), citations: [], language, suggestions };
}
