import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { normalizeColloquial } from '../../retrieval/analysis/colloquial.js';
import { fold, tokenize } from '../../retrieval/analysis/fold.js';
import { saysConcept, unknownShare, type QuestionWord } from '../../retrieval/search/questionCoverage.js';
import type { AnalyzedQuestion, Retriever, RetrievedPassage } from '../../retrieval/retriever.js';
import { boostedProbability, treeNodeSchema } from './boostedTrees.js';
import { asksAboutRules, classifyQuestion, holdsAskedType, type AskType } from './classifyQuestion.js';
import type { Language } from './detectLanguage.js';

/**
 * The evidence features the answerability model weighs; each is 0–1 (or a 0/1 flag). Names are
 * the model file's keys, so the order here is the order of the weights.
 */
export const FEATURE_NAMES = [
  'coverPassage', // share of the question's weighted words in the best passage
  'coverSentence', // … in the best passage's best sentence
  'heaviestMissing', // weight share of the rarest question word the best passage lacks
  'unknownShare', // weight share of words neither the plans nor the glossary know
  'unknownSwedish', // the same, for Swedish questions only (English ones are mostly unknown words by nature)
  'glossaryOnly', // share of the covered weight that only the glossary connects
  'denseSimilarity', // cosine of the best passage in the embedding space
  'retrieversAgree', // the best passage is in both BM25's and the dense top 3
  'scoreMargin', // how far the best passage is ahead of the second
  'typeMissing', // asks for a number or a time and the best sentence holds none
  'typeMissingNear', // … and no sentence of the best-ranked passages holds one either
  'asksErrand',
  'asksOwnCase',
  'asksPerson',
  'asksRule', // what is required, included or covered for a member ("måste man", "ingår", "do I have to")
  'firstPerson', // "jag", "min", "my" …, up to three
  'english',
  'englishUncovered', // English and little covered: English questions cover less by nature, unless off-topic
  'coverBoth', // passage and sentence coverage together
  'asksSpecific', // asks for a number, a time or a place
  'unknownName', // names something the plans never mention: a name, an abbreviation, a year or figure
  'fewWords', // one content word or none
  'nearMissVote', // share of near misses among the closest member and near-miss questions of the best-ranked passages
  'nearMissVoteAny', // … of all passages
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

const trainingSchema = z.object({ questions: z.number(), chosen: z.string(), crossValidation: z.record(z.string(), z.number()) });

/**
 * The saved model, trained on the dev split: gradient-boosted trees over the raw features, or a
 * logistic regression over standardised ones — whichever cross-validated better (see the training
 * report). Both give a probability that the plans answer the question.
 */
export const answerabilityModelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('logistic'),
    version: z.literal(1),
    features: z.array(z.enum(FEATURE_NAMES)),
    mean: z.array(z.number()),
    scale: z.array(z.number()),
    weights: z.array(z.number()),
    bias: z.number(),
    /** Answer when the probability is at least this. */
    threshold: z.number().min(0).max(1),
    training: trainingSchema,
  }),
  z.object({
    kind: z.literal('boosted'),
    version: z.literal(1),
    features: z.array(z.enum(FEATURE_NAMES)),
    base: z.number(),
    trees: z.array(treeNodeSchema),
    threshold: z.number().min(0).max(1),
    training: trainingSchema,
  }),
]);
export type AnswerabilityModel = z.infer<typeof answerabilityModelSchema>;

export const ANSWERABILITY_MODEL_PATH = join(PROJECT_ROOT, 'bot', 'answer', 'answerabilityModel.json');

let cached: AnswerabilityModel | undefined;

/** The committed model (`npm run eval -- --train` writes it), validated once. */
export function answerabilityModel(): AnswerabilityModel {
  cached ??= answerabilityModelSchema.parse(JSON.parse(readFileSync(ANSWERABILITY_MODEL_PATH, 'utf8')));
  return cached;
}

/** Replaces the model in use (after training, and in tests). */
export function useAnswerabilityModel(model: AnswerabilityModel): void {
  cached = model;
}

/** Probability (0–1) that the plans answer the question, from its features. */
export function answerProbability(features: Features, model: AnswerabilityModel = answerabilityModel()): number {
  const x = model.features.map((name) => features[name]);
  if (model.kind === 'boosted') return boostedProbability(model, x);
  let z = model.bias;
  x.forEach((v, i) => {
    z += model.weights[i] * ((v - model.mean[i]) / model.scale[i]);
  });
  return 1 / (1 + Math.exp(-z));
}

/**
 * Whether the question names something specific the plans never mention: a capitalised word
 * inside a sentence or an abbreviation ("SJ", "Järnvägsavtalet", "ITF"), or a number or year.
 * Members ask about named agreements, companies and dates the plans do not hold.
 */
function namesUnknown(query: AnalyzedQuestion): boolean {
  const unknown = new Set(query.words.filter((w) => !w.known).map((w) => w.token));
  if (unknown.size === 0) return false;
  for (const m of query.normalized.matchAll(/(^|[.!?]\s+|\s)([\p{L}\p{N}][\p{L}\p{N}-]*)/gu)) {
    const word = m[2];
    const sentenceStart = m.index === 0 || /[.!?]/.test(m[1]);
    const specific = /\d/.test(word) || /^\p{Lu}{2,}$/u.test(word) || (!sentenceStart && /^\p{Lu}/u.test(word));
    if (specific && tokenize(word).some((t) => unknown.has(t))) return true;
  }
  return false;
}

/** Weight of a bank question that asks for another type than the question (chosen by cross-validation on dev). */
const OTHER_ASK_WEIGHT = 0.1;

/** What each bank question asks for, read once (the banks are fixed while the process runs). */
const askCache = new Map<string, AskType>();
function askOf(text: string): AskType {
  let a = askCache.get(text);
  if (a === undefined) askCache.set(text, (a = classifyQuestion(normalizeColloquial(text))));
  return a;
}

/** How many of the best-ranked passages `typeMissingNear` looks through (the ones an answer may cite). */
const NEAR_PASSAGES = 3;

const FIRST_PERSON = new Set(['jag', 'mig', 'min', 'mitt', 'mina', 'i', 'me', 'my', 'mine']);

function covered(word: QuestionWord, terms: ReadonlySet<string>): 'exact' | 'glossary' | 'part' | null {
  if (word.exact.some((t) => terms.has(t))) return 'exact';
  if (saysConcept(word, terms)) return 'glossary';
  if (word.parts.some((t) => terms.has(t))) return 'part';
  return null;
}

/**
 * The features of a question and the passage chosen to answer it. `passages` are the retrieved
 * ones, best first; `best` is the chosen passage and its best sentence.
 */
export function answerabilityFeatures(
  retriever: Retriever,
  query: AnalyzedQuestion,
  ask: AskType,
  language: Language,
  passages: RetrievedPassage[],
  best: { passage: RetrievedPassage; sentence: { text: string; coverage: number } } | undefined,
): Features {
  const words = query.words;
  const total = words.reduce((s, w) => s + w.weight, 0) || 1;
  const terms = best ? new Set(retriever.analyzer.analyze(best.passage.chunk.text, 'passage').keys()) : new Set<string>();
  let heaviestMissing = 0;
  let glossaryWeight = 0;
  let coveredWeight = 0;
  for (const w of words) {
    const how = covered(w, terms);
    if (how === null) heaviestMissing = Math.max(heaviestMissing, w.weight / total);
    else {
      coveredWeight += how === 'part' ? w.weight / 2 : w.weight;
      if (how === 'glossary') glossaryWeight += w.weight;
    }
  }
  const scores = passages.map((p) => p.score);
  const firstPerson = tokenize(query.normalized).filter((t) => FIRST_PERSON.has(t)).length;
  const folded = fold(query.normalized);
  const near = new Set(passages.slice(0, NEAR_PASSAGES).map((p) => p.chunk.id));
  // A bank question asking for something else ("när strejkade Seko senast?" beside "måste jag strejka?") says little.
  const sameAsk = (bankQuestion: string) => (askOf(bankQuestion) === ask ? 1 : OTHER_ASK_WEIGHT);
  const nearMiss = retriever.neighbours?.nearMissShares(query.normalized, near, sameAsk) ?? { among: 0, overall: 0 };
  return {
    coverPassage: best?.passage.coverage ?? 0,
    coverSentence: best?.sentence.coverage ?? 0,
    heaviestMissing: best ? heaviestMissing : 1,
    unknownShare: unknownShare(words),
    unknownSwedish: language === 'sv' ? unknownShare(words) : 0,
    glossaryOnly: coveredWeight > 0 ? glossaryWeight / coveredWeight : 0,
    denseSimilarity: Math.max(0, best?.passage.denseSimilarity ?? 0),
    retrieversAgree: best && (best.passage.lexicalRank ?? 99) <= 3 && (best.passage.denseRank ?? 99) <= 3 ? 1 : 0,
    scoreMargin: scores.length >= 2 && scores[0] > 0 ? Math.max(0, (scores[0] - scores[1]) / scores[0]) : 1,
    typeMissing: (ask === 'number' || ask === 'date') && best && !holdsAskedType(ask, best.sentence.text) ? 1 : 0,
    typeMissingNear: (ask === 'number' || ask === 'date') && !passages.slice(0, NEAR_PASSAGES).some((p) => holdsAskedType(ask, p.chunk.text)) ? 1 : 0,
    asksErrand: ask === 'errand' ? 1 : 0,
    asksOwnCase: ask === 'own-case' ? 1 : 0,
    asksPerson: ask === 'person' ? 1 : 0,
    asksRule: asksAboutRules(query.normalized) ? 1 : 0,
    firstPerson: Math.min(3, firstPerson) / 3,
    english: language === 'en' ? 1 : 0,
    englishUncovered: language === 'en' ? 1 - (best?.passage.coverage ?? 0) : 0,
    coverBoth: (best?.passage.coverage ?? 0) * (best?.sentence.coverage ?? 0),
    asksSpecific: ask === 'number' || ask === 'date' || ask === 'place' ? 1 : 0,
    unknownName: namesUnknown(query) ? 1 : 0,
    fewWords: words.length <= 1 && !/\d/.test(folded) ? 1 : 0,
    nearMissVote: nearMiss.among,
    nearMissVoteAny: nearMiss.overall,
  };
}
