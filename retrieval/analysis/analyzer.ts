import snowball from 'snowball-stemmers';
import { BoundedCache } from './boundedCache.js';
import { fold, tokenize } from './fold.js';
import { CURRENT_PLAN_CUES, ENGLISH_STOPWORDS, EVERYDAY_WORDS, PREVIOUS_PLAN_CUES, QUESTION_FRAME_WORDS, SWEDISH_STOPWORDS } from './stopwords.js';

/** Bump when analysis changes: saved indexes (whose embedder used the old analysis) are then rebuilt. */
export const ANALYSIS_VERSION = 19;

/** Analysed terms with their weights: term frequency for a passage, importance for a query. */
export type TermWeights = Map<string, number>;

const STOP = new Set(SWEDISH_STOPWORDS);
const FRAME = new Set([...QUESTION_FRAME_WORDS, ...ENGLISH_STOPWORDS, ...EVERYDAY_WORDS, ...PREVIOUS_PLAN_CUES, ...CURRENT_PLAN_CUES].map(fold));
/** A compound part counts half: "arbetsmiljöarbetet" is about arbetsmiljö, but less than "arbetsmiljö" itself. */
export const COMPOUND_PART_WEIGHT = 0.5;
const MIN_PART = 4;
const MIN_REST = 3;
/** Shorter tails are too often word endings ("egentl|igen"), not words. */
const MIN_TAIL = 5;
const MIN_STEM_HEAD = 5;
/** Shortest stem left when a definite "-et" is dropped ("valet" → "val"). */
const MIN_DEFINITE_BARE = 3;

/** Stop words and question-frame words: not content of a question. */
export function isQueryStopword(foldedToken: string): boolean {
  return STOP.has(foldedToken) || FRAME.has(foldedToken);
}

/** A single letter says nothing ("e", "o"); a single digit may ("5"). */
function tooShort(foldedToken: string): boolean {
  return foldedToken.length < 2 && !/\d/.test(foldedToken);
}

/** A word of a question that carries its topic: neither a stop or frame word nor a lone letter. */
export function isQueryContentToken(foldedToken: string): boolean {
  return !isQueryStopword(foldedToken) && !tooShort(foldedToken);
}

/**
 * Swedish analysis for BM25: folding, stop words, Snowball stemming, and compound splitting
 * against the corpus's own vocabulary (so "arbetsmiljöarbetet" also yields "arbetsmiljö" and a
 * query for "arbetsmiljö" finds it). Folding happens before stemming so that text typed without
 * å/ä/ö stems exactly like the printed text.
 */
export class SwedishAnalyzer {
  private readonly stemmer = snowball.newStemmer('swedish');
  private readonly stems = new Map<string, string>();
  private readonly parts = new Map<string, string[]>();
  /** Passages and sentences are analysed again for every question that retrieves them. */
  private readonly passageCache = new BoundedCache<string, TermWeights>(20_000);
  private readonly lexiconStems: Set<string>;

  /** @param lexicon folded word forms of the corpus, the known parts compounds are split into. */
  constructor(private readonly lexicon: ReadonlySet<string>) {
    this.lexiconStems = new Set([...lexicon].map((w) => this.stemmer.stem(w)));
  }

  /** Builds the compound lexicon from the corpus texts: every folded word of four letters or more. */
  static fromTexts(texts: Iterable<string>): SwedishAnalyzer {
    const lexicon = new Set<string>();
    for (const text of texts) for (const token of tokenize(text)) if (token.length >= MIN_PART && !/\d/.test(token)) lexicon.add(token);
    return new SwedishAnalyzer(lexicon);
  }

  get lexiconWords(): string[] {
    return [...this.lexicon].sort();
  }

  stem(token: string): string {
    let stem = this.stems.get(token);
    if (stem === undefined) {
      stem = /\d/.test(token) ? token : this.withoutDefiniteNeuter(this.stemmer.stem(this.withoutGenitive(token)));
      this.stems.set(token, stem);
    }
    return stem;
  }

  /**
   * A genitive "-s" the Snowball stemmer keeps after a plural ("kvinnors", "arbetares",
   * "medlemmars") is dropped when the plans use the word without it.
   */
  private withoutGenitive(token: string): string {
    const bare = token.slice(0, -1);
    return token.endsWith('s') && this.lexicon.has(bare) ? bare : token;
  }

  /**
   * The Snowball stemmer keeps the definite neuter "-et" ("samhället", "avtalet", "valet" stay
   * apart from "samhälle", "avtal", "val"); it is dropped where the plans use the bare stem too,
   * so "paket" and "budget" keep their "-et".
   */
  private withoutDefiniteNeuter(stem: string): string {
    const bare = stem.slice(0, -2);
    return stem.endsWith('et') && bare.length >= MIN_DEFINITE_BARE && this.lexiconStems.has(bare) ? bare : stem;
  }

  /** Known words a compound is built from: its longest known head and tail (linking "s" allowed). */
  compoundParts(token: string): string[] {
    const cached = this.parts.get(token);
    if (cached) return cached;
    const found: string[] = [];
    if (token.length >= MIN_PART + MIN_REST) {
      for (let cut = token.length - MIN_REST; cut >= MIN_PART; cut--) {
        const head = token.slice(0, cut);
        // "studiemålen": "studie" is no word of the plans, but it stems like "studier", which is.
        if (this.lexicon.has(head) || (head.length >= MIN_STEM_HEAD && this.lexiconStems.has(this.stem(head)))) {
          found.push(head);
          break;
        }
      }
      for (let cut = MIN_REST; cut <= token.length - MIN_TAIL; cut++) {
        const tail = token.slice(cut);
        const before = token.slice(0, cut);
        if (this.lexicon.has(tail) && before.length >= MIN_REST) {
          found.push(tail);
          break;
        }
      }
    }
    const unique = [...new Set(found)].filter((p) => p !== token);
    this.parts.set(token, unique);
    return unique;
  }

  /**
   * Terms of a text with weights. For queries, question-frame words ("vad säger planen om") are
   * dropped too, and repeated words do not add up.
   */
  analyze(text: string, mode: 'passage' | 'query'): TermWeights {
    if (mode === 'passage') return this.passageCache.get(text, (t) => this.analyzeUncached(t, 'passage'));
    return this.analyzeUncached(text, mode);
  }

  private analyzeUncached(text: string, mode: 'passage' | 'query'): TermWeights {
    const weights: TermWeights = new Map();
    const add = (term: string, weight: number) => {
      const current = weights.get(term) ?? 0;
      weights.set(term, mode === 'query' ? Math.max(current, weight) : current + weight);
    };
    for (const token of tokenize(text)) {
      if (mode === 'query' ? !isQueryContentToken(token) : STOP.has(token) || tooShort(token)) continue;
      add(this.stem(token), 1);
      for (const part of this.compoundParts(token)) add(this.stem(part), COMPOUND_PART_WEIGHT);
    }
    return weights;
  }
}
