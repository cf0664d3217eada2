import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SwedishAnalyzer, TermWeights } from '../analysis/analyzer.js';
import { PROJECT_ROOT } from '../config.js';
import type { Chunk } from '../ingest/chunkSections.js';
import { Bm25Index, type LexicalHit } from './bm25.js';

/**
 * Questions members might ask that a passage answers, in their everyday words ("doc2query"):
 * written from the plan texts alone, never from evaluation questions. Each entry names its
 * passage and a hash of the passage text, so a re-chunked or edited plan cannot silently get
 * another passage's questions.
 */
export const memberQuestionsSchema = z.object({
  version: z.literal(1),
  passages: z.array(
    z.object({
      id: z.string().min(1),
      /** First 16 hex digits of the SHA-256 of the passage text ({@link passageTextHash}). */
      textHash: z.string().regex(/^[0-9a-f]{16}$/),
      questions: z.array(z.string().min(1).max(300)).min(1),
    }),
  ),
});

export type MemberQuestions = z.infer<typeof memberQuestionsSchema>;

export const MEMBER_QUESTIONS_PATH = join(PROJECT_ROOT, 'retrieval', 'search', 'memberQuestions.json');

/** The hash a {@link MemberQuestions} entry carries for its passage's text. */
export function passageTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Loads and validates the member questions; an absent file means none. */
export function loadMemberQuestions(path: string = MEMBER_QUESTIONS_PATH): MemberQuestions {
  if (!existsSync(path)) return { version: 1, passages: [] };
  return memberQuestionsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The hash of the member questions a saved index was built with (they shape its vectors). */
export function memberQuestionsHash(questions: MemberQuestions): string {
  return createHash('sha256').update(JSON.stringify(questions)).digest('hex');
}

/**
 * Each passage's questions, for passages whose text is the one they were written for; `stale`
 * names the entries left out (passage gone or text changed), so none is ever misattributed.
 */
export function currentQuestions(questions: MemberQuestions, chunks: Chunk[]): { byPassage: Map<number, string[]>; stale: string[] } {
  const indexOf = new Map(chunks.map((c, i) => [c.id, i]));
  const byPassage = new Map<number, string[]>();
  const stale: string[] = [];
  for (const entry of questions.passages) {
    const index = indexOf.get(entry.id);
    if (index === undefined || passageTextHash(chunks[index].text) !== entry.textHash) stale.push(entry.id);
    else byPassage.set(index, entry.questions);
  }
  return { byPassage, stale };
}

/**
 * The texts a passage is embedded by: its search text followed by its member questions, so the
 * dense side also learns the everyday words members use for what the passage says.
 */
export function embeddingTexts(searchTexts: string[], questions: MemberQuestions, chunks: Chunk[]): string[] {
  const { byPassage } = currentQuestions(questions, chunks);
  return searchTexts.map((text, i) => (byPassage.has(i) ? `${text}\n${byPassage.get(i)!.join('\n')}` : text));
}

/**
 * A BM25 index over the member questions, each question its own document: a member's question
 * that reads like one of them finds that question's passage even when it shares no word with the
 * plan's formal text ("säga upp folk" → anställningsskydd). A passage scores as its best question.
 */
export class QuestionIndex {
  private readonly bm25: Bm25Index;
  /** Question number → the passage (chunk index) it belongs to. */
  private readonly passageOf: number[];

  /** Entries whose passage is missing or whose text changed, by id: left out, never misattributed. */
  readonly stale: string[];

  constructor(questions: MemberQuestions, chunks: Chunk[], analyzer: SwedishAnalyzer) {
    const { byPassage, stale } = currentQuestions(questions, chunks);
    const analysed: TermWeights[] = [];
    this.passageOf = [];
    this.stale = stale;
    for (const [index, texts] of byPassage) {
      for (const question of texts) {
        analysed.push(analyzer.analyze(question, 'passage'));
        this.passageOf.push(index);
      }
    }
    this.bm25 = new Bm25Index(analysed);
  }

  /** Number of questions indexed. */
  get size(): number {
    return this.passageOf.length;
  }

  /**
   * Passages ranked by their best-matching question, best first. Words are matched as spelled:
   * the plans' own BM25 already guesses misspellings, and guessing here too would double the
   * cost of a new question for no measured gain.
   */
  search(terms: TermWeights, limit: number): LexicalHit[] {
    if (this.size === 0) return [];
    const best = new Map<number, number>();
    for (const hit of this.bm25.search(this.bm25.prepare(terms, false), Number.MAX_SAFE_INTEGER)) {
      const passage = this.passageOf[hit.index];
      if (hit.score > (best.get(passage) ?? 0)) best.set(passage, hit.score);
    }
    return [...best]
      .map(([index, score]) => ({ index, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
