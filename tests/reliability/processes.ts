import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { freePort } from '../helpers/freePort.js';

/**
 * Child processes for the reliability tests: the server and `npm run index`, run the way a
 * deployment runs them, each with its own data folder and port.
 */

/**
 * The server entry. The one place to change when `npm start` moves to the compiled build
 * (e.g. `[process.execPath, [join(PROJECT_ROOT, 'dist/scripts/start.js')]]`): node itself is
 * spawned, never npm, so signals reach the server directly.
 */
export function serverCommand(): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/start.ts')]];
}

/** `npm run index`, without npm in between (a `kill -9` must hit the process that writes). */
export function indexCommand(): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/index.ts')]];
}

export interface RunningChild {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the output matches; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Run as another user (the read-only tests run as `nobody` when the suite runs as root). */
  user?: { uid: number; gid: number };
}

/** The test runner's environment without Planboten's own settings, so a child sees only what a test gives it. */
function baseEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(PLANBOTEN_|PORT$|HOST$|LLM_|EMBEDDINGS_|REDIS_|FEEDBACK_)/.test(entry[0])),
  );
}

/** Spawns `[command, args]` from the project root and collects its output. */
export function spawnChild([command, args]: [string, string[]], options: SpawnOptions = {}): RunningChild {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...baseEnv(), LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.user?.uid,
    gid: options.user?.gid,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const collect = (data: Buffer) => {
    text += data.toString('utf8');
    listeners.forEach((listener) => listener());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => text,
    exited,
    waitForOutput: (pattern, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          finish();
          resolve();
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${text}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          finish();
          if (pattern.test(text)) resolve();
          else reject(new Error(`exited (${code ?? signal}) before ${pattern}; output:\n${text}`));
        });
        check();
      }),
  };
}

export interface ServerProcess extends RunningChild {
  url: string;
  /** Resolves when `/readyz` says the index is loaded; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, as a deployment stops it; resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Starts the real server on a free port with the given data folder (and corpus, if not the project's). */
export async function startServerProcess(options: { dataDir: string; corpusDir?: string; env?: Record<string, string>; user?: SpawnOptions['user'] }): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = spawnChild(serverCommand(), {
    user: options.user,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PLANBOTEN_DATA_DIR: options.dataDir,
      ...(options.corpusDir ? { PLANBOTEN_CORPUS_DIR: options.corpusDir } : {}),
      // Feedback stays in memory: a test never writes into the project's data/ folder.
      FEEDBACK_STORE: 'memory',
      // Load tests come from one address; the limiter is tested elsewhere.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
      ...options.env,
    },
  });
  let exited = false;
  running.exited.then(() => (exited = true));
  const ready = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the server exited before it was ready; output:\n${running.output()}`);
      const status = await fetch(`${url}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server was not ready within ${timeoutMs} ms; output:\n${running.output()}`);
  };
  const stop = async () => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGTERM');
    return (await running.exited).code;
  };
  return { ...running, url, ready, stop };
}

/**
 * Starts several servers at once and waits until each is ready; if one fails, the others are
 * stopped before the error is passed on, so no test leaves a server holding a port.
 */
export async function startReadyServers(servers: Array<Parameters<typeof startServerProcess>[0]>, timeoutMs?: number): Promise<ServerProcess[]> {
  const results = await Promise.allSettled(
    servers.map(async (options) => {
      const server = await startServerProcess(options);
      try {
        await server.ready(timeoutMs);
        return server;
      } catch (error) {
        await stopChild(server);
        throw error;
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<ServerProcess>).value);
  await Promise.all(results.map((r) => (r.status === 'fulfilled' ? stopChild(r.value) : undefined)));
  throw failed.reason;
}

/** Asks the running server a question over HTTP; the status and the parsed body. */
export async function ask(url: string, question: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return { status: response.status, body: await response.json() };
}

/** Stops a child the test started (by its own handle, never by name) and waits for it. */
export async function stopChild(running: RunningChild): Promise<void> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  await running.exited;
}
