import { z } from 'zod';

/** Bump when the saved layout changes; older folders are then rebuilt, never misread. */
export const INDEX_FORMAT = 2;

export const INDEX_FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.json',
  embedderMeta: 'embedder.json',
  embedderWeights: 'embedder.bin',
  hnsw: 'hnsw.bin',
} as const;

export const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  corpusHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Which model made the vectors: provider ("local", "openai", "azure-openai", "ollama"), model, size. */
  embedder: z.object({ id: z.string().min(1), provider: z.string().min(1), model: z.string().min(1), dimensions: z.number().int().positive() }),
  chunkCount: z.number().int().nonnegative(),
  documents: z.array(z.object({ id: z.string(), file: z.string() })),
  duplicates: z.array(z.object({ id: z.string(), canonicalId: z.string(), similarity: z.number() })),
  /** sha256 of every other file in the folder, so a damaged file is caught before it is served. */
  checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  builtAt: z.string(),
  buildMillis: z.number().nonnegative(),
});

export type IndexManifest = z.infer<typeof manifestSchema>;
