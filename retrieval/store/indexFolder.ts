import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IndexError } from '../errors.js';
import { failpoint } from './failpoint.js';
import { errnoCode, writeFailure } from './fsFailure.js';
import type { IndexLock } from './indexLock.js';
import { INDEX_FILES } from './manifest.js';

/**
 * Writing the index folder so that a reader — or the next start after a `kill -9` — only ever
 * finds a complete index or none: the files go into a fresh sibling folder (`index.tmp-…`), the
 * current folder is renamed aside (`index.old-…`), the new one renamed into place, the old one
 * removed. Everything here runs under the build lock.
 */

/** Names a build leaves beside the index folder while it runs; anything matching is a leftover once the lock is free. */
function leftoverPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}\\.(tmp|old)-\\d+(-[0-9a-f]+)?$|^${escaped}\\.lock\\.stale-\\d+-[0-9a-f]+$`);
}

/** Files an index folder may hold: the index itself and the read copies older versions left in it. */
const INDEX_FOLDER_ENTRY = new RegExp(`^(${Object.values(INDEX_FILES).map((f) => f.replace('.', '\\.')).join('|')}|hnsw\\.bin\\.read-\\d+)$`);

/** Leftovers of interrupted builds beside `dataDir` (staging folders, folders moved aside, broken locks). */
export function findLeftovers(dataDir: string): string[] {
  const parent = dirname(dataDir);
  const pattern = leftoverPattern(basename(dataDir));
  try {
    return readdirSync(parent)
      .filter((name) => pattern.test(name))
      .map((name) => join(parent, name));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw writeFailure(error, 'läsa mappen', parent);
  }
}

/**
 * After an interrupted build (call with the lock held): puts the previous index back if the build
 * was killed between moving it aside and moving the new one in, then removes the leftovers.
 */
export function recoverInterruptedBuild(dataDir: string, log: (message: string) => void): void {
  const leftovers = findLeftovers(dataDir);
  if (leftovers.length === 0) return;
  const setAside = leftovers.filter((path) => /\.old-[^/\\]+$/.test(path));
  if (!existsSync(dataDir) && setAside.length > 0) {
    const newest = setAside.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    try {
      renameSync(newest, dataDir);
    } catch (error) {
      throw writeFailure(error, 'återställa det förra indexet', dirname(dataDir));
    }
    log(`Ett avbrutet indexbygge hade flyttat undan indexet; återställde det från ${newest}.`);
  }
  const removed: string[] = [];
  for (const path of findLeftovers(dataDir)) {
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(basename(path));
    } catch (error) {
      log(`Kunde inte ta bort ${path} (${errnoCode(error) ?? String(error)}); den lämnas orörd och används inte.`);
    }
  }
  if (removed.length > 0) log(`Tog bort rester av avbrutna indexbyggen: ${removed.join(', ')}.`);
}

function writeDurably(path: string, data: Buffer | string): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (new files, renames) to disk, so a power cut cannot undo the swap. */
function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Windows cannot open or fsync a folder; everywhere else this is a real failure.
    if (process.platform !== 'win32') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Refuses to replace a folder that holds anything but index files: PLANBOTEN_DATA_DIR may point at the wrong place. */
function assertReplaceable(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  if (!lstatSync(dataDir).isDirectory()) {
    throw new IndexError('INDEX_WRITE_FAILED', `${dataDir} är ingen mapp; Planboten ersätter den inte. Ta bort den eller välj en annan mapp med PLANBOTEN_DATA_DIR.`);
  }
  const foreign = readdirSync(dataDir).filter((name) => !INDEX_FOLDER_ENTRY.test(name));
  if (foreign.length > 0) {
    throw new IndexError(
      'INDEX_WRITE_FAILED',
      `Mappen ${dataDir} innehåller filer som inte hör till ett index (${foreign.slice(0, 5).join(', ')}); Planboten ersätter den inte. Flytta filerna eller välj en annan mapp med PLANBOTEN_DATA_DIR.`,
    );
  }
}

/**
 * Writes `files` (name → content; the manifest last, so a staging folder with a manifest is
 * complete) as the new index folder `dataDir`, replacing the current one in two renames.
 */
export function writeIndexFolder(dataDir: string, files: [string, Buffer | string][], lock: IndexLock, log: (message: string) => void): void {
  const parent = dirname(dataDir);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(parent, `${basename(dataDir)}.tmp-${tag}`);
  const setAside = join(parent, `${basename(dataDir)}.old-${tag}`);
  let movedAside = false;
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(staging);
    files.forEach(([name, data], i) => {
      writeDurably(join(staging, name), data);
      if (i === 0) failpoint('staging-partial');
    });
    syncFolder(staging);
    failpoint('staged');
    assertReplaceable(dataDir);
    lock.assertHeld();
    if (existsSync(dataDir)) {
      renameSync(dataDir, setAside);
      movedAside = true;
      failpoint('old-moved');
    }
    renameSync(staging, dataDir);
    syncFolder(parent);
    failpoint('swapped');
  } catch (error) {
    // Leave things as they were: the previous index in place, no staging folder. What cannot be
    // undone here is undone by recoverInterruptedBuild at the next build.
    try {
      if (movedAside && !existsSync(dataDir)) renameSync(setAside, dataDir);
      rmSync(staging, { recursive: true, force: true });
    } catch (undoError) {
      log(`Kunde inte städa efter det misslyckade bygget (${errnoCode(undoError) ?? String(undoError)}); nästa bygge gör det.`);
    }
    throw writeFailure(error, 'skriva indexet', parent);
  }
  if (movedAside) {
    try {
      rmSync(setAside, { recursive: true, force: true });
    } catch (error) {
      log(`Det nya indexet är på plats, men det förra i ${setAside} gick inte att ta bort (${errnoCode(error) ?? String(error)}); nästa bygge försöker igen.`);
    }
  }
}
