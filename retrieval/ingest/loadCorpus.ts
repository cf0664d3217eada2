import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_VERSION } from '../analysis/analyzer.js';
import { CATALOG_FILE, loadCatalog, type Catalog, type CatalogEntry } from './catalog.js';
import { detectDuplicates, type DuplicateVerdict } from './detectDuplicates.js';
import { parseDocument, type ParsedDocument } from './parseDocument.js';

/** Bump when parsing or chunking changes, so saved indexes built by older code count as stale (analysis has its own version). */
export const INGEST_VERSION = 2;

export interface CorpusDocument {
  entry: CatalogEntry;
  parsed: ParsedDocument;
}

export interface Corpus {
  catalog: Catalog;
  /** Canonical documents only, in catalog order. */
  documents: CorpusDocument[];
  duplicates: DuplicateVerdict[];
  /** sha256 over the catalog, every source file and the ingest and analysis versions. */
  hash: string;
}

interface CorpusFiles {
  catalog: Catalog;
  bytes: Map<string, Buffer>;
  hash: string;
}

function readCorpusFiles(corpusDir: string): CorpusFiles {
  const catalog = loadCatalog(corpusDir);
  const hash = createHash('sha256');
  hash.update(`ingest:${INGEST_VERSION} analysis:${ANALYSIS_VERSION}\n`);
  hash.update(readFileSync(join(corpusDir, CATALOG_FILE)));
  const bytes = new Map<string, Buffer>();
  for (const entry of catalog.documents) {
    const content = readFileSync(join(corpusDir, entry.file));
    bytes.set(entry.id, content);
    hash.update(`\n${entry.file}\n`).update(content);
  }
  return { catalog, bytes, hash: hash.digest('hex') };
}

/**
 * Loads the catalog and every text it names, parses each into a section tree, and drops
 * near-duplicate documents in favour of one canonical text.
 */
export function loadCorpus(corpusDir: string): Corpus {
  const { catalog, bytes, hash } = readCorpusFiles(corpusDir);
  const parsed = catalog.documents.map((entry) => ({ entry, parsed: parseDocument(bytes.get(entry.id)!.toString('utf8')) }));
  const duplicates = detectDuplicates(parsed.map((d) => ({ id: d.entry.id, text: d.parsed.text, repairs: d.parsed.repairs })));
  const dropped = new Set(duplicates.map((d) => d.id));
  return { catalog, documents: parsed.filter((d) => !dropped.has(d.entry.id)), duplicates, hash };
}

/** The hash {@link loadCorpus} would report, without parsing: the check before serving a saved index. */
export function hashCorpus(corpusDir: string): string {
  return readCorpusFiles(corpusDir).hash;
}
