import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** A server process under load. */
export interface ServerHandle {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn until it answered `readyPath` with 200. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns a server process that prints `lyssnar på <url> —` on stderr, and waits until `readyPath`
 * answers 200 (the index loaded). Its stderr (request logs included) is read and dropped, as a log
 * collector would.
 */
export async function spawnServer(args: string[], env: NodeJS.ProcessEnv, readyPath = '/'): Promise<ServerHandle> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.slice(-2000)}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.slice(-2000)}`)));
    child.stderr!.on('data', (d) => {
      if (stderr.length < 100_000) stderr += String(d);
      const match = /lyssnar på (http:\/\/[^\s]+) —/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  for (;;) {
    const response = await fetch(`${url}${readyPath}`, { method: readyPath === '/' ? 'POST' : 'GET', body: readyPath === '/' ? '{}' : undefined }).catch(() => undefined);
    if (response?.status === 200) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    url,
    readyMs,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process, from /proc. */
export function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p975: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/**
 * autocannon against `url` with the given requests (cycled), `connections` at once for `seconds`,
 * after a short warm-up (JIT, caches) that is not counted. Percentiles are exact, from every
 * response's time.
 */
export async function measureLoad(url: string, requests: autocannon.Request[], connections: number, seconds: number): Promise<LoadResult> {
  await new Promise((resolve, reject) => autocannon({ url, connections, duration: 2, requests }, (error, r) => (error ? reject(error) : resolve(r))));
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, requests }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: percentile(times, 50),
    p975: percentile(times, 97.5),
    p99: percentile(times, 99),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
