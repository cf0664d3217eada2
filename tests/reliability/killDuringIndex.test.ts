import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailpointName } from '../../retrieval/store/failpoint.js';
import { loadIndex, readIndex, rebuildIndex } from '../../retrieval/store/indexStore.js';
import { copyCorpus, scratchDir } from '../helpers/corpus.js';
import { answerFingerprint, besideIndex, copyIndex, lockFile } from './indexFixture.js';
import { ask, indexCommand, spawnChild, startServerProcess, stopChild } from './processes.js';

/** Each test starts real processes (tsx start-up included): allow for a busy machine. */
const SPAWNS_PROCESSES = { timeout: 120_000 };

/**
 * `kill -9` of `npm run index` at every step of writing the index (stopped there by
 * PLANBOTEN_FAILPOINT, so the kill lands at an exact point); the next start must find a
 * complete index that answers as an intact one, and no leftovers.
 */

let root: string;
let corpusDir: string;
let pristine: string;
let expected: string[][];
let cleanup: () => void;

beforeAll(async () => {
  ({ dir: root, cleanup } = scratchDir());
  corpusDir = copyCorpus(root);
  pristine = join(root, 'pristine', 'index');
  expected = await answerFingerprint((await rebuildIndex(corpusDir, pristine, undefined, undefined, { log: () => undefined })).retriever);
});
afterAll(() => cleanup());

/** Runs `npm run index` until it stands at `point`, then kills it with SIGKILL. */
async function killIndexAt(point: FailpointName, dataDir: string): Promise<void> {
  const run = spawnChild(indexCommand(), { env: { PLANBOTEN_FAILPOINT: point, PLANBOTEN_DATA_DIR: dataDir, PLANBOTEN_CORPUS_DIR: corpusDir } });
  try {
    await run.waitForOutput(new RegExp(`failpoint: ${point}`));
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
  } finally {
    await stopChild(run);
  }
}

// Every step with a previous index in place (the case a deploy meets), and a partial first build.
const CASES: { point: FailpointName; previous: boolean; note: RegExp }[] = [
  { point: 'staging-partial', previous: false, note: /Tog bort rester.*index\.tmp-[^]*Inget index/ },
  { point: 'locked', previous: true, note: /övergivet bygglås/ },
  { point: 'staging-partial', previous: true, note: /Tog bort rester.*index\.tmp-/ },
  { point: 'staged', previous: true, note: /Tog bort rester.*index\.tmp-/ },
  { point: 'old-moved', previous: true, note: /återställde det/ },
  { point: 'swapped', previous: true, note: /Tog bort rester.*index\.old-/ },
];

describe('kill -9 during npm run index, then start', SPAWNS_PROCESSES, () => {
  for (const { point, previous, note } of CASES) {
    it(`killed at "${point}", ${previous ? 'replacing an index' : 'first build'}: the next start has a complete index`, async () => {
      const dataDir = join(root, `${point}-${previous ? 'previous' : 'first'}`, 'index');
      if (previous) copyIndex(pristine, dataDir);
      await killIndexAt(point, dataDir);
      // The killed process's lock is still on disk: the next start must see it is stale.
      expect(existsSync(lockFile(dataDir))).toBe(true);

      const messages: string[] = [];
      const loaded = await loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: (m) => messages.push(m) });
      expect(messages.join('\n')).toMatch(note);
      expect(await answerFingerprint(loaded.retriever)).toEqual(expected);
      expect(await answerFingerprint(readIndex(dataDir).retriever)).toEqual(expected);
      expect(besideIndex(dataDir)).toEqual([]);
    });
  }

  it('the server started after a kill between the two renames answers from the restored index', async () => {
    const dataDir = join(root, 'server-after-kill', 'index');
    copyIndex(pristine, dataDir);
    await killIndexAt('old-moved', dataDir);
    expect(existsSync(dataDir)).toBe(false);
    const server = await startServerProcess({ dataDir, corpusDir });
    try {
      await server.ready();
      const { status, body } = await ask(server.url, 'hur många ambassadörer har förbundet?');
      expect(status).toBe(200);
      expect(body).toMatchObject({ answered: true });
      expect(server.output()).toMatch(/återställde det/);
      expect(server.output()).not.toMatch(/bygger/);
    } finally {
      await stopChild(server);
    }
    expect(besideIndex(dataDir)).toEqual([]);
  });
});
