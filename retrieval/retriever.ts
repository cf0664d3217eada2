import type { SwedishAnalyzer, TermWeights } from './analysis/analyzer.js';
import { normalizeColloquial } from './analysis/colloquial.js';
import { tokenize } from './analysis/fold.js';
import { CONTEXT_WEIGHT, questionSegments, type Segment } from './analysis/questionSegments.js';
import type { Expansion, QueryExpander } from './analysis/queryExpander.js';
import type { TextEmbedder } from './embedding/textEmbedder.js';
import type { CatalogEntry } from './ingest/catalog.js';
import type { Chunk } from './ingest/chunkSections.js';
import { Bm25Index, type PreparedQuery } from './search/bm25.js';
import { fuseRankings } from './search/fuseRankings.js';
import type { QuestionIndex } from './search/memberQuestions.js';
import { preferCurrentVersion } from './search/preferCurrentVersion.js';
import type { QuestionNeighbours } from './search/questionNeighbours.js';
import { coverageOf, questionWords, type QuestionWord } from './search/questionCoverage.js';
import { namesPlan, readQueryIntent, type QueryIntent } from './search/queryIntent.js';
import type { VectorIndex } from './search/vectorIndex.js';

export type RetrievalMode = 'hybrid' | 'bm25' | 'dense';

export interface RetrievedPassage {
  chunk: Chunk;
  document: CatalogEntry;
  /** The final ranking score (fused for hybrid; the retriever's own score otherwise). */
  score: number;
  /** BM25 score, 0 when lexical retrieval did not find the passage. */
  lexicalScore: number;
  /** Share (0–1) of the question's content words, weighted by rarity, that the passage contains. */
  coverage: number;
  /** Cosine similarity to the question in the dense space, 0 when not retrieved densely. */
  denseSimilarity: number;
  lexicalRank: number | null;
  denseRank: number | null;
}

/** A question as the retriever understands it; reused to judge passages and sentences. */
export interface AnalyzedQuestion {
  /** As asked. */
  question: string;
  /** In written standard Swedish: chat forms and abbreviations spelled out ("va e" → "vad är"). */
  normalized: string;
  /** The ask and the story around it, with how much each counts. */
  segments: Segment[];
  terms: TermWeights;
  prepared: PreparedQuery;
  expansion: Expansion | undefined;
  intent: QueryIntent;
  words: QuestionWord[];
}

export interface SearchOptions {
  limit?: number;
  mode?: RetrievalMode;
}

/** How many candidates each retriever contributes to fusion. */
const CANDIDATES = 40;

/**
 * Weight of the coverage ranking in the final fusion, relative to each retriever's 1: of two
 * passages the retrievers like equally, the one holding more of the question's rare words wins.
 */
export const COVERAGE_WEIGHT = 0.5;

/** Weights of the rankings fused into the final one (BM25's is 1); chosen on the dev split. */
export const FUSION_WEIGHTS = { dense: 0.5, coverage: COVERAGE_WEIGHT, memberQuestions: 0.5 };

/** Score multipliers for passages that fit the question's form: a list, a named plan, an older plan. */
export const INTENT_BOOST = { list: 1.2, namedDocument: 1.5, previousPlan: 1.5, currentPlan: 1.5 };

/**
 * The text a chunk is indexed under: which plan (its period; the region for a regional plan),
 * where in it (the section path) and what it says. The section path is written twice, a poor
 * man's BM25F, so a question naming a section ("målen för studier") weighs that heading fully.
 * Plan titles are left out: words like "mål" in "Prioriterade områden och mål 2020" would
 * otherwise match every passage of that document.
 */
export function searchText(chunk: Chunk, document: CatalogEntry): string {
  const path = chunk.sectionPath.join('\n');
  const plan = document.kind === 'regional plan' ? `${document.period} ${document.issuer}` : document.period;
  return `${plan}\n${path}\n${path}\n${chunk.text}`;
}

export interface RetrieverParts {
  chunks: Chunk[];
  documents: CatalogEntry[];
  analyzer: SwedishAnalyzer;
  embedder: TextEmbedder;
  vectors: VectorIndex;
  /** Glossary rewriting of everyday and English words into the plans' vocabulary; none disables it. */
  expander?: QueryExpander;
  /** Members' questions per passage, searched as a further ranking of the hybrid; none disables it. */
  questions?: QuestionIndex;
  /** Answered and near-miss questions, for judging whether the plans answer an ask; none leaves it to the other evidence. */
  neighbours?: QuestionNeighbours;
}

/**
 * Finds the passages that answer a question: BM25 with Swedish analysis and HNSW search over
 * embeddings, fused by reciprocal rank, then ranked so the newest plan's version of a passage
 * comes before the same passage in the plan it replaced.
 */
export class Retriever {
  readonly chunks: Chunk[];
  readonly documents: Map<string, CatalogEntry>;
  readonly analyzer: SwedishAnalyzer;
  readonly embedder: TextEmbedder;
  readonly neighbours: QuestionNeighbours | undefined;
  /** Older document id → the documents that supersede it (the catalog's `supersedes`). */
  readonly supersededBy = new Map<string, string[]>();
  /**
   * Document id → the documents that speak for the same issuer today: its superseding plans, and
   * for any historical document the issuer's current ones (the 2020 priorities repeat paragraphs
   * that the current plan has updated).
   */
  private readonly currentFor = new Map<string, string[]>();
  private readonly bm25: Bm25Index;
  private readonly vectors: VectorIndex;
  private readonly expander: QueryExpander | undefined;
  private readonly questions: QuestionIndex | undefined;
  /** Chunk id → its text with whitespace normalised, for spotting word-for-word repeats. */
  private readonly textKeys: Map<string, string>;

  constructor(parts: RetrieverParts) {
    this.chunks = parts.chunks;
    this.documents = new Map(parts.documents.map((d) => [d.id, d]));
    this.analyzer = parts.analyzer;
    this.embedder = parts.embedder;
    this.vectors = parts.vectors;
    this.expander = parts.expander;
    this.questions = parts.questions;
    this.neighbours = parts.neighbours;
    this.textKeys = new Map(this.chunks.map((c) => [c.id, c.text.replace(/\s+/g, ' ')]));
    this.bm25 = new Bm25Index(this.chunks.map((c) => this.analyzer.analyze(searchText(c, this.documentOf(c)), 'passage')));
    for (const doc of parts.documents) {
      for (const older of doc.supersedes) this.supersededBy.set(older, [...(this.supersededBy.get(older) ?? []), doc.id]);
    }
    for (const doc of parts.documents) {
      const current = parts.documents.filter((d) => d.status === 'current' && d.issuer === doc.issuer && d.id !== doc.id).map((d) => d.id);
      const newer = new Set([...(this.supersededBy.get(doc.id) ?? []), ...(doc.status === 'historical' ? current : [])]);
      if (newer.size > 0) this.currentFor.set(doc.id, [...newer]);
    }
  }

  private documentOf(chunk: Chunk): CatalogEntry {
    return this.documents.get(chunk.documentId)!;
  }

  /**
   * Analyses a question once: terms with glossary rewrites, typo matches, intent cues, weighted
   * words. `language: 'en'` turns off typo matching ("capital" is not a misspelt "kapital").
   */
  analyze(question: string, language: 'sv' | 'en' = 'sv', conversation?: string): AnalyzedQuestion {
    const normalized = normalizeColloquial(question);
    // In a conversation the previous question stands behind this one, at a story's weight: "å
    // borgarna då?" after a question about Seko Stockholm's allies is still about Seko Stockholm.
    const previous = conversation ? normalizeColloquial(conversation) : undefined;
    // The conversation's previous question steers the search, but this question's own words are
    // what a passage must cover to answer it: it is judged at weight 0.
    const story = previous ? [{ text: previous, weight: CONTEXT_WEIGHT, judged: 0 }] : [];
    const asked = questionSegments(normalized).map((s) => ({ ...s, judged: s.weight }));
    const segments = [...story, ...asked];
    // Words of the story around the ask count less, in the search and in judging passages.
    const terms: TermWeights = new Map();
    const factors: number[] = [];
    for (const segment of segments) {
      for (const [term, weight] of this.analyzer.analyze(segment.text, 'query')) terms.set(term, Math.max(terms.get(term) ?? 0, weight * segment.weight));
      for (const _token of tokenize(segment.text)) factors.push(segment.judged);
    }
    const text = segments.map((s) => s.text).join('\n');
    const expansion = this.expander?.expand(text, factors);
    for (const [term, weight] of expansion?.terms ?? []) terms.set(term, Math.max(terms.get(term) ?? 0, weight));
    // A year that names a plan ("målen 2020") picks the document through the intent boost; as a
    // search term it would only favour passages that repeat the year ("Avtal 2020").
    const own = readQueryIntent(normalized, this.documents.values());
    const inherited = previous ? readQueryIntent(previous, this.documents.values()) : undefined;
    // The question's own plan cues decide; without any, the conversation's carry over.
    const intent = inherited && !own.wantsPrevious && !own.wantsCurrent && own.namedDocuments.size === 0 ? { ...inherited, wantsList: own.wantsList } : own;
    const planYears = new Set(intent.namedYears);
    for (const year of planYears) terms.delete(year);
    const prepared = this.bm25.prepare(terms, language === 'sv');
    const typoMatches = (stem: string) => (prepared.matches.get(stem) ?? []).map(([t]) => t).filter((t) => t !== stem);
    const words = questionWords(text, this.analyzer, expansion, typoMatches, (t) => this.bm25.idfOf(t), this.bm25.maxIdf, factors).filter((w) => !planYears.has(w.token));
    return { question, normalized, segments: segments.map(({ text, weight }) => ({ text, weight })), terms, prepared, expansion, intent, words };
  }

  /** Share of the question's weighted content words found in any text (a passage, a sentence). */
  coverage(query: AnalyzedQuestion, text: string): number {
    return coverageOf(query.words, new Set(this.analyzer.analyze(text, 'passage').keys()));
  }

  private intentBoost(passage: RetrievedPassage, intent: QueryIntent): number {
    let boost = 1;
    if (intent.wantsList && passage.chunk.kind === 'list') boost *= INTENT_BOOST.list;
    if (intent.namedDocuments.has(passage.document.id)) boost *= INTENT_BOOST.namedDocument;
    if (intent.wantsPrevious && this.supersededBy.has(passage.document.id)) boost *= INTENT_BOOST.previousPlan;
    if (intent.wantsCurrent && passage.document.status === 'current') boost *= INTENT_BOOST.currentPlan;
    return boost;
  }

  /** Ranked passages for a question, best first. */
  async search(question: string, options: SearchOptions = {}): Promise<RetrievedPassage[]> {
    return this.searchAnalyzed(this.analyze(question), options);
  }

  /** Ranked passages for an analysed question, best first. */
  async searchAnalyzed(query: AnalyzedQuestion, options: SearchOptions = {}): Promise<RetrievedPassage[]> {
    const limit = options.limit ?? 5;
    const mode = options.mode ?? 'hybrid';
    const { prepared, expansion, intent } = query;
    const lexical = mode === 'dense' ? [] : this.bm25.search(prepared, CANDIDATES);
    // Member questions are a part of the hybrid only: each retriever alone stays what its name says.
    const asked = mode === 'hybrid' && this.questions ? this.questions.search(query.terms, CANDIDATES) : [];
    let dense: Array<{ index: number; similarity: number }> = [];
    if (mode !== 'bm25') {
      // The dense side reads the ask (the story around it would pull the vector off topic).
      const ask = query.segments.filter((s) => s.weight === 1).map((s) => s.text).join(' ');
      const vector = await this.embedder.embedQuery(expansion?.planText ? `${ask}\n${expansion.planText}` : ask);
      if (vector.some((v) => v !== 0)) dense = this.vectors.search(vector, CANDIDATES);
    }

    const byIndex = new Map<number, RetrievedPassage>();
    const indexOf = new Map<RetrievedPassage, number>();
    const entry = (index: number): RetrievedPassage => {
      let p = byIndex.get(index);
      if (!p) {
        const chunk = this.chunks[index];
        p = { chunk, document: this.documentOf(chunk), score: 0, lexicalScore: 0, coverage: 0, denseSimilarity: 0, lexicalRank: null, denseRank: null };
        byIndex.set(index, p);
        indexOf.set(p, index);
      }
      return p;
    };
    lexical.forEach((hit, rank) => Object.assign(entry(hit.index), { lexicalScore: hit.score, lexicalRank: rank + 1 }));
    for (const hit of asked) entry(hit.index);
    dense.forEach((hit, rank) => Object.assign(entry(hit.index), { denseSimilarity: hit.similarity, denseRank: rank + 1 }));
    for (const [index, passage] of byIndex) passage.coverage = coverageOf(query.words, this.bm25.termsOf(index));

    // Final ranking: reciprocal rank fusion of the retrievers' rankings and of a ranking by how much
    // of the question each candidate covers, then the question's cues (list, named plan, older plan).
    const byCoverage = [...byIndex.values()]
      .filter((p) => p.coverage > 0)
      .sort((a, b) => b.coverage - a.coverage || (a.lexicalRank ?? 99) - (b.lexicalRank ?? 99))
      .map((p) => indexOf.get(p)!);
    const fused = fuseRankings([
      ...(mode === 'dense' ? [] : [{ ranking: lexical.map((h) => h.index), weight: 1 }]),
      ...(mode === 'bm25' ? [] : [{ ranking: dense.map((h) => h.index), weight: FUSION_WEIGHTS.dense }]),
      { ranking: byCoverage, weight: FUSION_WEIGHTS.coverage },
      { ranking: asked.map((h) => h.index), weight: FUSION_WEIGHTS.memberQuestions },
    ]);
    for (const [index, score] of fused) entry(index).score = score * this.intentBoost(entry(index), intent);
    const candidates = [...byIndex.values()].map((p) => Object.assign(p, { documentId: p.chunk.documentId, text: p.chunk.text }));
    // An explicit cue ("förra planen", "2021") decides the version; otherwise the newest plan speaks.
    const ranked =
      namesPlan(intent)
        ? candidates.sort((a, b) => b.score - a.score)
        : preferCurrentVersion(candidates, this.currentFor);
    // Plans repeat paragraphs word for word; show each text once, from the best-ranked (newest) plan.
    const seen = new Set<string>();
    const distinct = ranked.filter((p) => {
      const key = this.textKeys.get(p.chunk.id)!;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return distinct.slice(0, limit).map(({ chunk, document, score, lexicalScore, coverage, denseSimilarity, lexicalRank, denseRank }) => ({
      chunk, document, score, lexicalScore, coverage, denseSimilarity, lexicalRank, denseRank,
    }));
  }
}
