import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexError } from '../../../retrieval/errors.js';
import { loadIndex, readIndex, rebuildIndex } from '../../../retrieval/store/indexStore.js';
import { INDEX_FILES, sealManifest, type IndexManifest } from '../../../retrieval/store/manifest.js';
import { copyCorpus, scratchDir } from '../../helpers/corpus.js';

let root: string;
let corpusDir: string;
let cleanup: () => void;
const quiet = () => undefined;

beforeAll(() => {
  const scratch = scratchDir();
  root = scratch.dir;
  cleanup = scratch.cleanup;
  corpusDir = copyCorpus(root);
});
afterAll(() => cleanup());

async function expectIndexError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).code).toBe(code);
  expect((error as Error).message).toContain('npm run index');
}

describe('saved index', () => {
  it('builds a missing index on first use and records corpus hash, embedder and dimensions', async () => {
    const dataDir = join(root, 'first-use');
    const messages: string[] = [];
    const { manifest, retriever } = await loadIndex({ corpusDir, dataDir, log: (m) => messages.push(m) });
    expect(messages[0]).toContain('Inget index');
    expect(manifest.corpusHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.embedder).toEqual({ id: retriever.embedder.id, provider: 'local', model: retriever.embedder.id, dimensions: retriever.embedder.dimensions });
    expect(manifest.chunkCount).toBe(retriever.chunks.length);
    expect(JSON.parse(readFileSync(join(dataDir, INDEX_FILES.manifest), 'utf8')).chunkCount).toBe(manifest.chunkCount);
  });

  it('serves the same results after a reload, with the same chunk ids as a fresh build', async () => {
    const dataDir = join(root, 'reload');
    const built = await rebuildIndex(corpusDir, dataDir);
    const read = readIndex(dataDir);
    expect(read.retriever.chunks.map((c) => c.id)).toEqual(built.retriever.chunks.map((c) => c.id));
    const question = 'hur många ambassadörer har förbundet';
    const ids = async (r: typeof read.retriever) => (await r.search(question, { limit: 5 })).map((p) => p.chunk.id);
    expect(await ids(read.retriever)).toEqual(await ids(built.retriever));
    const rebuilt = await rebuildIndex(corpusDir, dataDir);
    expect(rebuilt.retriever.chunks.map((c) => c.id)).toEqual(built.retriever.chunks.map((c) => c.id));
  });

  it('rebuilds a stale index when the texts change, or refuses it when asked to', async () => {
    const scratch = scratchDir();
    try {
      const ownCorpus = copyCorpus(scratch.dir);
      const dataDir = join(scratch.dir, 'index');
      const before = await rebuildIndex(ownCorpus, dataDir);
      appendFileSync(join(ownCorpus, 'prioriterade-omraden-2020.txt'), '\nNytt stycke om medlemsvärvning i regionerna.\n');
      await expectIndexError(loadIndex({ corpusDir: ownCorpus, dataDir, onUnusable: 'refuse', log: quiet }), 'INDEX_STALE');
      const messages: string[] = [];
      const after = await loadIndex({ corpusDir: ownCorpus, dataDir, log: (m) => messages.push(m) });
      expect(messages[0]).toContain('inaktuellt');
      expect(after.manifest.corpusHash).not.toBe(before.manifest.corpusHash);
    } finally {
      scratch.cleanup();
    }
  });

  it('rebuilds a damaged index file, naming it, or refuses it when asked to', async () => {
    const dataDir = join(root, 'corrupt');
    await rebuildIndex(corpusDir, dataDir);
    const hnsw = join(dataDir, INDEX_FILES.hnsw);
    writeFileSync(hnsw, readFileSync(hnsw).subarray(0, 100));
    await expectIndexError(loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: quiet }), 'INDEX_CORRUPT');
    const messages: string[] = [];
    const rebuilt = await loadIndex({ corpusDir, dataDir, log: (m) => messages.push(m) });
    expect(messages).toEqual([expect.stringContaining('hnsw.bin stämmer inte med sin kontrollsumma')]);
    expect(readIndex(dataDir).manifest.checksums).toEqual(rebuilt.manifest.checksums);
  });

  it('refuses a manifest that is not JSON', async () => {
    const dataDir = join(root, 'bad-manifest');
    await rebuildIndex(corpusDir, dataDir);
    writeFileSync(join(dataDir, INDEX_FILES.manifest), '{"format": 1, "corpusHash": ');
    await expectIndexError(loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: quiet }), 'INDEX_CORRUPT');
  });

  it('rebuilds an index made with another embedder, saying what differs', async () => {
    const dataDir = join(root, 'other-embedder');
    await rebuildIndex(corpusDir, dataDir);
    // A consistent manifest from another embedder (sealed again), not a damaged one.
    const path = join(dataDir, INDEX_FILES.manifest);
    const { selfChecksum: _seal, ...manifest } = JSON.parse(readFileSync(path, 'utf8')) as IndexManifest & { selfChecksum: string };
    writeFileSync(path, sealManifest({ ...manifest, embedder: { ...manifest.embedder, id: 'openai:text-embedding-3-small' } }));
    const messages: string[] = [];
    await expectIndexError(loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: quiet }), 'INDEX_MISMATCH');
    const reloaded = await loadIndex({ corpusDir, dataDir, log: (m) => messages.push(m) });
    expect(messages[0]).toContain('openai:text-embedding-3-small');
    expect(reloaded.manifest.embedder.id).toMatch(/^local-lsa@/);
  });
});

describe('saved index with a hosted embedder', () => {
  it('records provider, model and dimensions, and says exactly what differs when the embedder changes', async () => {
    const { FakeEmbeddings } = await import('@langchain/core/utils/testing');
    const { LangchainEmbedder } = await import('../../../retrieval/embedding/providers/langchainEmbedder.js');
    const hosted = await LangchainEmbedder.create(new FakeEmbeddings(), { id: 'openai:text-embedding-3-small' });
    const dataDir = join(root, 'hosted');
    const built = await loadIndex({ corpusDir, dataDir, embedder: hosted, log: quiet });
    expect(built.manifest.embedder).toEqual({ id: 'openai:text-embedding-3-small', provider: 'openai', model: 'text-embedding-3-small', dimensions: hosted.dimensions });
    expect((await built.retriever.search('hyvling', { limit: 1 }))[0].chunk.text).toContain('hyvling');
    const error = await loadIndex({ corpusDir, dataDir, onUnusable: 'refuse', log: quiet }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as Error).message).toContain('openai:text-embedding-3-small (leverantör openai, modell text-embedding-3-small');
    expect((error as Error).message).toContain('den lokala modellen local-lsa@');
  });
});
