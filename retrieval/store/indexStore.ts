import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SwedishAnalyzer } from '../analysis/analyzer.js';
import { loadGlossary, QueryExpander } from '../analysis/queryExpander.js';
import { DEFAULT_LSA_OPTIONS, LSA_ID_PREFIX, LsaEmbedder, type LsaOptions } from '../embedding/lsaEmbedder.js';
import type { TextEmbedder } from '../embedding/textEmbedder.js';
import { IndexError } from '../errors.js';
import { documentEntrySchema } from '../ingest/catalog.js';
import { chunkSections, type Chunk } from '../ingest/chunkSections.js';
import { hashCorpus, loadCorpus } from '../ingest/loadCorpus.js';
import { Retriever, searchText } from '../retriever.js';
import { VectorIndex } from '../search/vectorIndex.js';
import { INDEX_FILES, INDEX_FORMAT, manifestSchema, type IndexManifest } from './manifest.js';

export interface BuiltIndex {
  retriever: Retriever;
  manifest: IndexManifest;
}

export interface LoadOptions {
  corpusDir: string;
  dataDir: string;
  /** What to do with an index built from other texts or code: rebuild it (default) or refuse. */
  onStale?: 'rebuild' | 'refuse';
  lsa?: LsaOptions;
  /** A hosted embedder (OpenAI, Azure OpenAI, Ollama via langchain); the local LSA model when absent. */
  embedder?: TextEmbedder;
  /** Where progress notes go; stderr by default so machine-readable stdout stays clean. */
  log?: (message: string) => void;
}

const chunkSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  section: z.string(),
  sectionPath: z.array(z.string()),
  paragraph: z.number().int(),
  paragraphEnd: z.number().int(),
  part: z.number().int(),
  kind: z.enum(['paragraph', 'list']),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
});
const chunksFileSchema = z.object({ documents: z.array(documentEntrySchema), chunks: z.array(chunkSchema) });
const embedderMetaSchema = z.object({ id: z.string(), dimensions: z.number().int().positive(), features: z.array(z.string()) });

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** "openai:text-embedding-3-small" → provider and model, for the manifest and for messages. */
function describeEmbedder(id: string): { provider: string; model: string } {
  if (id.startsWith(LSA_ID_PREFIX)) return { provider: 'local', model: id };
  const cut = id.indexOf(':');
  return cut > 0 ? { provider: id.slice(0, cut), model: id.slice(cut + 1) } : { provider: id, model: id };
}

/** Parses, chunks and embeds the corpus in memory, with the local LSA model or the given hosted embedder. */
export async function buildIndex(
  corpusDir: string,
  lsa: LsaOptions = DEFAULT_LSA_OPTIONS,
  hosted?: TextEmbedder,
): Promise<{ built: BuiltIndex; files: Map<string, Buffer> }> {
  const started = performance.now();
  const corpus = loadCorpus(corpusDir);
  const chunks = corpus.documents.flatMap(chunkSections);
  const documents = corpus.catalog.documents;
  const byId = new Map(documents.map((d) => [d.id, d]));
  const texts = chunks.map((c) => searchText(c, byId.get(c.documentId)!));
  const analyzer = SwedishAnalyzer.fromTexts(texts);
  const embedder = hosted ?? LsaEmbedder.fit(texts, analyzer, lsa);
  const vectors = VectorIndex.build(await embedder.embedDocuments(texts), embedder.dimensions);
  const retriever = new Retriever({ chunks, documents, analyzer, embedder, vectors, expander: new QueryExpander(loadGlossary(), analyzer) });

  const files = serialize(chunks, documents, embedder, vectors);
  const manifest: IndexManifest = {
    format: INDEX_FORMAT,
    corpusHash: corpus.hash,
    embedder: { id: embedder.id, ...describeEmbedder(embedder.id), dimensions: embedder.dimensions },
    chunkCount: chunks.length,
    documents: documents.map((d) => ({ id: d.id, file: d.file })),
    duplicates: corpus.duplicates,
    checksums: Object.fromEntries([...files].map(([name, data]) => [name, sha256(data)])),
    builtAt: new Date().toISOString(),
    buildMillis: Math.round(performance.now() - started),
  };
  return { built: { retriever, manifest }, files };
}

function serialize(chunks: Chunk[], documents: unknown[], embedder: TextEmbedder, vectors: VectorIndex): Map<string, Buffer> {
  // Only the local model has weights to keep; a hosted model is named by its id.
  const model = embedder instanceof LsaEmbedder ? embedder.savedModel : { features: [], idf: new Float32Array(0), projection: new Float32Array(0) };
  const weights = Buffer.alloc((model.idf.length + model.projection.length) * 4);
  Buffer.from(model.idf.buffer, model.idf.byteOffset, model.idf.byteLength).copy(weights, 0);
  Buffer.from(model.projection.buffer, model.projection.byteOffset, model.projection.byteLength).copy(weights, model.idf.byteLength);
  const tmp = join(tmpdir(), `planboten-hnsw-${process.pid}-${Date.now()}.bin`);
  vectors.write(tmp);
  const hnsw = readFileSync(tmp);
  rmSync(tmp, { force: true });
  return new Map([
    [INDEX_FILES.chunks, Buffer.from(JSON.stringify({ documents, chunks }))],
    [INDEX_FILES.embedderMeta, Buffer.from(JSON.stringify({ id: embedder.id, dimensions: embedder.dimensions, features: model.features }))],
    [INDEX_FILES.embedderWeights, weights],
    [INDEX_FILES.hnsw, hnsw],
  ]);
}

/** Writes the index folder atomically: a fresh sibling folder renamed into place. */
export function saveIndex(dataDir: string, manifest: IndexManifest, files: Map<string, Buffer>): void {
  const staging = `${dataDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [name, data] of files) writeFileSync(join(staging, name), data);
  writeFileSync(join(staging, INDEX_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dirname(dataDir), { recursive: true });
  renameSync(staging, dataDir);
}

/** Builds the index from `corpus/` and saves it; returns the manifest. */
export async function rebuildIndex(corpusDir: string, dataDir: string, lsa?: LsaOptions, hosted?: TextEmbedder): Promise<BuiltIndex> {
  const { built, files } = await buildIndex(corpusDir, lsa, hosted);
  saveIndex(dataDir, built.manifest, files);
  return built;
}

function corrupt(dataDir: string, detail: string, cause?: unknown): IndexError {
  return new IndexError('INDEX_CORRUPT', `Indexet i ${dataDir} är skadat (${detail}). Bygg om det med "npm run index".`, { cause });
}

/**
 * Reads and verifies a saved index folder. Throws {@link IndexError} for anything inconsistent,
 * with `INDEX_MISMATCH` when it was built with another embedder than the one configured.
 */
export function readIndex(dataDir: string, hosted?: TextEmbedder): BuiltIndex {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dataDir, INDEX_FILES.manifest), 'utf8'));
  } catch (error) {
    throw corrupt(dataDir, `${INDEX_FILES.manifest} går inte att läsa`, error);
  }
  if ((raw as { format?: unknown } | null)?.format !== INDEX_FORMAT) {
    throw new IndexError('INDEX_MISMATCH', `Indexet i ${dataDir} har ett äldre format. Bygg om det med "npm run index".`);
  }
  const parsedManifest = manifestSchema.safeParse(raw);
  if (!parsedManifest.success) throw corrupt(dataDir, `${INDEX_FILES.manifest} är ogiltigt`);
  const manifest = parsedManifest.data;
  const saved = `${manifest.embedder.id} (leverantör ${manifest.embedder.provider}, modell ${manifest.embedder.model}, ${manifest.embedder.dimensions} dimensioner)`;
  const configured = hosted
    ? `${hosted.id} (leverantör ${describeEmbedder(hosted.id).provider}, modell ${describeEmbedder(hosted.id).model}, ${hosted.dimensions} dimensioner)`
    : `den lokala modellen ${LSA_ID_PREFIX}*`;
  const matches = hosted ? manifest.embedder.id === hosted.id && manifest.embedder.dimensions === hosted.dimensions : manifest.embedder.id.startsWith(LSA_ID_PREFIX);
  if (!matches) {
    throw new IndexError('INDEX_MISMATCH', `Indexet i ${dataDir} byggdes med inbäddningen ${saved}, men inställningen är ${configured}. Bygg om det med "npm run index".`);
  }
  const files = new Map<string, Buffer>();
  for (const name of [INDEX_FILES.chunks, INDEX_FILES.embedderMeta, INDEX_FILES.embedderWeights, INDEX_FILES.hnsw]) {
    let data: Buffer;
    try {
      data = readFileSync(join(dataDir, name));
    } catch (error) {
      throw corrupt(dataDir, `${name} saknas`, error);
    }
    if (manifest.checksums[name] !== sha256(data)) throw corrupt(dataDir, `${name} stämmer inte med sin kontrollsumma`);
    files.set(name, data);
  }
  try {
    const { documents, chunks } = chunksFileSchema.parse(JSON.parse(files.get(INDEX_FILES.chunks)!.toString('utf8')));
    const meta = embedderMetaSchema.parse(JSON.parse(files.get(INDEX_FILES.embedderMeta)!.toString('utf8')));
    if (meta.id !== manifest.embedder.id || meta.dimensions !== manifest.embedder.dimensions) {
      throw new Error('inbäddningsmodellen skiljer sig från manifestet');
    }
    const byId = new Map(documents.map((d) => [d.id, d]));
    const texts = chunks.map((c) => searchText(c, byId.get(c.documentId)!));
    const analyzer = SwedishAnalyzer.fromTexts(texts);
    let embedder: TextEmbedder;
    if (hosted) embedder = hosted;
    else {
      const weights = files.get(INDEX_FILES.embedderWeights)!;
      const floats = new Float32Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
      const featureCount = meta.features.length;
      if (floats.length !== featureCount * (1 + meta.dimensions)) throw new Error('vikterna har fel storlek');
      embedder = new LsaEmbedder({ features: meta.features, idf: floats.slice(0, featureCount), projection: floats.slice(featureCount), dimensions: meta.dimensions }, analyzer);
    }
    const tmp = join(dataDir, `${INDEX_FILES.hnsw}.read-${process.pid}`);
    let vectors: VectorIndex;
    try {
      writeFileSync(tmp, files.get(INDEX_FILES.hnsw)!);
      vectors = VectorIndex.read(tmp, meta.dimensions);
    } finally {
      rmSync(tmp, { force: true });
    }
    if (vectors.size !== chunks.length || chunks.length !== manifest.chunkCount) throw new Error('antalet stycken stämmer inte');
    return { retriever: new Retriever({ chunks, documents, analyzer, embedder, vectors, expander: new QueryExpander(loadGlossary(), analyzer) }), manifest };
  } catch (error) {
    if (error instanceof IndexError) throw error;
    throw corrupt(dataDir, (error as Error).message, error);
  }
}

/**
 * The index for serving. A missing index is built and saved; one built from other texts or by
 * other code is rebuilt (or refused, with `onStale: 'refuse'`); a damaged one is an error.
 */
export async function loadIndex(options: LoadOptions): Promise<BuiltIndex> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const { corpusDir, dataDir } = options;
  const rebuild = () => rebuildIndex(corpusDir, dataDir, options.lsa, options.embedder);
  if (!existsSync(join(dataDir, INDEX_FILES.manifest))) {
    log(`Inget index i ${dataDir}; bygger det från ${corpusDir} ...`);
    return rebuild();
  }
  let built: BuiltIndex;
  try {
    built = readIndex(dataDir, options.embedder);
  } catch (error) {
    if (!(error instanceof IndexError) || error.code !== 'INDEX_MISMATCH' || options.onStale === 'refuse') throw error;
    log(`${error.message} Bygger om ...`);
    return rebuild();
  }
  if (built.manifest.corpusHash !== hashCorpus(corpusDir)) {
    if (options.onStale === 'refuse') {
      throw new IndexError('INDEX_STALE', `Indexet i ${dataDir} byggdes från andra texter än de i ${corpusDir}. Bygg om det med "npm run index".`);
    }
    log(`Indexet i ${dataDir} är inaktuellt (texterna i ${corpusDir} har ändrats); bygger om det ...`);
    return rebuild();
  }
  return built;
}
