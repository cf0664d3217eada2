import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, readIndex } from '../../retrieval/store/indexStore.js';
import { copyCorpus, scratchDir } from '../helpers/corpus.js';
import { answerFingerprint, besideIndex } from './indexFixture.js';
import { ask, indexCommand, spawnChild, startServerProcess, stopChild, type RunningChild } from './processes.js';

/** Each test starts real processes (tsx start-up included): allow for a busy machine. */
const SPAWNS_PROCESSES = { timeout: 120_000 };

/**
 * Several processes starting on one empty data folder: exactly one builds, the others wait for
 * its lock and read what it built; never two builds, a half-written index or a crash.
 */

let root: string;
let corpusDir: string;
let cleanup: () => void;
const QUESTION = 'hur många ambassadörer har förbundet?';

beforeAll(() => {
  ({ dir: root, cleanup } = scratchDir());
  corpusDir = copyCorpus(root);
});
afterAll(() => cleanup());

const built = (output: string) => /Inget index i .*; bygger det/.test(output);
const readOthers = (output: string) => /Väntar: process \d+ .*håller låset[^]*byggdes av en annan process; läser det/.test(output);

describe('two loaders in one process', () => {
  it('one builds, the other waits for it and reads the same index', async () => {
    const dataDir = join(root, 'in-process', 'index');
    const logs: string[][] = [[], []];
    const [a, b] = await Promise.all(logs.map((log) => loadIndex({ corpusDir, dataDir, log: (m) => log.push(m) })));
    const outputs = logs.map((l) => l.join('\n'));
    expect(outputs.filter(built)).toHaveLength(1);
    expect(outputs.filter(readOthers)).toHaveLength(1);
    expect(await answerFingerprint(a.retriever)).toEqual(await answerFingerprint(b.retriever));
    expect(besideIndex(dataDir)).toEqual([]);
  });
});

describe('processes started at once on one data folder', SPAWNS_PROCESSES, () => {
  it('two servers: exactly one builds, both answer the same', async () => {
    const dataDir = join(root, 'two-servers', 'index');
    const servers = await Promise.all([startServerProcess({ dataDir, corpusDir }), startServerProcess({ dataDir, corpusDir })]);
    try {
      await Promise.all(servers.map((s) => s.ready()));
      const outputs = servers.map((s) => s.output());
      expect(outputs.filter(built), outputs.join('\n----\n')).toHaveLength(1);
      // The other one either waited for the lock or, if it came later, found the finished index.
      const answers = await Promise.all(servers.map((s) => ask(s.url, QUESTION)));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers[0].body).toEqual(answers[1].body);
    } finally {
      await Promise.all(servers.map(stopChild));
    }
    expect(besideIndex(dataDir)).toEqual([]);
    readIndex(dataDir);
  });

  it('npm run index holding the lock while a server starts: the server waits and reads that index', async () => {
    const dataDir = join(root, 'index-and-server', 'index');
    // The builder stands still with the lock held and its staging folder written (stopped with
    // SIGSTOP at the failpoint) until the server is seen waiting, however slow the machine is.
    const indexer: RunningChild = spawnChild(indexCommand(), { env: { PLANBOTEN_FAILPOINT: 'staged:1000', PLANBOTEN_DATA_DIR: dataDir, PLANBOTEN_CORPUS_DIR: corpusDir } });
    try {
      await indexer.waitForOutput(/failpoint: staged/);
      indexer.child.kill('SIGSTOP');
      const server = await startServerProcess({ dataDir, corpusDir });
      try {
        await server.waitForOutput(/Väntar: process \d+ .*bygger indexet/);
        indexer.child.kill('SIGCONT');
        await server.ready();
        expect(await indexer.exited).toEqual({ code: 0, signal: null });
        expect(readOthers(server.output())).toBe(true);
        expect(built(server.output())).toBe(false);
        expect((await ask(server.url, QUESTION)).status).toBe(200);
      } finally {
        await stopChild(server);
      }
    } finally {
      await stopChild(indexer);
    }
    expect(besideIndex(dataDir)).toEqual([]);
  });
});
