import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Graph settings; the fixed seed and sequential inserts make the saved graph reproducible. */
const M = 16;
const EF_CONSTRUCTION = 200;
const SEED = 42;

export interface DenseHit {
  index: number;
  /** Cosine similarity, -1 to 1. */
  similarity: number;
}

/** Passages' embeddings in an `hnswlib-node` HNSW graph (cosine space); labels are passage indexes. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: Hnsw,
    readonly dimensions: number,
  ) {}

  static build(vectors: number[][], dimensions: number): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION, SEED);
    vectors.forEach((v, i) => hnsw.addPoint(v, i));
    return new VectorIndex(hnsw, dimensions);
  }

  /** Reads a saved graph; throws if the file is unreadable. */
  static read(path: string, dimensions: number): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.readIndexSync(path);
    return new VectorIndex(hnsw, dimensions);
  }

  write(path: string): void {
    this.hnsw.writeIndexSync(path);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  search(vector: number[], limit: number): DenseHit[] {
    const k = Math.min(limit, this.size);
    if (k === 0) return [];
    this.hnsw.setEf(Math.max(100, k * 2));
    const { neighbors, distances } = this.hnsw.searchKnn(vector, k);
    return neighbors.map((index, i) => ({ index, similarity: 1 - distances[i] }));
  }
}
