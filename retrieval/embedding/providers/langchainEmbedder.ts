import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { PlanbotenError } from '../../errors.js';
import type { TextEmbedder } from '../textEmbedder.js';

/** What was wrong with the vectors a provider returned. */
export type EmbeddingProblem = 'dimensions' | 'count' | 'not-finite' | 'empty';

/**
 * A hosted model returned vectors the index cannot use (wrong size, wrong count, NaN). Such vectors
 * would silently corrupt the HNSW index, so they stop the build. Code `INDEX_MISMATCH`: the index
 * and the embedder disagree; `problem` says how.
 */
export class EmbeddingProviderError extends PlanbotenError {
  readonly problem: EmbeddingProblem;
  constructor(problem: EmbeddingProblem, message: string) {
    super('INDEX_MISMATCH', message);
    this.problem = problem;
  }
}

export interface LangchainEmbedderOptions {
  /** Recorded in the index manifest, e.g. `openai:text-embedding-3-small` (see `hostedEmbedderId`). */
  id: string;
  /** Known from configuration; otherwise use {@link LangchainEmbedder.create}, which probes. */
  dimensions: number;
  /**
   * A failed query embedding (network, quota, time limit) is reported here and answered with a zero
   * vector, which the retriever treats as "no dense signal" and ranks by BM25 alone: a hosted
   * embedder's outage degrades answers instead of failing them. Index builds still throw.
   */
  onQueryError?: (error: unknown) => void;
  /** Throw on a failed query embedding instead of degrading to BM25 (default false). */
  strictQueries?: boolean;
  /** A query embedding taking longer than this counts as failed (default 10 000 ms). */
  queryTimeoutMs?: number;
}

/** Default time limit for one query embedding: a question must not hang on a slow provider. */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** Rejects when `promise` has not settled within `ms`; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no reply within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The text embedded once to learn a model's vector size when configuration does not give it. */
const PROBE_TEXT = 'Seko';

/**
 * Our {@link TextEmbedder} around any langchain `Embeddings` (OpenAI, Azure OpenAI, Ollama, or a
 * fake in tests): adds the id and dimension count the index manifest records, and checks every
 * vector the provider returns before it reaches the index.
 */
export class LangchainEmbedder implements TextEmbedder {
  readonly id: string;
  readonly dimensions: number;

  constructor(
    private readonly embeddings: EmbeddingsInterface,
    private readonly options: LangchainEmbedderOptions,
  ) {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new EmbeddingProviderError('dimensions', `Inbäddningen ${options.id}: ogiltigt antal dimensioner ${options.dimensions}.`);
    }
    this.id = options.id;
    this.dimensions = options.dimensions;
  }

  /**
   * Wraps `embeddings`, taking the dimension count from `dimensions` when given, else from one
   * probe embedding (one provider call at start-up, so a wrong key or URL fails there).
   */
  static async create(
    embeddings: EmbeddingsInterface,
    options: Omit<LangchainEmbedderOptions, 'dimensions'> & { dimensions?: number },
  ): Promise<LangchainEmbedder> {
    let dimensions = options.dimensions;
    if (dimensions === undefined) {
      const probe = await embeddings.embedQuery(PROBE_TEXT);
      if (!Array.isArray(probe) || probe.length === 0) {
        throw new EmbeddingProviderError('empty', `Inbäddningen ${options.id} gav en tom vektor.`);
      }
      dimensions = probe.length;
    }
    return new LangchainEmbedder(embeddings, { ...options, dimensions });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.embeddings.embedDocuments(texts);
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new EmbeddingProviderError('count', `Inbäddningen ${this.id} gav ${Array.isArray(vectors) ? vectors.length : 0} vektorer för ${texts.length} texter.`);
    }
    return vectors.map((vector) => this.checked(vector));
  }

  async embedQuery(text: string): Promise<number[]> {
    let vector: number[];
    try {
      vector = await within(this.embeddings.embedQuery(text), this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS, this.id);
    } catch (error) {
      if (this.options.strictQueries) throw error;
      this.options.onQueryError?.(error);
      return new Array<number>(this.dimensions).fill(0);
    }
    // A wrong-sized vector is a configuration fault (another model behind the same name): always thrown.
    return this.checked(vector);
  }

  private checked(vector: number[]): number[] {
    if (!Array.isArray(vector) || vector.length !== this.dimensions) {
      throw new EmbeddingProviderError(
        'dimensions',
        `Inbäddningen ${this.id} gav en vektor med ${Array.isArray(vector) ? vector.length : 0} dimensioner, väntade ${this.dimensions}. Kontrollera EMBEDDINGS_MODEL och EMBEDDINGS_DIMENSIONS och bygg om indexet med "npm run index".`,
      );
    }
    if (!vector.every((v) => Number.isFinite(v))) {
      throw new EmbeddingProviderError('not-finite', `Inbäddningen ${this.id} gav en vektor med ogiltiga tal.`);
    }
    return vector;
  }
}
