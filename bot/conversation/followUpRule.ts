import { detectLanguage, type Language } from '../answer/detectLanguage.js';
import { fold } from '../../retrieval/analysis/fold.js';
import { ENGLISH_STOPWORDS, QUESTION_FRAME_WORDS, SWEDISH_STOPWORDS } from '../../retrieval/analysis/stopwords.js';

// Word lists are folded (å/ä/ö → a/a/o), like every token they are compared with.

/** Words that open a follow-up: "och …", "men …", "and …", "what about …", "vad gäller …". */
const LEADS: string[][] = [
  ['hur', 'ar', 'det', 'med'], ['nar', 'det', 'galler'], ['vad', 'galler'], ['vad', 'mer'], ['vad', 'mera'], ['vad', 'annars'],
  ['och', 'om'], ['men', 'om'], ['och'], ['men'], ['samt'], ['ocksa'], ['aven'], ['plus'], ['eller'],
  ['what', 'about'], ['how', 'about'], ['what', 'else'], ['and', 'about'], ['and'], ['but'], ['also'], ['or'],
];

/** Phrases that point back wherever they stand: "varför då", "berätta mer", "tell me more". */
const BACK_REFERENCES: string[][] = [
  ['varfor', 'da'], ['hur', 'da'], ['hur', 'sa'], ['beratta', 'mer'], ['beratta', 'mera'], ['mer', 'om', 'det'], ['mer', 'om', 'den'],
  ['tell', 'me', 'more'], ['more', 'about', 'it'], ['more', 'about', 'that'], ['why', 'is', 'that'], ['how', 'so'], ['why', 'not'],
];

/** Pronouns that refer back to the previous question's topic or plan. */
const PRONOUNS = new Set(['den', 'det', 'dem', 'de', 'dom', 'denna', 'detta', 'dessa', 'dess', 'deras', 'it', 'its', 'they', 'them', 'their', 'that', 'this', 'those', 'these']);
/** "det" is a dummy subject next to these ("vad står det om …", "finns det …"), not a reference. */
const DUMMY_DET_VERBS = new Set(['star', 'finns', 'sags', 'skrivs', 'namns', 'ar', 'galler', 'handlar', 'stod', 'fanns']);
/** Pronouns that stand for a plan when they speak ("vad säger den om …", "what does it say about …"). */
const PLAN_PRONOUNS = new Set(['den', 'de', 'dom', 'dem', 'it', 'they']);
const SPEAK_VERBS = new Set(['sager', 'star', 'skriver', 'tycker', 'namner', 'tar', 'menar', 'anser', 'vill', 'say', 'says', 'said', 'mention', 'mentions', 'state', 'states', 'write', 'writes']);
/** A greeting or thanks alone is no follow-up ("tack!", "hej"): nothing to rewrite. */
const SMALL_TALK = new Set(['hej', 'hejsan', 'tack', 'tackar', 'ok', 'okej', 'bra', 'toppen', 'hi', 'hello', 'thanks', 'thank', 'you', 'great', 'okay']);
/** Extra words that carry no topic in a follow-up. */
const NO_TOPIC = new Set(['mer', 'mera', 'annars', 'ocksa', 'aven', 'plus', 'sen', 'forresten', 'dom', 'else', 'more', 'then', 'betyder', 'innebar', 'mean', 'means']);
const STOP = new Set([...SWEDISH_STOPWORDS, ...QUESTION_FRAME_WORDS, ...ENGLISH_STOPWORDS, ...NO_TOPIC]);

/** The question shapes the rule writes, per language. */
const PHRASES = {
  sv: { plan: 'planen', plans: 'planerna', about: (plan: string, topic: string) => `Vad säger ${plan} om ${topic}?` },
  en: { plan: 'the plan', plans: 'the plans', about: (plan: string, topic: string) => `What ${plan === 'the plans' ? 'do' : 'does'} ${plan} say about ${topic}?` },
} as const;

/**
 * Word start and end for the patterns below, written `\b<` and `\b>` there: JavaScript's `\b`
 * does not know å, ä, ö, so "då" would never end a word.
 */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const rx = (source: string) => new RegExp(source.replace(/\\b</g, B).replace(/\\b>/g, E), 'iu');

/** Plan references, most specific first; the last entry of each list is the generic one. */
const PLAN_REFERENCES: Record<Language, RegExp[]> = {
  sv: [
    rx(String.raw`\b<(?:den\s+)?regionala\s+planen(?:\s+för\s+[\p{L}-]+)?\b>`),
    rx(String.raw`\b<Seko\s+Stockholms?(?:\s+verksamhetsplan(?:en)?)?(?:\s+(?:från\s+)?\d{4})?\b>`),
    rx(String.raw`\b<(?:den\s+)?(?:förra|gamla|tidigare|nuvarande|nya|senaste|aktuella)\s+(?:verksamhets)?plan(?:en)?\b>`),
    // "i den nya?", "o i den gamla då?": the plan left out, as members say it after naming one.
    rx(String.raw`\b<den\s+(?:förra|gamla|tidigare|nuvarande|nya|senaste|aktuella)\b>(?=\s*(?:då\b>|[?.!,]|$))`),
    rx(String.raw`\b<(?:förbundets\s+)?verksamhetsplan(?:en)?\s+(?:för\s+)?\d{4}(?:\s*[–—-]\s*\d{4})?\b>`),
    rx(String.raw`\b<(?:förbundsstyrelsens\s+)?prioriteringar(?:na)?\s+(?:för\s+)?\d{4}\b>`),
    rx(String.raw`\b<prioriterade\s+områden(?:\s+och\s+mål)?(?:\s+\d{4})?\b>`),
    rx(String.raw`\b<(?:verksamhetsplanen|planerna|planen)\b>`),
  ],
  en: [
    rx(String.raw`\b<the\s+(?:previous|old|older|earlier|former|current|new|latest|regional)\s+plan(?:\s+for\s+[\p{L}-]+)?\b>`),
    rx(String.raw`\b<the\s+(?:previous|old|older|earlier|former|current|new|latest)(?:\s+one)?\b>(?=\s*(?:then\b>|[?.!,]|$))`),
    rx(String.raw`\b<(?:the\s+)?(?:Seko\s+)?Stockholm(?:'s)?\s+plan\b>`),
    rx(String.raw`\b<the\s+\d{4}(?:\s*[–—-]\s*\d{4})?\s+(?:plan|priorities)\b>`),
    rx(String.raw`\b<the\s+plans?\b>`),
  ],
};

/** A plan's period standing beside its name: ", den för 2021–2025", " (2021–2025)", ", the one for 2021-2025". */
const PERIOD_APPOSITION = rx(String.raw`,?\s*\(?(?:den\s+|the\s+one\s+)?(?:för\s+|for\s+)?(?:19|20)\d{2}\s*[–—-]\s*(?:19|20)\d{2}\)?`);

/** "… om X?" / "… about X?": everything up to the last topic preposition, and the topic after it. */
const TOPIC_SLOT: Record<Language, RegExp> = {
  sv: rx(String.raw`^(.*\b<(?:om|kring|gällande|angående|beträffande)\s+)(.+?)[\s?.!]*$`),
  en: rx(String.raw`^(.*\b<(?:about|regarding|concerning|on)\s+)(.+?)[\s?.!]*$`),
};

interface Word {
  folded: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)].map((m) => ({ folded: fold(m[0]), start: m.index, end: m.index + m[0].length }));
}

function startsWith(tokens: string[], phrase: string[], at = 0): boolean {
  return phrase.every((p, i) => tokens[at + i] === p);
}

function contains(tokens: string[], phrase: string[]): boolean {
  return tokens.some((_, i) => startsWith(tokens, phrase, i));
}

/** A question's topic words, folded: no stop, frame or connective words, no pronouns. */
export function topicWords(question: string): string[] {
  return words(question)
    .map((w) => w.folded)
    .filter((t) => !STOP.has(t) && !PRONOUNS.has(t) && t.length > 1);
}

/** How a follow-up relates to the previous question. */
export type FollowUpKind =
  /** Same topic, another aspect: "varför då?", "hur finansieras den?", "tell me more". */
  | 'elaboration'
  /** A new topic in the same frame or plan: "och studier?", "vad säger den om studier?", "what about training?". */
  | 'new-topic';

export interface FollowUpAnalysis {
  kind: FollowUpKind;
  /** Words of the leading connective ("och", "what about"), to strip. */
  leadWords: number;
  /** Index into the words of a pronoun standing for the plan ("säger den"), if any. */
  planPronoun: number | undefined;
}

/**
 * Whether a question leans on the previous one, and how: a leading connective ("och", "men",
 * "and", "what about"), a back-reference ("varför då", "tell me more"), a pronoun standing for
 * the plan or the topic (den, det, de, it, they) with little topic of its own, or a very short
 * question. Null for a standalone question.
 */
export function analyseFollowUp(question: string): FollowUpAnalysis | null {
  const ws = words(question);
  const tokens = ws.map((w) => w.folded);
  if (tokens.length === 0 || tokens.every((t) => SMALL_TALK.has(t))) return null;
  const lead = LEADS.find((phrase) => startsWith(tokens, phrase));
  const leadWords = lead?.length ?? 0;
  const backReference = BACK_REFERENCES.some((phrase) => contains(tokens, phrase));
  const content = tokens.filter((t, i) => i >= leadWords && !STOP.has(t) && !PRONOUNS.has(t) && t.length > 1);

  let planPronoun: number | undefined;
  let referring = false;
  tokens.forEach((t, i) => {
    if (!PRONOUNS.has(t)) return;
    if (t === 'det' && (DUMMY_DET_VERBS.has(tokens[i - 1]) || DUMMY_DET_VERBS.has(tokens[i + 1]))) return;
    const speaks = PLAN_PRONOUNS.has(t) && (SPEAK_VERBS.has(tokens[i - 1]) || SPEAK_VERBS.has(tokens[i + 1]));
    // "står det i den om …", "what is in it about …": the plan as a place.
    const inIt = (tokens[i - 1] === 'i' || tokens[i - 1] === 'in') && (t === 'den' || t === 'dem' || t === 'it' || t === 'them');
    if ((speaks || inIt) && planPronoun === undefined) planPronoun = i;
    else referring = true;
  });

  const isFollowUp =
    lead !== undefined || backReference || planPronoun !== undefined || (referring && content.length <= 2) || content.length === 0 || tokens.length <= 2;
  if (!isFollowUp) return null;
  const kind: FollowUpKind = content.length === 0 || (referring && planPronoun === undefined) ? 'elaboration' : 'new-topic';
  return { kind, leadWords, planPronoun };
}

/**
 * The plan a question names ("den regionala planen för Stockholm", "the previous plan"): `text` as
 * written, `name` as a standalone question writes it ("den nya" → "den nya planen", "the old one"
 * → "the old plan").
 */
export function planReference(question: string, language: Language): { text: string; name: string; generic: boolean } | undefined {
  const patterns = PLAN_REFERENCES[language];
  for (const [i, pattern] of patterns.entries()) {
    const match = pattern.exec(question);
    if (!match) continue;
    const text = match[0];
    const name = /plan/i.test(text) ? text : language === 'sv' ? `${text} planen` : `${text.replace(/\s+one$/i, '')} plan`;
    return { text, name, generic: i === patterns.length - 1 };
  }
  return undefined;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const withoutEnd = (s: string) => s.trim().replace(/[\s?.!]+$/, '');

/** The question after its leading connective ("och vad säger den …" → "vad säger den …"). */
function core(question: string, analysis: FollowUpAnalysis): string {
  if (analysis.leadWords === 0) return question.trim();
  const lastLead = words(question)[analysis.leadWords - 1];
  return question.slice(lastLead.end).replace(/^[\s,;:–—-]+/, '').trim();
}

/** The new topic of a follow-up: "om X" / "about X", or what is left of "och X då?". */
function newTopic(rest: string, language: Language): string | undefined {
  const slot = TOPIC_SLOT[language].exec(rest);
  if (slot) return withoutEnd(slot[2]);
  const topic = withoutEnd(rest)
    .replace(rx(String.raw`[\s,]+(?:då|then|in that case)$`), '')
    .replace(rx(String.raw`^(?:om|about|with|med)\s+`), '')
    .trim();
  return topic !== '' && words(topic).length <= 6 ? topic : undefined;
}

/** A question's language; too short a question to tell takes the conversation's. */
function languageOf(question: string, fallback: Language): Language {
  return words(question).length <= 2 ? fallback : detectLanguage(question);
}

/**
 * The deterministic follow-up rewrite: combines the follow-up with the previous standalone
 * question. A new topic takes the previous question's frame and plan ("Vad säger den regionala
 * planen för Stockholm om studier?" + "och arbetsmiljö?" → "Vad säger den regionala planen för
 * Stockholm om arbetsmiljö?"; "vad säger den om studier?" → the pronoun becomes the plan); a
 * follow-up naming only another plan asks the previous question of that plan ("och i den förra
 * planen?" → "Vad säger den förra planen om hyvling?"); an
 * elaboration is appended to the previous question ("Vad säger planen om hyvling – varför då?"),
 * so retrieval searches the previous topic. Undefined when the question is not a follow-up.
 */
export function rewriteByRule(question: string, previous: string): string | undefined {
  const analysis = analyseFollowUp(question);
  if (!analysis) return undefined;
  const previousLanguage = detectLanguage(previous);
  const language = languageOf(question, previousLanguage);
  const rest = core(question, analysis);
  const phrases = PHRASES[language];
  const plan = language === previousLanguage ? planReference(previous, language) : undefined;

  // "och i den förra planen?", "and in the old plan?": the previous question, asked of another plan.
  const otherPlan = planReference(rest, language);
  if (plan && otherPlan && !otherPlan.generic && topicWords(rest.replace(otherPlan.text, '')).length === 0) {
    // The period that went with the previous plan ("den förra, den för 2021–2025") goes with it.
    const asked = previous.replace(plan.text, otherPlan.name);
    return capitalise(`${withoutEnd(/\d/.test(otherPlan.text) ? asked : asked.replace(PERIOD_APPOSITION, ''))}?`);
  }

  if (analysis.kind === 'new-topic') {
    if (analysis.planPronoun !== undefined) {
      const pronoun = words(question)[analysis.planPronoun];
      const replaced = question.slice(0, pronoun.start) + (plan?.text ?? phrases.plan) + question.slice(pronoun.end);
      return capitalise(core(replaced, analysis));
    }
    const topic = newTopic(rest, language);
    if (topic) {
      const slot = language === previousLanguage ? TOPIC_SLOT[language].exec(previous) : null;
      // A plan the follow-up names itself ("o i nya planen, står det nåt om unga?") is the one asked.
      if (slot && !(otherPlan && !otherPlan.generic)) return `${capitalise(slot[1].trim())} ${topic}?`;
      return phrases.about(otherPlan && !otherPlan.generic ? otherPlan.name : (plan?.text ?? phrases.plans), topic);
    }
  }
  // "vad mer?", "what else?": nothing but the lead, which is then the whole point.
  const aspect = /[\p{L}\p{N}]/u.test(rest) ? rest : question.trim();
  return `${withoutEnd(previous)} – ${lowerFirst(aspect)}`;
}
