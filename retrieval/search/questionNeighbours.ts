import { join } from 'node:path';
import type { SwedishAnalyzer, TermWeights } from '../analysis/analyzer.js';
import { normalizeColloquial } from '../analysis/colloquial.js';
import { PROJECT_ROOT } from '../config.js';
import type { Chunk } from '../ingest/chunkSections.js';
import { currentQuestions, loadMemberQuestions, type MemberQuestions } from './memberQuestions.js';

/**
 * Questions members ask near a passage that no plan answers ("vilka telefontider har ni?" next to
 * a passage on being easy to reach): exact figures, outcomes, procedures, own cases. Written from
 * the plan texts alone, like the member questions, and stored in the same form.
 */
export const NEAR_MISS_QUESTIONS_PATH = join(PROJECT_ROOT, 'retrieval', 'search', 'nearMissQuestions.json');

/** Loads and validates the near-miss questions; an absent file means none. */
export function loadNearMissQuestions(path: string = NEAR_MISS_QUESTIONS_PATH): MemberQuestions {
  return loadMemberQuestions(path);
}

/** How many of the closest questions vote on whether the ask is answered (chosen by cross-validation on dev). */
const NEIGHBOURS = 3;

/** One bank's questions as unit vectors, kept as postings: term → (question, weight). */
interface Bank {
  postings: Map<string, Array<[number, number]>>;
  /** Question number → the id of the passage it was written for. */
  passageOf: string[];
  /** Question number → its text. */
  texts: string[];
}

/**
 * The two question banks side by side, for telling an ask the plans answer from one that only
 * sounds like it: a question whose closest bank questions are near misses is more likely one the
 * plans leave open. Similarity is the cosine of IDF-weighted terms.
 */
export class QuestionNeighbours {
  private readonly idf = new Map<string, number>();
  /** Terms no bank question has: rarer than any that one does. */
  private readonly unseenIdf: number;
  private readonly answeredBank: Bank;
  private readonly unansweredBank: Bank;

  constructor(answered: MemberQuestions, unanswered: MemberQuestions, chunks: Chunk[], private readonly analyzer: SwedishAnalyzer) {
    const terms = (bank: MemberQuestions) => {
      const rows: { terms: TermWeights; passage: string; text: string }[] = [];
      for (const [index, texts] of currentQuestions(bank, chunks).byPassage) for (const text of texts) rows.push({ terms: this.terms(text), passage: chunks[index].id, text });
      return rows;
    };
    const a = terms(answered);
    const u = terms(unanswered);
    const df = new Map<string, number>();
    for (const row of [...a, ...u]) for (const term of row.terms.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const n = a.length + u.length;
    for (const [term, count] of df) this.idf.set(term, Math.log(1 + n / count));
    this.unseenIdf = Math.log(1 + n);
    const bank = (rows: typeof a): Bank => {
      const postings = new Map<string, Array<[number, number]>>();
      rows.forEach((row, i) => {
        for (const [term, x] of this.vector(row.terms)) {
          const list = postings.get(term) ?? [];
          list.push([i, x]);
          postings.set(term, list);
        }
      });
      return { postings, passageOf: rows.map((r) => r.passage), texts: rows.map((r) => r.text) };
    };
    this.answeredBank = bank(a);
    this.unansweredBank = bank(u);
  }

  get size(): { answered: number; unanswered: number } {
    return { answered: this.answeredBank.passageOf.length, unanswered: this.unansweredBank.passageOf.length };
  }

  private terms(text: string): TermWeights {
    return this.analyzer.analyze(normalizeColloquial(text), 'query');
  }

  /** Unit-length IDF-weighted vector. */
  private vector(terms: TermWeights): Map<string, number> {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [term, weight] of terms) {
      const x = weight * (this.idf.get(term) ?? this.unseenIdf);
      v.set(term, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, x] of v) v.set(term, x / norm);
    return v;
  }

  /** Similarity of the question to every bank question it shares a term with, scaled by `weightOf`. */
  private static similarities(query: Map<string, number>, bank: Bank, weightOf?: (text: string) => number): Map<number, number> {
    const dots = new Map<number, number>();
    for (const [term, x] of query) for (const [i, y] of bank.postings.get(term) ?? []) dots.set(i, (dots.get(i) ?? 0) + x * y);
    if (weightOf) for (const [i, dot] of dots) dots.set(i, dot * weightOf(bank.texts[i]));
    return dots;
  }

  /**
   * Of the {@link NEIGHBOURS} bank questions closest to a question (written standard Swedish, as
   * the retriever normalises it), the similarity-weighted share that are near misses: 1 when the
   * question reads like asks the plans leave open, 0 when like ones they answer or like none.
   * `among` counts only the questions of the given passages (chunk ids), `overall` all of them;
   * the question is compared with the banks once for both. `weightOf` scales a bank question's
   * similarity (the answer layer weighs down questions that ask for another type).
   */
  nearMissShares(text: string, passages: ReadonlySet<string>, weightOf?: (bankQuestion: string) => number): { among: number; overall: number } {
    const query = this.vector(this.terms(text));
    const scored = [
      ...[...QuestionNeighbours.similarities(query, this.answeredBank, weightOf)].map(([i, s]) => ({ s, nearMiss: 0, passage: this.answeredBank.passageOf[i] })),
      ...[...QuestionNeighbours.similarities(query, this.unansweredBank, weightOf)].map(([i, s]) => ({ s, nearMiss: 1, passage: this.unansweredBank.passageOf[i] })),
    ].sort((a, b) => b.s - a.s);
    const share = (closest: typeof scored) => {
      const top = closest.slice(0, NEIGHBOURS);
      const total = top.reduce((sum, c) => sum + c.s, 0);
      return total > 0 ? top.reduce((sum, c) => sum + c.s * c.nearMiss, 0) / total : 0;
    };
    return { among: share(scored.filter((c) => passages.has(c.passage))), overall: share(scored) };
  }
}
