import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SwedishAnalyzer } from '../analysis/analyzer.js';
import { loadGlossary, QueryExpander } from '../analysis/queryExpander.js';
import { DEFAULT_LSA_OPTIONS, LSA_ID_PREFIX, LsaEmbedder, type LsaOptions } from '../embedding/lsaEmbedder.js';
import type { TextEmbedder } from '../embedding/textEmbedder.js';
import { IndexError, type PlanbotenErrorCode } from '../errors.js';
import { documentEntrySchema } from '../ingest/catalog.js';
import { chunkSections, type Chunk } from '../ingest/chunkSections.js';
import { hashCorpus, loadCorpus } from '../ingest/loadCorpus.js';
import { Retriever, searchText, type RetrieverParts } from '../retriever.js';
import { loadNearMissQuestions, QuestionNeighbours } from '../search/questionNeighbours.js';
import { embeddingTexts, loadMemberQuestions, memberQuestionsHash, QuestionIndex, type MemberQuestions } from '../search/memberQuestions.js';
import { VectorIndex } from '../search/vectorIndex.js';
import { failpoint } from './failpoint.js';
import { errnoCode, writeFailure } from './fsFailure.js';
import { findLeftovers, recoverInterruptedBuild, writeIndexFolder } from './indexFolder.js';
import { acquireIndexLock, lockPathFor, tryAcquireIndexLock, type IndexLock } from './indexLock.js';
import { CHECKSUMMED_FILES, INDEX_FILES, INDEX_FORMAT, manifestSchema, manifestSealHolds, sealManifest, sha256, type IndexManifest } from './manifest.js';

export interface BuiltIndex {
  retriever: Retriever;
  manifest: IndexManifest;
}

export interface LoadOptions {
  corpusDir: string;
  dataDir: string;
  /**
   * What to do with a saved index that cannot be served as saved — a damaged, missing or
   * truncated file, built from other texts, by other code or with another embedder: rebuild it
   * (default) or refuse with an {@link IndexError}. A folder with no index at all is always built.
   */
  onUnusable?: 'rebuild' | 'refuse';
  lsa?: LsaOptions;
  /** A hosted embedder (OpenAI, Azure OpenAI, Ollama via langchain); the local LSA model when absent. */
  embedder?: TextEmbedder;
  /** Where progress notes go; stderr by default so machine-readable stdout stays clean. */
  log?: (message: string) => void;
  /** How long to wait while another process builds this index; 10 minutes by default. */
  lockTimeoutMs?: number;
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

const REBUILD_HINT = 'Bygg om det med "npm run index".';
const stderrLog = (m: string) => process.stderr.write(`${m}\n`);

/** "openai:text-embedding-3-small" → provider and model, for the manifest and for messages. */
function describeEmbedder(id: string): { provider: string; model: string } {
  if (id.startsWith(LSA_ID_PREFIX)) return { provider: 'local', model: id };
  const cut = id.indexOf(':');
  return cut > 0 ? { provider: id.slice(0, cut), model: id.slice(cut + 1) } : { provider: id, model: id };
}

/** What a saved index is built from: the corpus and the member questions embedded with its passages. */
function indexInputsHash(corpusHash: string, questions: MemberQuestions): string {
  return sha256(Buffer.from(`${corpusHash}\n${memberQuestionsHash(questions)}`));
}

/** The curated aids every retriever searches with: the glossary and the members' questions per passage. */
function searchAids(chunks: Chunk[], analyzer: SwedishAnalyzer, questions: MemberQuestions): Pick<RetrieverParts, 'expander' | 'questions' | 'neighbours'> {
  return {
    expander: new QueryExpander(loadGlossary(), analyzer),
    questions: new QuestionIndex(questions, chunks, analyzer),
    neighbours: new QuestionNeighbours(questions, loadNearMissQuestions(), chunks, analyzer),
  };
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
  // Read once: embedded with the passages, searched, and hashed into the manifest.
  const questions = loadMemberQuestions();
  const embedded = embeddingTexts(texts, questions, chunks);
  const embedder = hosted ?? LsaEmbedder.fit(embedded, analyzer, lsa);
  const vectors = VectorIndex.build(await embedder.embedDocuments(embedded), embedder.dimensions);
  const retriever = new Retriever({ chunks, documents, analyzer, embedder, vectors, ...searchAids(chunks, analyzer, questions) });

  const files = serialize(chunks, documents, embedder, vectors);
  const manifest: IndexManifest = {
    format: INDEX_FORMAT,
    corpusHash: indexInputsHash(corpus.hash, questions),
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

/** hnswlib reads and writes graphs only by path: a private scratch folder, removed afterwards. */
function withScratchFile<T>(use: (path: string) => T): T {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'planboten-hnsw-'));
  } catch (error) {
    throw writeFailure(error, 'skapa en tillfällig mapp för HNSW-grafen', tmpdir());
  }
  try {
    return use(join(dir, INDEX_FILES.hnsw));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function serialize(chunks: Chunk[], documents: unknown[], embedder: TextEmbedder, vectors: VectorIndex): Map<string, Buffer> {
  // Only the local model has weights to keep; a hosted model is named by its id.
  const model = embedder instanceof LsaEmbedder ? embedder.savedModel : { features: [], idf: new Float32Array(0), projection: new Float32Array(0) };
  const weights = Buffer.alloc((model.idf.length + model.projection.length) * 4);
  Buffer.from(model.idf.buffer, model.idf.byteOffset, model.idf.byteLength).copy(weights, 0);
  Buffer.from(model.projection.buffer, model.projection.byteOffset, model.projection.byteLength).copy(weights, model.idf.byteLength);
  const hnsw = withScratchFile((path) => {
    vectors.write(path);
    return readFileSync(path);
  });
  return new Map([
    [INDEX_FILES.chunks, Buffer.from(JSON.stringify({ documents, chunks }))],
    [INDEX_FILES.embedderMeta, Buffer.from(JSON.stringify({ id: embedder.id, dimensions: embedder.dimensions, features: model.features }))],
    [INDEX_FILES.embedderWeights, weights],
    [INDEX_FILES.hnsw, hnsw],
  ]);
}

/** Builds the index and writes it atomically into place; the caller holds the build lock. */
async function buildAndSave(corpusDir: string, dataDir: string, lock: IndexLock, log: (m: string) => void, lsa?: LsaOptions, hosted?: TextEmbedder): Promise<BuiltIndex> {
  failpoint('locked');
  const { built, files } = await buildIndex(corpusDir, lsa, hosted);
  lock.touch();
  // The manifest last: a staging folder holding one has every other file.
  writeIndexFolder(dataDir, [...files, [INDEX_FILES.manifest, sealManifest(built.manifest)]], lock, log);
  return built;
}

export interface RebuildOptions {
  log?: (message: string) => void;
  lockTimeoutMs?: number;
}

/**
 * Builds the index from `corpus/` and puts it in place of the saved one (`npm run index`). Waits
 * while another process builds the same folder; cleans up after builds that were killed.
 */
export async function rebuildIndex(corpusDir: string, dataDir: string, lsa?: LsaOptions, hosted?: TextEmbedder, options: RebuildOptions = {}): Promise<BuiltIndex> {
  const log = options.log ?? stderrLog;
  let lock: IndexLock;
  try {
    ({ lock } = await acquireIndexLock(dataDir, { log, timeoutMs: options.lockTimeoutMs }));
  } catch (error) {
    if (error instanceof IndexError && error.code === 'INDEX_READ_ONLY') {
      throw new IndexError('INDEX_READ_ONLY', `Indexet i ${dataDir} kan inte byggas. ${error.message}`, { cause: error });
    }
    throw error;
  }
  try {
    recoverInterruptedBuild(dataDir, log);
    return await buildAndSave(corpusDir, dataDir, lock, log, lsa, hosted);
  } finally {
    lock.release();
  }
}

/** Why a saved index cannot be served: the error code, the file at fault if one is, and what is wrong. */
interface Problem {
  code: PlanbotenErrorCode;
  problem: string;
  file?: string;
  cause?: unknown;
}

class ProblemFound extends Error {
  constructor(readonly found: Problem) {
    super(found.problem);
  }
}

function damaged(dataDir: string, file: string, what: string, cause?: unknown): ProblemFound {
  return new ProblemFound({ code: 'INDEX_CORRUPT', problem: `Indexet i ${dataDir} är skadat: ${file} ${what}`, file, cause });
}

function readIndexFile(dataDir: string, file: string): Buffer {
  try {
    return readFileSync(join(dataDir, file));
  } catch (error) {
    throw damaged(dataDir, file, errnoCode(error) === 'ENOENT' ? 'saknas' : `går inte att läsa (${errnoCode(error) ?? String(error)})`, error);
  }
}

function readManifest(dataDir: string): IndexManifest {
  const text = readIndexFile(dataDir, INDEX_FILES.manifest).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged(dataDir, INDEX_FILES.manifest, 'är inte giltig JSON (avkortad eller ändrad)', error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw damaged(dataDir, INDEX_FILES.manifest, 'är inget JSON-objekt');
  const record = raw as Record<string, unknown>;
  // The seal first: a damaged digit in "format" must read as damage, not as an older format.
  const sealed = 'selfChecksum' in record;
  if (sealed && !manifestSealHolds(record)) throw damaged(dataDir, INDEX_FILES.manifest, 'stämmer inte med sin egen kontrollsumma');
  if (record.format !== INDEX_FORMAT) {
    return mismatch(`Indexet i ${dataDir} har ett annat format (${JSON.stringify(record.format)}, koden läser ${INDEX_FORMAT})`);
  }
  if (!sealed) throw damaged(dataDir, INDEX_FILES.manifest, 'saknar sin kontrollsumma');
  const { selfChecksum: _seal, ...body } = record;
  const parsed = manifestSchema.safeParse(body);
  if (!parsed.success) throw damaged(dataDir, INDEX_FILES.manifest, 'har ogiltiga fält');
  return parsed.data;
}

function mismatch(problem: string): never {
  throw new ProblemFound({ code: 'INDEX_MISMATCH', problem });
}

/** Reads and verifies every file; throws {@link ProblemFound} at the first thing that does not hold. */
function verifyIndex(dataDir: string, hosted?: TextEmbedder, questions: MemberQuestions = loadMemberQuestions()): BuiltIndex {
  const manifest = readManifest(dataDir);
  const saved = `${manifest.embedder.id} (leverantör ${manifest.embedder.provider}, modell ${manifest.embedder.model}, ${manifest.embedder.dimensions} dimensioner)`;
  const configured = hosted
    ? `${hosted.id} (leverantör ${describeEmbedder(hosted.id).provider}, modell ${describeEmbedder(hosted.id).model}, ${hosted.dimensions} dimensioner)`
    : `den lokala modellen ${LSA_ID_PREFIX}*`;
  const matches = hosted ? manifest.embedder.id === hosted.id && manifest.embedder.dimensions === hosted.dimensions : manifest.embedder.id.startsWith(LSA_ID_PREFIX);
  if (!matches) mismatch(`Indexet i ${dataDir} byggdes med inbäddningen ${saved}, men inställningen är ${configured}`);

  // Every byte is checked against the manifest before anything is parsed or handed to hnswlib.
  const files = new Map<string, Buffer>();
  for (const name of CHECKSUMMED_FILES) {
    const data = readIndexFile(dataDir, name);
    if (manifest.checksums[name] !== sha256(data)) throw damaged(dataDir, name, 'stämmer inte med sin kontrollsumma i manifest.json (avkortad eller ändrad)');
    files.set(name, data);
  }
  const parseFile = <S extends z.ZodTypeAny>(name: string, schema: S): z.output<S> => {
    try {
      return schema.parse(JSON.parse(files.get(name)!.toString('utf8')));
    } catch (error) {
      throw damaged(dataDir, name, 'har ett ogiltigt innehåll', error);
    }
  };
  const { documents, chunks } = parseFile(INDEX_FILES.chunks, chunksFileSchema);
  const meta = parseFile(INDEX_FILES.embedderMeta, embedderMetaSchema);
  if (meta.id !== manifest.embedder.id || meta.dimensions !== manifest.embedder.dimensions) {
    throw damaged(dataDir, INDEX_FILES.embedderMeta, 'beskriver en annan inbäddning än manifest.json');
  }
  const byId = new Map(documents.map((d) => [d.id, d]));
  if (chunks.some((c) => !byId.has(c.documentId))) throw damaged(dataDir, INDEX_FILES.chunks, 'hänvisar till dokument som saknas');
  const texts = chunks.map((c) => searchText(c, byId.get(c.documentId)!));
  const analyzer = SwedishAnalyzer.fromTexts(texts);
  let embedder: TextEmbedder;
  if (hosted) embedder = hosted;
  else {
    const weights = files.get(INDEX_FILES.embedderWeights)!;
    const floats = new Float32Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
    const featureCount = meta.features.length;
    if (weights.byteLength % 4 !== 0 || floats.length !== featureCount * (1 + meta.dimensions)) throw damaged(dataDir, INDEX_FILES.embedderWeights, 'har fel storlek');
    embedder = new LsaEmbedder({ features: meta.features, idf: floats.slice(0, featureCount), projection: floats.slice(featureCount), dimensions: meta.dimensions }, analyzer);
  }
  // The verified bytes, not the path in dataDir: the folder may be swapped while this runs.
  const vectors = withScratchFile((path) => {
    try {
      writeFileSync(path, files.get(INDEX_FILES.hnsw)!);
    } catch (error) {
      throw writeFailure(error, 'skriva en tillfällig kopia av hnsw.bin', tmpdir());
    }
    try {
      return VectorIndex.read(path, meta.dimensions);
    } catch (error) {
      throw damaged(dataDir, INDEX_FILES.hnsw, `går inte att läsa in (${(error as Error).message})`, error);
    }
  });
  if (vectors.size !== chunks.length || chunks.length !== manifest.chunkCount) throw damaged(dataDir, INDEX_FILES.hnsw, 'har ett annat antal stycken än chunks.json');
  return { retriever: new Retriever({ chunks, documents, analyzer, embedder, vectors, ...searchAids(chunks, analyzer, questions) }), manifest };
}

/**
 * Reads and verifies a saved index folder. Throws {@link IndexError} naming the file at fault:
 * `INDEX_CORRUPT` for a damaged, truncated or missing file, `INDEX_MISMATCH` for another format or
 * another embedder than the one configured.
 */
export function readIndex(dataDir: string, hosted?: TextEmbedder): BuiltIndex {
  try {
    return verifyIndex(dataDir, hosted);
  } catch (error) {
    if (error instanceof ProblemFound) throw toError(error.found);
    throw error;
  }
}

function toError(found: Problem): IndexError {
  return new IndexError(found.code, `${found.problem}. ${REBUILD_HINT}`, { cause: found.cause, file: found.file });
}

type Inspection = { kind: 'ready'; built: BuiltIndex } | { kind: 'missing' } | { kind: 'unusable'; found: Problem };

/** What is in `dataDir` right now: a servable index, none at all, or one that cannot be served as saved. */
function inspect(corpusDir: string, dataDir: string, hosted?: TextEmbedder): Inspection {
  if (!existsSync(dataDir)) return { kind: 'missing' };
  let entries: string[];
  try {
    if (!statSync(dataDir).isDirectory()) return { kind: 'unusable', found: { code: 'INDEX_CORRUPT', problem: `${dataDir} är ingen mapp` } };
    entries = readdirSync(dataDir);
  } catch (error) {
    return { kind: 'unusable', found: { code: 'INDEX_CORRUPT', problem: `Mappen ${dataDir} går inte att läsa (${errnoCode(error) ?? String(error)})`, cause: error } };
  }
  if (entries.length === 0) return { kind: 'missing' };
  const questions = loadMemberQuestions();
  try {
    // Staleness is read off the manifest alone: a stale index is rebuilt, so nothing else of it is loaded.
    if (readManifest(dataDir).corpusHash !== indexInputsHash(hashCorpus(corpusDir), questions)) {
      return { kind: 'unusable', found: { code: 'INDEX_STALE', problem: `Indexet i ${dataDir} är inaktuellt: det byggdes från andra texter än de i ${corpusDir} (eller andra medlemsfrågor)` } };
    }
    return { kind: 'ready', built: verifyIndex(dataDir, hosted, questions) };
  } catch (error) {
    if (error instanceof ProblemFound) return { kind: 'unusable', found: error.found };
    throw error;
  }
}

/**
 * Removes leftovers of killed builds, and the lock a killed build left, when nobody is building;
 * a read-only folder keeps them (they are never read).
 */
function sweepLeftovers(dataDir: string, log: (m: string) => void): void {
  if (findLeftovers(dataDir).length === 0 && !existsSync(lockPathFor(dataDir))) return;
  let lock: IndexLock | undefined;
  try {
    lock = tryAcquireIndexLock(dataDir, { log });
    if (lock) recoverInterruptedBuild(dataDir, log);
  } catch (error) {
    log(`Rester av avbrutna indexbyggen ligger kvar bredvid ${dataDir}; de används inte. (${(error as Error).message})`);
  } finally {
    lock?.release();
  }
}

/**
 * The index for serving. A missing index is built and saved; one that cannot be served as saved
 * (damaged, stale, other code or embedder) is rebuilt, or refused with `onUnusable: 'refuse'`.
 * Only one process builds at a time: others wait for it and then read what it built. An index
 * that needs no build is served from a read-only folder; one that does fails with
 * `INDEX_READ_ONLY`, saying why it needed building.
 */
export async function loadIndex(options: LoadOptions): Promise<BuiltIndex> {
  const log = options.log ?? stderrLog;
  const { corpusDir, dataDir } = options;
  const first = inspect(corpusDir, dataDir, options.embedder);
  if (first.kind === 'ready') {
    sweepLeftovers(dataDir, log);
    return first.built;
  }
  let lock: IndexLock;
  let waited: boolean;
  try {
    ({ lock, waited } = await acquireIndexLock(dataDir, { log, timeoutMs: options.lockTimeoutMs }));
  } catch (error) {
    if (!(error instanceof IndexError) || error.code !== 'INDEX_READ_ONLY') throw error;
    if (first.kind === 'unusable' && options.onUnusable === 'refuse') throw toError(first.found);
    const why = first.kind === 'missing' ? `Det finns inget index i ${dataDir}` : first.found.problem;
    throw new IndexError(
      'INDEX_READ_ONLY',
      `${why}, och det kan inte byggas här. ${error.message} Bygg indexet med "npm run index" där mappen är skrivbar och leverera det färdigt, eller gör mappen skrivbar.`,
      { cause: error, file: first.kind === 'unusable' ? first.found.file : undefined },
    );
  }
  try {
    recoverInterruptedBuild(dataDir, log);
    // Looked at again under the lock: the process we waited for may have built it.
    const now = inspect(corpusDir, dataDir, options.embedder);
    if (now.kind === 'ready') {
      if (waited) log(`Indexet i ${dataDir} byggdes av en annan process; läser det.`);
      return now.built;
    }
    if (now.kind === 'unusable' && options.onUnusable === 'refuse') throw toError(now.found);
    log(now.kind === 'missing' ? `Inget index i ${dataDir}; bygger det från ${corpusDir} ...` : `${now.found.problem}; bygger om det från ${corpusDir} ...`);
    return await buildAndSave(corpusDir, dataDir, lock, log, options.lsa, options.embedder);
  } finally {
    lock.release();
  }
}
