import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retrievalConfig } from '../../retrieval/config.js';

export const CORPUS_DIR = retrievalConfig().corpusDir;

/** A scratch folder removed by the returned cleanup function. */
export function scratchDir(prefix = 'planboten-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of corpus/ that a test may change freely. */
export function copyCorpus(target: string): string {
  const dir = join(target, 'corpus');
  cpSync(CORPUS_DIR, dir, { recursive: true });
  return dir;
}
