import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Retriever } from '../../retrieval/retriever.js';
import { lockPathFor } from '../../retrieval/store/indexLock.js';
import { INDEX_FILES } from '../../retrieval/store/manifest.js';

/** Questions whose retrieved passages stand for "the answer" when comparing a recovered index with an intact one. */
export const PROBE_QUESTIONS = [
  'hur många ambassadörer har förbundet?',
  'vad säger planen om hyvling?',
  'arbetsmiljö och skyddsombud',
  'what does the plan say about young members?',
];

/** The passages (ids and rounded scores) each probe question retrieves: equal fingerprints, equal answers. */
export async function answerFingerprint(retriever: Retriever): Promise<string[][]> {
  return Promise.all(PROBE_QUESTIONS.map(async (q) => (await retriever.search(q, { limit: 5 })).map((p) => `${p.chunk.id}@${p.score.toFixed(6)}`)));
}

/** A copy of a built index folder that a test may damage. */
export function copyIndex(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}

/** What sits beside the index folder besides it: leftovers of builds and the lock file. */
export function besideIndex(dataDir: string): string[] {
  const parent = dirname(dataDir);
  if (!existsSync(parent)) return [];
  return readdirSync(parent).filter((name) => name !== basename(dataDir) && name.startsWith(`${basename(dataDir)}.`));
}

export const lockFile = lockPathFor;

/** Every index file's bytes, to show that a refusal changed nothing. */
export function snapshot(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    Object.values(INDEX_FILES).map((name) => {
      const path = join(dataDir, name);
      return [name, existsSync(path) ? readFileSync(path).toString('base64') : '(missing)'];
    }),
  );
}

/** Makes a folder tree read-only (folders 0555, files 0444), or writable again. */
export function setWritable(path: string, writable: boolean): void {
  const isDir = statSync(path).isDirectory();
  if (isDir && writable) chmodSync(path, 0o755);
  if (isDir) for (const entry of readdirSync(path)) setWritable(join(path, entry), writable);
  chmodSync(path, isDir ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
}
