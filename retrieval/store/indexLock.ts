import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { IndexError } from '../errors.js';
import { errnoCode, writeFailure } from './fsFailure.js';

/**
 * One builder per index folder, across processes: a lock file beside the folder
 * (`data/index.lock`), created with an exclusive open so exactly one process gets it, holding the
 * owner's pid and host. A lock whose owner is gone (`kill -9`, a crash) is noticed and broken:
 * on this host by the pid no longer running, from another host (a shared volume) by the file not
 * being refreshed, and an unreadable lock file by not changing for a few seconds.
 */

const lockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  token: z.string().min(1),
  createdAt: z.string(),
  purpose: z.string(),
});
export type LockOwner = z.infer<typeof lockOwnerSchema>;

export interface IndexLock {
  readonly path: string;
  /** Throws `INDEX_LOCKED` if the lock file is no longer this holder's (it was broken as stale). */
  assertHeld(): void;
  /** Marks the lock as alive for waiters on other hosts; cheap, call it between long steps. */
  touch(): void;
  /** Removes the lock file if it is still this holder's; safe to call twice. */
  release(): void;
}

export interface AcquireOptions {
  /** What the holder does, shown to processes that wait ("bygger indexet"). */
  purpose?: string;
  log?: (message: string) => void;
  /** How long to wait for a live holder before giving up; 10 minutes by default (a hosted embedder can be slow). */
  timeoutMs?: number;
  pollMs?: number;
  /** A lock from another host that has not been refreshed for this long is stale; 2 minutes by default. */
  foreignStaleMs?: number;
  /** A lock file that cannot be parsed and does not change for this long is stale; 5 seconds by default. */
  unreadableStaleMs?: number;
}

const HEARTBEAT_MS = 10_000;

/** The lock file of an index folder: beside it, because the folder itself is swapped whole. */
export function lockPathFor(dataDir: string): string {
  return `${dataDir}.lock`;
}

type Attempt = { acquired: IndexLock } | { held: { text: string; owner?: LockOwner; signature: string } } | { retry: true };

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(error) === 'EPERM';
  }
}

function createLock(path: string, owner: LockOwner, log: (message: string) => void): IndexLock {
  const text = JSON.stringify(owner);
  let released = false;
  let heartbeatFailed = false;
  const touch = () => {
    if (released) return;
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch (error) {
      // Not fatal: assertHeld() before the swap decides whether the lock is still ours.
      if (!heartbeatFailed) log(`Kunde inte förnya låset ${path} (${errnoCode(error) ?? String(error)}).`);
      heartbeatFailed = true;
    }
  };
  const heartbeat = setInterval(touch, HEARTBEAT_MS);
  heartbeat.unref();
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    process.removeListener('exit', release);
    let current: string;
    try {
      current = readFileSync(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') log(`Kunde inte läsa låset ${path} vid frigörandet (${errnoCode(error) ?? String(error)}).`);
      return;
    }
    if (current !== text) {
      log(`Låset ${path} hade tagits över av en annan process; lämnar det orört.`);
      return;
    }
    try {
      rmSync(path, { force: true });
    } catch (error) {
      log(`Kunde inte ta bort låset ${path} (${errnoCode(error) ?? String(error)}); nästa start ser att processen är borta.`);
    }
  };
  // A build that ends through process.exit() still frees the lock; a kill -9 is caught as stale.
  process.on('exit', release);
  return {
    path,
    touch,
    release,
    assertHeld: () => {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // Missing or unreadable: not ours any more, reported below.
      }
      if (current !== text) {
        throw new IndexError('INDEX_LOCKED', `Låset ${path} togs över av en annan process medan indexet byggdes; bygget avbröts utan att ändra indexet.`);
      }
    },
  };
}

function attempt(path: string, purpose: string, log: (message: string) => void): Attempt {
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), token: randomBytes(8).toString('hex'), createdAt: new Date().toISOString(), purpose };
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw writeFailure(error, 'skapa byggläset', dirname(path));
    return inspectHeld(path);
  }
  try {
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw writeFailure(error, 'skriva byggläset', dirname(path));
  }
  closeSync(fd);
  return { acquired: createLock(path, owner, log) };
}

function inspectHeld(path: string): Attempt {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(path, 'utf8');
    mtimeMs = statSync(path).mtimeMs;
  } catch (error) {
    // Released between our open and our read: try again at once.
    if (errnoCode(error) === 'ENOENT') return { retry: true };
    throw writeFailure(error, 'läsa byggläset', dirname(path));
  }
  let owner: LockOwner | undefined;
  try {
    const parsed = lockOwnerSchema.safeParse(JSON.parse(text));
    owner = parsed.success ? parsed.data : undefined;
  } catch {
    owner = undefined; // not JSON: judged by the unreadable-lock rule below
  }
  return { held: { text, owner, signature: `${mtimeMs}:${text}` } };
}

/**
 * Moves a stale lock out of the way. Renaming is atomic, so of several processes breaking the
 * same stale lock only one succeeds; if what it moved turns out not to be the stale lock (a new
 * owner took the place in between), it is put back.
 */
function breakStaleLock(path: string, staleText: string, log: (message: string) => void, reason: string): void {
  const grave = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, grave);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw writeFailure(error, 'ta bort ett övergivet bygglås', dirname(path));
  }
  const moved = readFileSync(grave, 'utf8');
  if (moved !== staleText) {
    try {
      linkSync(grave, path);
    } catch (error) {
      // EEXIST: yet another owner is in place; the moved owner's assertHeld() stops its swap.
      if (errnoCode(error) !== 'EEXIST') throw writeFailure(error, 'lägga tillbaka byggläset', dirname(path));
    }
    rmSync(grave, { force: true });
    return;
  }
  rmSync(grave, { force: true });
  log(`Tog bort ett övergivet bygglås ${path} (${reason}).`);
}

function staleReason(
  held: { owner?: LockOwner; signature: string },
  firstSeen: Map<string, number>,
  options: Required<Pick<AcquireOptions, 'foreignStaleMs' | 'unreadableStaleMs'>>,
): string | undefined {
  const seenAt = firstSeen.get(held.signature) ?? Date.now();
  firstSeen.set(held.signature, seenAt);
  const unchangedFor = Date.now() - seenAt;
  if (!held.owner) return unchangedFor >= options.unreadableStaleMs ? 'låsfilen går inte att läsa' : undefined;
  if (held.owner.hostname === hostname()) return isRunning(held.owner.pid) ? undefined : `process ${held.owner.pid} finns inte längre`;
  return unchangedFor >= options.foreignStaleMs ? `låset från ${held.owner.hostname} har inte förnyats på ${Math.round(unchangedFor / 1000)} s` : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the build lock of `dataDir`, waiting while another live process holds it. Throws
 * `INDEX_READ_ONLY` when the lock cannot be created (read-only folder) and `INDEX_LOCKED` after
 * `timeoutMs` of waiting. Returns `waited: true` if another process held it first.
 */
export async function acquireIndexLock(dataDir: string, options: AcquireOptions = {}): Promise<{ lock: IndexLock; waited: boolean }> {
  const path = lockPathFor(dataDir);
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const rules = { foreignStaleMs: options.foreignStaleMs ?? 120_000, unreadableStaleMs: options.unreadableStaleMs ?? 5_000 };
  const deadline = Date.now() + timeoutMs;
  const firstSeen = new Map<string, number>();
  let waited = false;
  for (;;) {
    const result = attempt(path, options.purpose ?? 'bygger indexet', log);
    if ('acquired' in result) return { lock: result.acquired, waited };
    if ('retry' in result) continue;
    const { held } = result;
    const stale = staleReason(held, firstSeen, rules);
    if (stale) {
      breakStaleLock(path, held.text, log, stale);
      continue;
    }
    const who = held.owner ? `process ${held.owner.pid} på ${held.owner.hostname} (${held.owner.purpose}, sedan ${held.owner.createdAt})` : 'en okänd process';
    if (!waited) log(`Väntar: ${who} håller låset ${path} ...`);
    waited = true;
    if (Date.now() >= deadline) {
      throw new IndexError(
        'INDEX_LOCKED',
        `Väntade ${Math.round(timeoutMs / 1000)} s på låset ${path}, som hålls av ${who}. Om ingen sådan process bygger indexet: ta bort filen och starta igen.`,
      );
    }
    await sleep(options.pollMs ?? 100);
  }
}

/**
 * Takes the build lock only if it is free (or stale) right now; `undefined` when a live process
 * holds it. Throws `INDEX_READ_ONLY` when the lock cannot be created.
 */
export function tryAcquireIndexLock(dataDir: string, options: Pick<AcquireOptions, 'purpose' | 'log'> = {}): IndexLock | undefined {
  const path = lockPathFor(dataDir);
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  // A few rounds: after breaking a stale lock, or when the holder let go between open and read.
  for (let round = 0; round < 3; round += 1) {
    const result = attempt(path, options.purpose ?? 'städar', log);
    if ('acquired' in result) return result.acquired;
    if ('retry' in result) continue;
    const stale = staleReason(result.held, new Map(), { foreignStaleMs: Infinity, unreadableStaleMs: Infinity });
    if (!stale) return undefined;
    breakStaleLock(path, result.held.text, log, stale);
  }
  return undefined;
}
