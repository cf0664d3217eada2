import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import snowball from 'snowball-stemmers';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config.js';
import { isQueryStopword, type SwedishAnalyzer, type TermWeights } from './analyzer.js';
import { BoundedCache } from './boundedCache.js';
import { tokenize } from './fold.js';

export const glossarySchema = z.object({
  version: z.literal(1),
  concepts: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      /** How the plans say it. */
      plan: z.array(z.string().min(1)).min(1),
      /** Everyday Swedish a member might use instead. */
      sv: z.array(z.string().min(1)),
      /** English words for the same concept. */
      en: z.array(z.string().min(1)),
    }),
  ),
});

export type Glossary = z.infer<typeof glossarySchema>;

export const GLOSSARY_PATH = join(PROJECT_ROOT, 'retrieval', 'analysis', 'glossary.json');

/** Plan vocabulary reached through the glossary counts less than the member's own words. */
export const EXPANSION_WEIGHT = 0.5;

/** Loads and validates the curated bilingual glossary of the plans' vocabulary. */
export function loadGlossary(path: string = GLOSSARY_PATH): Glossary {
  return glossarySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface Expansion {
  /** Plan-vocabulary terms to add to the query, weighted. */
  terms: TermWeights;
  /** The plan phrases added, as text, for the dense query. */
  planText: string;
  /** Ids of the concepts the question touched. */
  concepts: string[];
  /** How many of the matches came from English phrases. */
  englishMatches: number;
  /** Where glossary phrases matched: token positions (of `tokenize(question)`) and the plan terms they stand for. */
  spans: Array<{ start: number; end: number; planTerms: Set<string>; planPhrases: Array<Set<string>> }>;
}

interface Phrase {
  concept: number;
  stems: string[];
  source: 'plan' | 'sv' | 'en';
}

/**
 * Rewrites a question into the plans' own vocabulary through the glossary: everyday Swedish
 * ("bli uppsagd") and English ("wage gap") phrases found in the question add the plan terms of
 * their concept. Phrases match as stem sequences in order, with up to two other words between.
 */
export class QueryExpander {
  private readonly english = snowball.newStemmer('english');
  private readonly englishStemCache = new BoundedCache<string, string>(50_000);
  private readonly phrases: Phrase[] = [];
  /** Phrases by language side and first stem: a question only tries phrases that can start in it. */
  private readonly byFirstStem = new Map<string, Phrase[]>();
  private readonly planTerms: TermWeights[];
  /** Each concept's plan phrases as sets of analysed terms: a passage says the concept if it holds one whole phrase. */
  private readonly planPhrases: Array<Array<Set<string>>>;

  constructor(
    private readonly glossary: Glossary,
    private readonly analyzer: SwedishAnalyzer,
  ) {
    // A phrase of question-frame words only ("vad säger planen", "what the plan says") frames every
    // question; it cannot stand for a concept.
    const framesOnly = (text: string) => tokenize(text).every((t) => isQueryStopword(t));
    glossary.concepts.forEach((concept, i) => {
      for (const text of concept.plan) this.phrases.push({ concept: i, stems: this.swedishStems(text), source: 'plan' });
      for (const text of concept.sv) if (!framesOnly(text)) this.phrases.push({ concept: i, stems: this.swedishStems(text), source: 'sv' });
      for (const text of concept.en) if (!framesOnly(text)) this.phrases.push({ concept: i, stems: this.englishStems(text), source: 'en' });
    });
    for (const phrase of this.phrases) {
      if (phrase.stems.length === 0) continue;
      const key = `${phrase.source === 'en' ? 'en' : 'sv'}:${phrase.stems[0]}`;
      const list = this.byFirstStem.get(key) ?? [];
      list.push(phrase);
      this.byFirstStem.set(key, list);
    }
    this.planTerms = glossary.concepts.map((c) => analyzer.analyze(c.plan.join(' '), 'passage'));
    this.planPhrases = glossary.concepts.map((c) => c.plan.map((p) => new Set(analyzer.analyze(p, 'passage').keys())).filter((p) => p.size > 0));
  }

  private swedishStems(text: string): string[] {
    return tokenize(text).map((t) => this.analyzer.stem(t));
  }

  private englishStems(text: string): string[] {
    // Snowball's English stemmer is not memoised like the Swedish analyser; every question word goes through it.
    return tokenize(text).map((t) => this.englishStemCache.get(t, (word) => this.english.stem(word)));
  }

  /**
   * @param factors how much each token of the question counts (by position); a concept met only
   * in the story around the ask adds its plan terms at that lower weight.
   */
  expand(question: string, factors: number[] = []): Expansion {
    const sv = this.swedishStems(question);
    const en = this.englishStems(question);
    const matched = new Map<number, Set<Phrase['source']>>();
    const conceptFactor = new Map<number, number>();
    const spans: Expansion['spans'] = [];
    const candidates = new Set([...sv.map((t) => `sv:${t}`), ...en.map((t) => `en:${t}`)].flatMap((key) => this.byFirstStem.get(key) ?? []));
    for (const phrase of candidates) {
      const found = findPhrase(phrase.source === 'en' ? en : sv, phrase.stems);
      if (!found) continue;
      const sources = matched.get(phrase.concept) ?? new Set();
      sources.add(phrase.source);
      matched.set(phrase.concept, sources);
      const factor = Math.max(...factors.slice(found.start, found.end), factors.length === 0 ? 1 : 0);
      conceptFactor.set(phrase.concept, Math.max(conceptFactor.get(phrase.concept) ?? 0, factor));
      // Words already in the plans' vocabulary must be found as themselves; only rewrites stand in.
      if (phrase.source !== 'plan') spans.push({ ...found, planTerms: new Set(this.planTerms[phrase.concept].keys()), planPhrases: this.planPhrases[phrase.concept] });
    }
    const terms: TermWeights = new Map();
    const planText: string[] = [];
    for (const [concept, sources] of matched) {
      // A question already in the plans' words needs no rewriting; the rewrite would only add noise.
      if (sources.has('plan')) continue;
      const conceptTerms = this.planTerms[concept];
      // A concept adds EXPANSION_WEIGHT in all, shared by its terms, so wordy concepts do not dominate.
      const share = (EXPANSION_WEIGHT * (conceptFactor.get(concept) ?? 1)) / Math.sqrt(conceptTerms.size);
      for (const term of conceptTerms.keys()) terms.set(term, Math.max(terms.get(term) ?? 0, share));
      planText.push(...this.glossary.concepts[concept].plan);
    }
    return {
      terms,
      planText: planText.join(' '),
      concepts: [...matched.keys()].map((i) => this.glossary.concepts[i].id),
      englishMatches: [...matched.values()].filter((s) => s.has('en')).length,
      spans,
    };
  }
}

/** Words a phrase may have between its own ("kvinnor fortfarande mindre" matches "kvinnor … mindre"). */
const MAX_GAP = 2;

/**
 * Where the needle's words occur in order in the haystack, with at most {@link MAX_GAP} other
 * words in between in all; returns the first word's position and the span's end, or null.
 */
function findPhrase(haystack: string[], needle: string[]): { start: number; end: number } | null {
  for (let i = 0; i < haystack.length; i++) {
    if (haystack[i] !== needle[0]) continue;
    let at = i;
    let skipped = 0;
    let ok = true;
    for (let j = 1; j < needle.length && ok; j++) {
      let k = at + 1;
      while (k < haystack.length && haystack[k] !== needle[j] && skipped <= MAX_GAP) {
        k += 1;
        skipped += 1;
      }
      if (k >= haystack.length || skipped > MAX_GAP) ok = false;
      else at = k;
    }
    if (ok) return { start: i, end: at + 1 };
  }
  return null;
}
