import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError } from '../../../retrieval/errors.js';
import { acquireIndexLock, lockPathFor, tryAcquireIndexLock } from '../../../retrieval/store/indexLock.js';
import { scratchDir } from '../../helpers/corpus.js';

let dir: string;
let cleanup: () => void;
let dataDir: string;
beforeEach(() => {
  ({ dir, cleanup } = scratchDir());
  dataDir = join(dir, 'data', 'index');
});
afterEach(() => cleanup());

/** The pid of a process that has certainly exited (a lock left by it is stale). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(result.stdout);
}

function writeLock(owner: object | string): void {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(lockPathFor(dataDir), typeof owner === 'string' ? owner : JSON.stringify(owner));
}

const owner = (pid: number, host = hostname()) => ({ pid, hostname: host, token: 'abc', createdAt: new Date().toISOString(), purpose: 'bygger indexet' });

describe('build lock', () => {
  it('is exclusive: a second taker waits until the first lets go, and says whom it waits for', async () => {
    const messages: string[] = [];
    const first = await acquireIndexLock(dataDir, { log: () => undefined });
    expect(first.waited).toBe(false);
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(tryAcquireIndexLock(dataDir)).toBeUndefined();
    let secondHasIt = false;
    const second = acquireIndexLock(dataDir, { log: (m) => messages.push(m), pollMs: 20 }).then((r) => {
      secondHasIt = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(secondHasIt).toBe(false);
    expect(messages).toEqual([expect.stringContaining(`process ${process.pid}`)]);
    first.lock.release();
    const { lock, waited } = await second;
    expect(waited).toBe(true);
    lock.release();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
  });

  it('breaks a lock left by a process that no longer runs (kill -9), and only that', async () => {
    writeLock(owner(deadPid()));
    const messages: string[] = [];
    const { lock, waited } = await acquireIndexLock(dataDir, { log: (m) => messages.push(m), timeoutMs: 1_000 });
    expect(waited).toBe(false);
    expect(messages).toEqual([expect.stringMatching(/övergivet bygglås .*finns inte längre/)]);
    lock.release();
    // No graves of broken locks are left beside the folder.
    expect(readdirSync(join(dir, 'data'))).toEqual([]);
  });

  it('waits for a live holder, then gives up with a message naming the lock file and the holder', async () => {
    writeLock(owner(process.ppid));
    const error = await acquireIndexLock(dataDir, { log: () => undefined, timeoutMs: 200, pollMs: 20 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).code).toBe('INDEX_LOCKED');
    expect((error as Error).message).toContain(lockPathFor(dataDir));
    expect((error as Error).message).toContain(`process ${process.ppid}`);
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')).pid).toBe(process.ppid);
  });

  it('breaks an unreadable lock file only after it has stayed unchanged for a while', async () => {
    writeLock('');
    const early = await acquireIndexLock(dataDir, { log: () => undefined, timeoutMs: 100, pollMs: 20, unreadableStaleMs: 10_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((early as IndexError).code).toBe('INDEX_LOCKED');
    const { lock } = await acquireIndexLock(dataDir, { log: () => undefined, pollMs: 20, unreadableStaleMs: 150 });
    lock.release();
  });

  it('a lock from another host is stale only once it stops being refreshed', async () => {
    writeLock(owner(12345, 'other-host.example'));
    const path = lockPathFor(dataDir);
    // Refreshed by its holder while we wait: never stale.
    let tick = 0;
    const refresher = setInterval(() => {
      tick += 1;
      utimesSync(path, new Date(), new Date(Date.now() + tick * 1000));
    }, 20);
    const refreshed = await acquireIndexLock(dataDir, { log: () => undefined, timeoutMs: 300, pollMs: 30, foreignStaleMs: 150 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    clearInterval(refresher);
    expect((refreshed as IndexError).code).toBe('INDEX_LOCKED');
    const { lock } = await acquireIndexLock(dataDir, { log: () => undefined, pollMs: 30, foreignStaleMs: 150 });
    lock.release();
  });

  it('never removes a lock that is no longer its own, and a holder that lost its lock cannot go on', async () => {
    const { lock } = await acquireIndexLock(dataDir, { log: () => undefined });
    writeLock(owner(process.ppid));
    expect(() => lock.assertHeld()).toThrow(/togs över/);
    const messages: string[] = [];
    const taken = await acquireIndexLock(dataDir, { log: (m) => messages.push(m), timeoutMs: 50, pollMs: 10 }).catch((e: unknown) => e);
    expect((taken as IndexError).code).toBe('INDEX_LOCKED');
    lock.release();
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')).pid).toBe(process.ppid);
  });
});
