import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/seededRandom.js';
import { IndexError } from '../../retrieval/errors.js';
import { loadIndex, readIndex, rebuildIndex } from '../../retrieval/store/indexStore.js';
import { INDEX_FILES } from '../../retrieval/store/manifest.js';
import { copyCorpus, scratchDir } from '../helpers/corpus.js';
import { answerFingerprint, besideIndex, copyIndex, snapshot } from './indexFixture.js';

/**
 * Every file of the saved index × every fault (deleted, truncated, a byte flipped): with the
 * default policy the index is rebuilt, with `onUnusable: 'refuse'` it is refused with an error
 * naming the file — never served with different answers, never a crash.
 */

interface Fault {
  name: string;
  apply(path: string): void;
}

function faultsFor(file: string, size: number): Fault[] {
  const truncate = (name: string, length: number): Fault => ({ name, apply: (path) => writeFileSync(path, readFileSync(path).subarray(0, length)) });
  const flip = (position: number): Fault => ({
    name: `byte ${position} of ${size} flipped`,
    apply: (path) => {
      const bytes = readFileSync(path);
      bytes[position] ^= 0xff;
      writeFileSync(path, bytes);
    },
  });
  const random = seededRandom([...file].reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  const positions = new Set([0, size - 1, ...Array.from({ length: 6 }, () => Math.floor(random() * size))]);
  return [
    { name: 'deleted', apply: (path) => rmSync(path) },
    truncate('truncated to 0 bytes', 0),
    truncate('truncated to half', Math.floor(size / 2)),
    truncate('last 8 bytes cut', size - 8),
    ...[...positions].sort((a, b) => a - b).map(flip),
  ];
}

const FILES = Object.values(INDEX_FILES);
let root: string;
let corpusDir: string;
let pristine: string;
let expected: string[][];
let cleanup: () => void;
const sizes = new Map<string, number>();
let caseCount = 0;

beforeAll(async () => {
  ({ dir: root, cleanup } = scratchDir());
  corpusDir = copyCorpus(root);
  pristine = join(root, 'pristine', 'index');
  const built = await rebuildIndex(corpusDir, pristine, undefined, undefined, { log: () => undefined });
  expected = await answerFingerprint(built.retriever);
  for (const file of FILES) sizes.set(file, readFileSync(join(pristine, file)).length);
});
afterAll(() => cleanup());

function damagedCopy(file: string, fault: Fault): string {
  caseCount += 1;
  const dataDir = copyIndex(pristine, join(root, `case-${caseCount}`, 'index'));
  fault.apply(join(dataDir, file));
  return dataDir;
}

describe('a damaged index file is refused when asked to, naming the file and what to do', () => {
  for (const file of FILES) {
    it(`${file}: every fault refused, nothing changed`, async () => {
      const outcomes: string[] = [];
      for (const fault of faultsFor(file, sizes.get(file)!)) {
        const dataDir = damagedCopy(file, fault);
        const before = snapshot(dataDir);
        const error = await loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: () => undefined }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${file} ${fault.name}`).toBeInstanceOf(IndexError);
        const { code, file: named, message } = error as IndexError;
        expect({ fault: fault.name, code, named }).toEqual({ fault: fault.name, code: 'INDEX_CORRUPT', named: file });
        expect(message).toContain(file);
        expect(message).toContain('npm run index');
        expect(snapshot(dataDir)).toEqual(before);
        expect(besideIndex(dataDir)).toEqual([]);
        outcomes.push(fault.name);
      }
      expect(outcomes.length).toBeGreaterThanOrEqual(9);
    });
  }
});

describe('a damaged index file is rebuilt by default, saying which file, and answers as before', () => {
  for (const file of FILES) {
    for (const faultName of ['deleted', 'truncated to half', 'flipped']) {
      it(`${file} ${faultName}`, async () => {
        const size = sizes.get(file)!;
        const faults = faultsFor(file, size);
        // The flip: the seeded position in the middle of the list, not the first or last byte.
        const fault = faultName === 'flipped' ? faults[4 + Math.floor((faults.length - 4) / 2)] : faults.find((f) => f.name === faultName)!;
        const dataDir = damagedCopy(file, fault);
        const messages: string[] = [];
        const loaded = await loadIndex({ corpusDir, dataDir, log: (m) => messages.push(m) });
        expect(messages).toEqual([expect.stringMatching(new RegExp(`är skadat: ${file.replace('.', '\\.')} .*; bygger om det`))]);
        expect(await answerFingerprint(loaded.retriever)).toEqual(expected);
        // What is on disk now is a complete index that reads back without a rebuild.
        expect(await answerFingerprint(readIndex(dataDir).retriever)).toEqual(expected);
        expect(besideIndex(dataDir)).toEqual([]);
      });
    }
  }
});

describe('a missing index is built', () => {
  it('an empty folder or none at all: built with a note, not called damaged', async () => {
    for (const prepare of [(dir: string) => rmSync(dir, { recursive: true }), (dir: string) => FILES.forEach((f) => rmSync(join(dir, f)))]) {
      caseCount += 1;
      const dataDir = copyIndex(pristine, join(root, `case-${caseCount}`, 'index'));
      prepare(dataDir);
      const messages: string[] = [];
      const loaded = await loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: (m) => messages.push(m) });
      expect(messages).toEqual([expect.stringContaining('Inget index')]);
      expect(await answerFingerprint(loaded.retriever)).toEqual(expected);
    }
  });
});
