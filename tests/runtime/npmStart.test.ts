import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { rebuildIndex } from '../../retrieval/store/indexStore.js';
import { CORPUS_DIR, scratchDir } from '../helpers/corpus.js';
import { freePort } from '../helpers/freePort.js';

/**
 * `npm start` as an operator runs it: through npm, from a checkout whose build is missing, then
 * stopped with a signal sent to the npm process (as systemd, a container runtime or a terminal do).
 */

let scratch: { dir: string; cleanup: () => void };
let env: Record<string, string>;
let port: number;

beforeAll(async () => {
  scratch = scratchDir();
  const dataDir = join(scratch.dir, 'index');
  await rebuildIndex(CORPUS_DIR, dataDir);
  port = await freePort();
  env = { PORT: String(port), HOST: '127.0.0.1', PLANBOTEN_DATA_DIR: dataDir, PLANBOTEN_FEEDBACK_DIR: join(scratch.dir, 'feedback'), LOG_LEVEL: 'warn' };
  // As on a fresh clone before anything is built (or with sources newer than the build).
  rmSync(join(PROJECT_ROOT, 'dist', '.build-stamp'), { force: true });
});
/** Every npm started here, so a failed test leaves no server behind. */
const started: ChildProcess[] = [];
afterAll(() => {
  for (const npm of started) {
    if (npm.exitCode !== null || npm.signalCode !== null) continue;
    for (const pid of descendants(npm.pid!)) process.kill(pid, 'SIGKILL');
    npm.kill('SIGKILL');
  }
  scratch.cleanup();
});

interface NpmStart {
  npm: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

async function npmStart(): Promise<NpmStart> {
  const npm = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(npm);
  npm.stdout!.resume(); // npm's own banner
  let stderr = '';
  npm.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Nothing left behind holding the port for the next test.
      for (const pid of descendants(npm.pid!)) process.kill(pid, 'SIGKILL');
      npm.kill('SIGKILL');
      reject(new Error(`npm start did not become ready: ${stderr}`));
    }, 240_000);
    npm.stderr!.on('data', () => {
      const match = /redo att svara/.test(stderr) && /lyssnar på (http:\/\/[^\s]+) —/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`npm start exited (${code}): ${stderr}`)));
  });
  return { npm, url, stderr: () => stderr, exited };
}

/** The processes below `pid`, by /proc. */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => {
    const path = `/proc/${pid}/task/${task}/children`;
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
  });
  return children.flatMap((child) => [child, ...descendants(child)]);
}

const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function portIsFree(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const like = (answerId: string, eventId: string) => ({
  type: 'invoke',
  name: 'message/submitAction',
  id: eventId,
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:member-1' },
  recipient: { id: '28:planboten-bot' },
  conversation: { id: 'conversation-personal', conversationType: 'personal' },
  replyToId: answerId,
  value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } },
});

async function likes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^planboten_feedback_reactions\{reaction="like"\} (\d+)/m.exec(text)?.[1]);
}

describe('npm start', () => {
  it('builds when the build is missing, runs the compiled server with node, and stops cleanly on SIGTERM to npm', async () => {
    const first = await npmStart();
    expect(first.stderr()).toMatch(/Bygger servern/);
    // npm → the server, with nothing in between that could swallow a signal; node runs dist/, not tsx.
    const server = descendants(first.npm.pid!).find((pid) => commandLine(pid).some((arg) => arg.endsWith('dist/scripts/start.js')));
    expect(server).toBeDefined();
    expect(commandLine(server!).join(' ')).not.toMatch(/tsx/);

    // Files are found relative to the project root from dist/ too: the widget, the demo page, the tab, the corpus.
    expect((await fetch(`${first.url}/widget.js`)).status).toBe(200);
    expect(await (await fetch(`${first.url}/`)).text()).toContain('widget.js');
    expect((await fetch(`${first.url}/tab`)).status).toBe(200);
    const answer = (await (await fetch(`${first.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hur många ambassadörer har förbundet?"}' })).json()) as { answered: boolean };
    expect(answer.answered).toBe(true);
    // Feedback goes to the file under the feedback folder.
    expect((await fetch(`${first.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(like('svar-1', 'invoke-1')) })).status).toBe(200);
    expect(await likes(first.url)).toBe(1);

    // A request in flight when SIGTERM arrives still gets its answer.
    const socket = connect(port, '127.0.0.1');
    const body = '{"question":"vad säger planen om studier?"}';
    const response = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('close', () => resolve(text));
    });
    socket.write(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));
    first.npm.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    socket.write(body.slice(10));
    expect(await response).toMatch(/^HTTP\/1.1 200/);

    expect(await first.exited).toBe(0);
    expect(alive(server!)).toBe(false);
    expect(await portIsFree()).toBe(true);
  }, 300_000);

  it('starts again on the same port without rebuilding, with the feedback kept, and stops on SIGINT', async () => {
    const second = await npmStart();
    expect(second.stderr()).not.toMatch(/Bygger|bygger om/);
    expect(await likes(second.url)).toBe(1);
    second.npm.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(await portIsFree()).toBe(true);
  }, 120_000);

  it('says plainly when the port is taken', async () => {
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      await expect(npmStart()).rejects.toThrow(/Porten är upptagen/);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
