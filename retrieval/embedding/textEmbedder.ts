/**
 * The one interface the index needs from an embedding model. It is the shape of langchain's
 * `Embeddings` (`embedDocuments`, `embedQuery`) plus an id and the dimension count recorded in the
 * index manifest, so a hosted provider can be wrapped in a few lines.
 */
export interface TextEmbedder {
  /** Names the model and its settings; an index built with another id is not served. */
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}
