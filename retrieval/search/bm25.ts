import type { TermWeights } from '../analysis/analyzer.js';
import { BoundedCache } from '../analysis/boundedCache.js';
import { editDistance } from '../analysis/editDistance.js';

/** BM25 parameters (Robertson & Zaragoza). */
export interface Bm25Params {
  /** Term-frequency saturation, usually 1.2–2.0. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/** Unknown query words per question that get a spelling guess at most (members misspell a few words, not dozens). */
const MAX_TYPO_GUESSES = 12;

/** Query words missing from the index match indexed words this close, at a discount. */
const TYPO_WEIGHT = [1, 0.8, 0.6];

/** A query with its typo expansion worked out once, for scoring many passages. */
export interface PreparedQuery {
  weights: TermWeights;
  matches: Map<string, Array<[string, number]>>;
}

export interface LexicalHit {
  index: number;
  score: number;
}

/** A BM25 index over analysed passages, with edit-distance expansion for misspelt query terms. */
export class Bm25Index {
  private readonly postings = new Map<string, Array<[number, number]>>();
  private readonly lengths: number[];
  private readonly averageLength: number;
  private readonly byLength = new Map<number, string[]>();
  private readonly passageTerms: Array<Set<string>>;
  /** Close spellings found for unknown terms; the scan over the vocabulary is the costly part. */
  private readonly typoCache = new BoundedCache<string, Array<[string, number]>>(10_000);

  constructor(
    passages: TermWeights[],
    private readonly params: Bm25Params = DEFAULT_BM25,
  ) {
    this.passageTerms = passages.map((terms) => new Set(terms.keys()));
    this.lengths = passages.map((terms) => [...terms.values()].reduce((a, b) => a + b, 0));
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, passages.length);
    passages.forEach((terms, i) => {
      for (const [term, tf] of terms) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push([i, tf]);
      }
    });
    for (const term of this.postings.keys()) {
      const bucket = this.byLength.get(term.length) ?? [];
      bucket.push(term);
      this.byLength.set(term.length, bucket);
    }
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency of an indexed term; undefined for a term the index lacks. */
  idfOf(term: string): number | undefined {
    return this.postings.has(term) ? this.idf(term) : undefined;
  }

  /** The idf of a term found in one passage only: what a word the plans lack weighs. */
  get maxIdf(): number {
    const n = this.lengths.length;
    return Math.log(1 + (n - 0.5) / 1.5);
  }

  /** Analysed terms of one indexed passage. */
  termsOf(index: number): ReadonlySet<string> {
    return this.passageTerms[index];
  }

  private idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    const n = this.lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * For each query term, the indexed terms it matches with their weights: itself when indexed;
   * otherwise, for terms of five letters or more, indexed terms within edit distance 1 (2 from
   * eight letters), weighted down by distance. Shorter stems have too many neighbours to guess.
   */
  expand(query: TermWeights): Map<string, Array<[string, number]>> {
    const out = new Map<string, Array<[string, number]>>();
    let guessed = 0;
    for (const [term, weight] of query) {
      if (this.postings.has(term)) {
        out.set(term, [[term, weight]]);
        continue;
      }
      // Each guess scans the vocabulary; a question of hundreds of made-up words must not cost hundreds of scans.
      if (term.length < 5 || /\d/.test(term) || guessed++ >= MAX_TYPO_GUESSES) {
        out.set(term, []);
        continue;
      }
      out.set(term, this.closeTerms(term).map(([candidate, factor]) => [candidate, weight * factor]));
    }
    return out;
  }

  /** @param fuzzy match misspelt terms to close indexed ones; off for English questions, whose words are not misspelt Swedish. */
  prepare(query: TermWeights, fuzzy = true): PreparedQuery {
    if (!fuzzy) return { weights: query, matches: new Map([...query].map(([t, w]) => [t, this.postings.has(t) ? [[t, w]] : []])) };
    return { weights: query, matches: this.expand(query) };
  }

  /** Indexed terms within edit distance 1 (2 from eight letters) of a term, with their discount. */
  private closeTerms(term: string): Array<[string, number]> {
    return this.typoCache.get(term, () => {
      const max = term.length >= 8 ? 2 : 1;
      const matches: Array<[string, number]> = [];
      for (let len = term.length - max; len <= term.length + max; len++) {
        for (const candidate of this.byLength.get(len) ?? []) {
          const distance = editDistance(term, candidate, max);
          if (distance <= max) matches.push([candidate, TYPO_WEIGHT[distance]]);
        }
      }
      return matches;
    });
  }

  /** Ranked passages for a prepared query. */
  search(query: PreparedQuery, limit: number): LexicalHit[] {
    const scores = new Map<number, number>();
    const { k1, b } = this.params;
    for (const matches of query.matches.values()) {
      for (const [term, weight] of matches) {
        const idf = this.idf(term);
        for (const [i, tf] of this.postings.get(term)!) {
          const norm = tf + k1 * (1 - b + (b * this.lengths[i]) / this.averageLength);
          scores.set(i, (scores.get(i) ?? 0) + weight * idf * ((tf * (k1 + 1)) / norm));
        }
      }
    }
    return [...scores]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([index, score]) => ({ index, score }));
  }
}
