import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { SwedishAnalyzer } from '../analysis/analyzer.js';
import { tokenize } from '../analysis/fold.js';
import { SWEDISH_STOPWORDS } from '../analysis/stopwords.js';
import type { TextEmbedder } from './textEmbedder.js';

export const LSA_EMBEDDER_NAME = 'local-lsa';
const LSA_VERSION = 1;
/** Ids this code can load: same algorithm and version, any dimension count. */
export const LSA_ID_PREFIX = `${LSA_EMBEDDER_NAME}@${LSA_VERSION}:`;
/** Weight of the character 4-gram block relative to the word-stem block. */
const CHAR_WEIGHT = 0.7;
const STOP = new Set(SWEDISH_STOPWORDS);

export interface LsaOptions {
  /** Latent dimensions kept (capped by the number of training passages minus one). */
  dimensions: number;
  /** At most this many passages are used to fit the projection (evenly sampled); all are embedded. */
  maxFitPassages: number;
}

export const DEFAULT_LSA_OPTIONS: LsaOptions = { dimensions: 128, maxFitPassages: 800 };

/** The fitted model as saved next to the index. */
export interface LsaModel {
  features: string[];
  idf: Float32Array;
  /** Row-major features × dimensions. */
  projection: Float32Array;
  dimensions: number;
}

type SparseVector = Map<number, number>;

function rawFeatures(text: string, analyzer: SwedishAnalyzer): { words: Map<string, number>; chars: Map<string, number> } {
  const words = new Map<string, number>();
  for (const [term, weight] of analyzer.analyze(text, 'passage')) words.set(`w:${term}`, weight);
  const chars = new Map<string, number>();
  for (const token of tokenize(text)) {
    if (STOP.has(token) || token.length < 3) continue;
    const padded = `_${token}_`;
    for (let i = 0; i + 4 <= padded.length; i++) {
      const gram = `c:${padded.slice(i, i + 4)}`;
      chars.set(gram, (chars.get(gram) ?? 0) + 1);
    }
  }
  return { words, chars };
}

/**
 * Latent semantic analysis over word stems and character 4-grams, fitted on the corpus itself.
 * Runs offline and deterministically (an exact eigendecomposition, no random initialisation),
 * learns which words travel together in these plans (so "ambassadörer" sits near
 * "förtroendevalda"), and the 4-grams tolerate typos and unseen inflections.
 */
export class LsaEmbedder implements TextEmbedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly featureIndex: Map<string, number>;

  constructor(
    private readonly model: LsaModel,
    private readonly analyzer: SwedishAnalyzer,
  ) {
    this.dimensions = model.dimensions;
    this.id = `${LSA_ID_PREFIX}d${model.dimensions}`;
    this.featureIndex = new Map(model.features.map((f, i) => [f, i]));
  }

  get savedModel(): LsaModel {
    return this.model;
  }

  /** Fits the projection on the given passages. */
  static fit(texts: string[], analyzer: SwedishAnalyzer, options: LsaOptions = DEFAULT_LSA_OPTIONS): LsaEmbedder {
    const step = Math.max(1, texts.length / options.maxFitPassages);
    const sample: string[] = [];
    for (let i = 0; i < texts.length && sample.length < options.maxFitPassages; i += step) sample.push(texts[Math.floor(i)]);

    const raws = sample.map((t) => rawFeatures(t, analyzer));
    const features: string[] = [];
    const index = new Map<string, number>();
    const df: number[] = [];
    for (const { words, chars } of raws) {
      for (const key of [...words.keys(), ...chars.keys()]) {
        let i = index.get(key);
        if (i === undefined) {
          i = features.length;
          index.set(key, i);
          features.push(key);
          df.push(0);
        }
        df[i] += 1;
      }
    }
    const n = sample.length;
    const idf = Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
    const rows = raws.map((raw) => weigh(raw, index, idf));

    // Gram matrix of the passages; its eigenvectors give the latent space without a features × features matrix.
    const postings = new Map<number, Array<[number, number]>>();
    rows.forEach((row, d) => {
      for (const [f, w] of row) {
        let list = postings.get(f);
        if (!list) postings.set(f, (list = []));
        list.push([d, w]);
      }
    });
    const gram = Matrix.zeros(n, n);
    for (const list of postings.values()) {
      for (let a = 0; a < list.length; a++) {
        const [da, wa] = list[a];
        for (let b = a; b < list.length; b++) {
          const [db, wb] = list[b];
          const v = wa * wb;
          gram.set(da, db, gram.get(da, db) + v);
          if (da !== db) gram.set(db, da, gram.get(db, da) + v);
        }
      }
    }
    const evd = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
    const order = evd.realEigenvalues
      .map((value, i) => ({ value, i }))
      .filter((e) => e.value > 1e-9)
      .sort((a, b) => b.value - a.value || a.i - b.i)
      .slice(0, Math.min(options.dimensions, Math.max(1, n - 1)));
    const k = order.length;
    const vectors = evd.eigenvectorMatrix;
    const projection = new Float32Array(features.length * k);
    rows.forEach((row, d) => {
      for (const [f, w] of row) {
        for (let j = 0; j < k; j++) {
          projection[f * k + j] += (w * vectors.get(d, order[j].i)) / Math.sqrt(order[j].value);
        }
      }
    });
    return new LsaEmbedder({ features, idf, projection, dimensions: k }, analyzer);
  }

  embed(text: string): number[] {
    const k = this.dimensions;
    const out = new Array<number>(k).fill(0);
    for (const [f, w] of weigh(rawFeatures(text, this.analyzer), this.featureIndex, this.model.idf)) {
      const base = f * k;
      for (let j = 0; j < k; j++) out[j] += w * this.model.projection[base + j];
    }
    const norm = l2(out);
    return norm > 0 ? out.map((v) => v / norm) : out;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}

function l2(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum);
}

/** log(1 + tf) × idf, each block (stems, 4-grams) L2-normalised, then weighted together. */
function weigh(raw: ReturnType<typeof rawFeatures>, index: Map<string, number>, idf: Float32Array): SparseVector {
  const out: SparseVector = new Map();
  const block = (source: Map<string, number>, scale: number) => {
    const entries: Array<[number, number]> = [];
    for (const [key, tf] of source) {
      const i = index.get(key);
      if (i !== undefined) entries.push([i, Math.log1p(tf) * idf[i]]);
    }
    const norm = l2(entries.map(([, v]) => v));
    if (norm > 0) for (const [i, v] of entries) out.set(i, (v / norm) * scale);
  };
  block(raw.words, 1);
  block(raw.chars, CHAR_WEIGHT);
  return out;
}
