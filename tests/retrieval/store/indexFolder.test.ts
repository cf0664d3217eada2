import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError } from '../../../retrieval/errors.js';
import { findLeftovers, recoverInterruptedBuild, writeIndexFolder } from '../../../retrieval/store/indexFolder.js';
import { acquireIndexLock, type IndexLock } from '../../../retrieval/store/indexLock.js';
import { scratchDir } from '../../helpers/corpus.js';

let dir: string;
let cleanup: () => void;
let dataDir: string;
let lock: IndexLock;
const quiet = () => undefined;

beforeEach(async () => {
  ({ dir, cleanup } = scratchDir());
  dataDir = join(dir, 'data', 'index');
  ({ lock } = await acquireIndexLock(dataDir, { log: quiet }));
});
afterEach(() => {
  lock.release();
  cleanup();
});

const contents = (folder: string) => Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));

describe('index folder swap', () => {
  it('replaces the current folder whole and leaves nothing beside it but the lock', () => {
    writeIndexFolder(dataDir, [['chunks.json', 'old'], ['manifest.json', '{}']], lock, quiet);
    writeIndexFolder(dataDir, [['chunks.json', 'new'], ['hnsw.bin', 'graph'], ['manifest.json', '{}']], lock, quiet);
    expect(contents(dataDir)).toEqual({ 'chunks.json': 'new', 'hnsw.bin': 'graph', 'manifest.json': '{}' });
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['index', 'index.lock']);
  });

  it('a write that fails part-way leaves the previous index as it was and no staging folder', () => {
    writeIndexFolder(dataDir, [['chunks.json', 'old'], ['manifest.json', '{}']], lock, quiet);
    // A name that cannot be created inside the staging folder: the second file fails.
    expect(() => writeIndexFolder(dataDir, [['chunks.json', 'new'], ['missing/hnsw.bin', 'x']], lock, quiet)).toThrow(IndexError);
    expect(contents(dataDir)).toEqual({ 'chunks.json': 'old', 'manifest.json': '{}' });
    expect(findLeftovers(dataDir)).toEqual([]);
  });

  it('refuses to replace a folder holding anything but index files (a mistyped PLANBOTEN_DATA_DIR)', () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'semesterbilder.txt'), 'mine');
    let error: unknown;
    try {
      writeIndexFolder(dataDir, [['manifest.json', '{}']], lock, quiet);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IndexError);
    expect((error as Error).message).toContain('semesterbilder.txt');
    expect(contents(dataDir)).toEqual({ 'semesterbilder.txt': 'mine' });
    expect(findLeftovers(dataDir)).toEqual([]);
  });

  it('after a kill between the two renames, puts the previous index back and removes the leftovers', () => {
    writeIndexFolder(dataDir, [['chunks.json', 'previous'], ['manifest.json', '{}']], lock, quiet);
    // The state a kill -9 leaves after "current → aside", before "staging → current".
    renameSync(dataDir, `${dataDir}.old-4242-0a0b0c0d`);
    mkdirSync(`${dataDir}.tmp-4242-0a0b0c0d`);
    writeFileSync(join(`${dataDir}.tmp-4242-0a0b0c0d`, 'chunks.json'), 'half-written');
    const messages: string[] = [];
    recoverInterruptedBuild(dataDir, (m) => messages.push(m));
    expect(contents(dataDir)).toEqual({ 'chunks.json': 'previous', 'manifest.json': '{}' });
    expect(findLeftovers(dataDir)).toEqual([]);
    expect(messages).toEqual([expect.stringContaining('återställde det'), expect.stringContaining('index.tmp-4242-0a0b0c0d')]);
  });

  it('leaves unrelated neighbours of the index folder alone', () => {
    mkdirSync(join(dir, 'data', 'index.tmp-notes'), { recursive: true });
    writeFileSync(join(dir, 'data', 'index-backup.tar'), '');
    recoverInterruptedBuild(dataDir, quiet);
    expect(existsSync(join(dir, 'data', 'index.tmp-notes'))).toBe(true);
    expect(existsSync(join(dir, 'data', 'index-backup.tar'))).toBe(true);
  });
});
