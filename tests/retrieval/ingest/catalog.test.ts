import { renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../retrieval/ingest/catalog.js';
import { CatalogError } from '../../../retrieval/errors.js';
import { copyCorpus, scratchDir } from '../../helpers/corpus.js';

let corpus: string;
let cleanup: () => void;
beforeEach(() => {
  const scratch = scratchDir();
  cleanup = scratch.cleanup;
  corpus = copyCorpus(scratch.dir);
});
afterEach(() => cleanup());

function expectCatalogError(code: string, mentions: string) {
  try {
    loadCatalog(corpus);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).code).toBe(code);
    expect((error as Error).message).toContain(mentions);
    return;
  }
  throw new Error('expected a CatalogError');
}

describe('loadCatalog', () => {
  it('describes every plan with issuer, period, kind, status and supersession', () => {
    const catalog = loadCatalog(corpus);
    const current = catalog.documents.find((d) => d.status === 'current');
    expect(current).toMatchObject({ id: 'vp-2025-2029', period: '2025–2029', kind: 'verksamhetsplan', supersedes: ['vp-2021-2025'] });
    expect(catalog.documents.find((d) => d.id === 'sthlm-2018')).toMatchObject({ issuer: 'Seko Stockholm', kind: 'regional plan' });
  });

  it('names a text file that has no catalog entry', () => {
    writeFileSync(join(corpus, 'ny-plan.txt'), 'Rubrik\nText.\n');
    expectCatalogError('CATALOG_ENTRY_MISSING', 'ny-plan.txt');
  });

  it('names a catalog entry whose file is missing', () => {
    rmSync(join(corpus, 'prioriterade-omraden-2020.txt'));
    expectCatalogError('CATALOG_FILE_MISSING', 'prio-2020');
  });

  it('rejects malformed JSON and invalid fields with the reason', () => {
    const path = join(corpus, 'catalog.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.slice(0, 100));
    expectCatalogError('CATALOG_INVALID', 'JSON');
    writeFileSync(path, original.replace('"status": "current"', '"status": "aktuell"'));
    expectCatalogError('CATALOG_INVALID', 'status');
    writeFileSync(path, original.replace('"supersedes": ["vp-2021-2025"]', '"supersedes": ["vp-2017-2021"]'));
    expectCatalogError('CATALOG_INVALID', 'vp-2017-2021');
  });

  it('does not depend on file names: a renamed file with an updated entry loads', () => {
    renameSync(join(corpus, 'prioriterade-omraden-2020.txt'), join(corpus, 'x.txt'));
    const path = join(corpus, 'catalog.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"prioriterade-omraden-2020.txt"', '"x.txt"'));
    expect(loadCatalog(corpus).documents.map((d) => d.file)).toContain('x.txt');
  });
});
