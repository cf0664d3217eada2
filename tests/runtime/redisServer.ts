import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/freePort.js';

/**
 * A real redis-server (Debian's package) for the tests and the bench (no vitest here: the bench
 * imports it outside a test run; the describe-block hook is in `testRedisClient.ts`): on a free port, in a temp folder, no
 * persistence to the repository. `.ci/run` installs the package and sets PLANBOTEN_REQUIRE_REDIS,
 * so under CI a missing redis-server fails the tests instead of skipping them.
 */
export const REDIS_BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/** Whether redis-server can run here. */
export function redisInstalled(): boolean {
  return spawnSync(REDIS_BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Under CI (CI=true or PLANBOTEN_REQUIRE_REDIS=1) Redis tests must run, never skip. */
export function redisRequired(): boolean {
  return process.env.CI === 'true' || process.env.PLANBOTEN_REQUIRE_REDIS === '1';
}

/** Whether to skip the Redis tests: only outside CI, and only when redis-server is missing. */
export function skipRedisTests(): boolean {
  return !redisInstalled() && !redisRequired();
}

export interface RunningRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: as abrupt as a crash or a lost network) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port (the data of a killed server is gone; nothing is saved). */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>;
}

/** Starts redis-server on a free port and waits until it accepts connections. */
export async function startRedis(): Promise<RunningRedis> {
  if (!redisInstalled()) throw new Error(`${REDIS_BINARY} is not installed (apt-get install redis-server); .ci/run installs it`);
  const dir = mkdtempSync(join(tmpdir(), 'planboten-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(REDIS_BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      proc.stdout!.on('data', (d) => {
        out += String(d);
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${out}`));
      });
    });
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: launch,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A Redis for tests that never stop it: the one `.ci/run` started (PLANBOTEN_TEST_REDIS_URL), or
 * one of their own. Tests keep apart by key prefix.
 */
export async function testRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.PLANBOTEN_TEST_REDIS_URL;
  if (given) return { url: given, stop: async () => undefined };
  const own = await startRedis();
  return { url: own.url, stop: own.stop };
}
