import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildIndex } from '../../retrieval/store/indexStore.js';
import { INDEX_FILES } from '../../retrieval/store/manifest.js';
import { copyCorpus, scratchDir } from '../helpers/corpus.js';
import { copyIndex, lockFile, setWritable } from './indexFixture.js';
import { ask, indexCommand, spawnChild, startServerProcess, stopChild, type SpawnOptions } from './processes.js';

/** Each test starts real processes (tsx start-up included): allow for a busy machine. */
const SPAWNS_PROCESSES = { timeout: 120_000 };

/**
 * A read-only data folder: a complete index is served as it is (nothing written, leftovers of a
 * killed build ignored); anything that would need a build stops start-up with a clear message —
 * the folder, why a build was needed, what to do — and exit code 1, never a stack trace.
 */

let root: string;
let corpusDir: string;
let pristine: string;
let cleanup: () => void;
const readOnlyFolders: string[] = [];
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

/** Root ignores file permissions, so as root the children run as `nobody`; otherwise as ourselves. */
const user: SpawnOptions['user'] = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
const env = { HOME: tmpdir() };

beforeAll(async () => {
  ({ dir: root, cleanup } = scratchDir());
  chmodSync(root, 0o755); // `nobody` must be able to reach the corpus and the folders below
  corpusDir = copyCorpus(root);
  pristine = join(root, 'pristine', 'index');
  await rebuildIndex(corpusDir, pristine, undefined, undefined, { log: () => undefined });
});
afterAll(() => {
  for (const folder of readOnlyFolders) setWritable(folder, true);
  cleanup();
});

/** A data folder `<name>/data` prepared by `fill`, then made read-only; returns the index folder inside it. */
function readOnlyDataFolder(name: string, fill: (dataDir: string) => void = () => undefined): string {
  const data = join(root, name, 'data');
  mkdirSync(data, { recursive: true });
  const dataDir = join(data, 'index');
  fill(dataDir);
  setWritable(join(root, name), false);
  chmodSync(join(root, name), 0o755);
  readOnlyFolders.push(data);
  return dataDir;
}

const listing = (folder: string): string[] => readdirSync(folder, { recursive: true }).map(String).sort();

describe('read-only data folder', SPAWNS_PROCESSES, () => {
  it('without an index: start-up stops with a clear message and exit code 1, no stack trace', async () => {
    const dataDir = readOnlyDataFolder('empty');
    const server = await startServerProcess({ dataDir, corpusDir, user, env });
    const { code } = await server.exited;
    const output = server.output();
    expect(code, output).toBe(1);
    expect(output).toContain(`Det finns inget index i ${dataDir}, och det kan inte byggas här.`);
    expect(output).toMatch(/skrivskyddad eller saknar skrivbehörighet \((EACCES|EROFS|EPERM)\)/);
    expect(output).toContain('npm run index');
    expect(output).not.toMatch(STACK_TRACE);
    expect(listing(dirname(dataDir))).toEqual([]);
  });

  it('npm run index there: the same kind of message and exit code 1', async () => {
    const dataDir = readOnlyDataFolder('index-script');
    const run = spawnChild(indexCommand(), { user, env: { ...env, PLANBOTEN_DATA_DIR: dataDir, PLANBOTEN_CORPUS_DIR: corpusDir } });
    const { code } = await run.exited;
    expect(code, run.output()).toBe(1);
    expect(run.output()).toContain(`Indexet i ${dataDir} kan inte byggas.`);
    expect(run.output()).toMatch(/skrivskyddad/);
    expect(run.output()).not.toMatch(STACK_TRACE);
  });

  it('with a complete index: served read-only, nothing written, leftovers of a killed build ignored', async () => {
    const dataDir = readOnlyDataFolder('complete', (dir) => {
      copyIndex(pristine, dir);
      // What a kill -9 during a build leaves: its staging folder and its lock (a pid that is gone).
      mkdirSync(`${dir}.tmp-99999-0badf00d`);
      writeFileSync(join(`${dir}.tmp-99999-0badf00d`, INDEX_FILES.chunks), '{"documents": [');
      writeFileSync(lockFile(dir), JSON.stringify({ pid: 2 ** 22 + 1, hostname: hostname(), token: 't', createdAt: '2026-01-01T00:00:00Z', purpose: 'bygger indexet' }));
    });
    const before = listing(dirname(dataDir));
    const server = await startServerProcess({ dataDir, corpusDir, user, env });
    try {
      await server.ready();
      const { status, body } = await ask(server.url, 'hur många ambassadörer har förbundet?');
      expect(status, server.output()).toBe(200);
      expect(body).toMatchObject({ answered: true });
      expect(server.output()).toMatch(/Rester av avbrutna indexbyggen ligger kvar bredvid .*; de används inte/);
    } finally {
      await stopChild(server);
    }
    expect(listing(dirname(dataDir))).toEqual(before);
  });

  it('with a damaged index: names the damaged file, says the folder is read-only, exit code 1', async () => {
    const dataDir = readOnlyDataFolder('damaged', (dir) => {
      copyIndex(pristine, dir);
      const chunks = join(dir, INDEX_FILES.chunks);
      writeFileSync(chunks, readFileSync(chunks).subarray(0, 1000));
    });
    const server = await startServerProcess({ dataDir, corpusDir, user, env });
    const { code } = await server.exited;
    const output = server.output();
    expect(code, output).toBe(1);
    expect(output).toContain(`Indexet i ${dataDir} är skadat: chunks.json stämmer inte med sin kontrollsumma`);
    expect(output).toMatch(/kan inte byggas här\. Kan inte skapa byggläset .*skrivskyddad/);
    expect(output).not.toMatch(STACK_TRACE);
  });
});
