import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Bump when the saved layout changes; older folders are then rebuilt, never misread. */
export const INDEX_FORMAT = 3;

export const INDEX_FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.json',
  embedderMeta: 'embedder.json',
  embedderWeights: 'embedder.bin',
  hnsw: 'hnsw.bin',
} as const;

/** The files besides the manifest, each with its sha256 in the manifest. */
export const CHECKSUMMED_FILES = [INDEX_FILES.chunks, INDEX_FILES.embedderMeta, INDEX_FILES.embedderWeights, INDEX_FILES.hnsw] as const;

export const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  /** The corpus (texts, catalog, ingest and analysis versions) and the member questions embedded with it. */
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

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The manifest's own checksum field: sha256 of the other fields as written (2-space JSON, in order). */
export const SELF_CHECKSUM_FIELD = 'selfChecksum';

const bodyText = (body: object) => JSON.stringify(body, null, 2);

/**
 * The manifest file's text, sealed with a checksum of its own content so that damage to the
 * manifest — which holds the other files' checksums — is caught too, not only damage to them.
 */
export function sealManifest(manifest: IndexManifest): string {
  return `${bodyText({ ...manifest, [SELF_CHECKSUM_FIELD]: sha256(bodyText(manifest)) })}\n`;
}

/**
 * Whether a parsed manifest carries a self-checksum that matches its other fields. JSON
 * re-serialises its own output exactly, so this compares content, not whitespace.
 */
export function manifestSealHolds(raw: Record<string, unknown>): boolean {
  const { [SELF_CHECKSUM_FIELD]: seal, ...body } = raw;
  return typeof seal === 'string' && seal === sha256(bodyText(body));
}
