import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import MiniSearch from 'minisearch';
import { composeAnswer } from '../bot/answer/composeAnswer.js';
import { PROJECT_ROOT, retrievalConfig } from '../retrieval/config.js';
import { chunkSections } from '../retrieval/ingest/chunkSections.js';
import { loadCorpus } from '../retrieval/ingest/loadCorpus.js';
import { loadIndex } from '../retrieval/store/indexStore.js';
import { loadEvalSet } from '../scripts/evaluation/evalSet.js';
import { writeSyntheticCorpus } from './syntheticCorpus.js';

/** `npm run bench`: build, latency, HTTP load, scale and cold start; a script, not a test. */
const TSX = ['--import', 'tsx'];
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(2)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const log = (m: string) => process.stderr.write(`${m}\n`);

interface Probe {
  chunks: number;
  documents: number;
  buildMs: number;
  indexBytes: number;
  peakRssBytes: number;
  latencies: number[];
}

function probe(corpusDir: string, dataDir: string, rounds = 3): Probe {
  const result = spawnSync(process.execPath, [...TSX, join(PROJECT_ROOT, 'bench/probeIndex.ts'), corpusDir, dataDir, String(rounds)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Probe;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function startServerProcess(dataDir: string): Promise<{ child: ChildProcess; url: string; startedAt: number }> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...TSX, join(PROJECT_ROOT, 'scripts/start.ts')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PLANBOTEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_BURST: '100000000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    child.stderr!.on('data', (d) => {
      stderr += String(d);
      const match = /lyssnar på (http:\/\/[^\s]+) —/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { child, url, startedAt };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function latencySection(questions: string[]): Promise<string> {
  const { retriever } = await loadIndex(retrievalConfig());
  for (const q of questions.slice(0, 10)) await composeAnswer(retriever, q);
  const answer: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of questions) {
      const t = performance.now();
      await composeAnswer(retriever, q);
      answer.push(performance.now() - t);
    }
  }
  const chunks = loadCorpus(retrievalConfig().corpusDir).documents.flatMap(chunkSections);
  const mini = new MiniSearch({ fields: ['text'], storeFields: ['id'], idField: 'id' });
  mini.addAll(chunks.map((c) => ({ id: c.id, text: c.text })));
  const plain: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of questions) {
      const t = performance.now();
      mini.search(q);
      plain.push(performance.now() - t);
    }
  }
  const row = (label: string, xs: number[]) => [label, ms(pct(xs, 50)), ms(pct(xs, 95)), ms(pct(xs, 99))];
  // The CLI contract: 100 questions through --jsonl in one process (start-up and index load included).
  const hundred = questions.slice(0, 100);
  const started = performance.now();
  const cli = spawnSync(process.execPath, [...TSX, join(PROJECT_ROOT, 'scripts/ask.ts'), '--jsonl'], { input: `${hundred.join('\n')}\n`, encoding: 'utf8', cwd: PROJECT_ROOT });
  const cliMs = performance.now() - started;
  if (cli.status !== 0) throw new Error(`ask --jsonl failed: ${cli.stderr}`);
  return [
    `### In-process latency (${questions.length} evaluation questions × 5)`,
    '',
    table(['', 'p50', 'p95', 'p99'], [row('Planboten answer (hybrid retrieval + composeAnswer)', answer), row('plain BM25 search (minisearch, same chunks)', plain)]),
    '',
    `Cost of hybrid retrieval and answer composition: ${(pct(answer, 50) / pct(plain, 50)).toFixed(1)}× minisearch at p50, ${(pct(answer, 95) / pct(plain, 95)).toFixed(1)}× at p95.`,
    '',
    `${cli.stdout.trim().split('\n').length} questions through \`npm run --silent ask -- --jsonl\`: ${(cliMs / 1000).toFixed(2)} s for the whole process, start-up and index load included.`,
  ].join('\n');
}

async function loadSection(questions: string[], dataDir: string): Promise<string> {
  const { child, url } = await startServerProcess(dataDir);
  const rows: string[][] = [];
  try {
    const requests = questions.map((q) => ({ method: 'POST' as const, path: '/api/ask', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q }) }));
    for (const connections of [1, 16, 64]) {
      // autocannon's summary has no p95; the per-response times give exact percentiles.
      const times: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon({ url, connections, duration: 10, requests }, (error, r) => (error ? reject(error) : resolve(r)));
        instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
      });
      rows.push([
        String(connections),
        result.requests.average.toFixed(0),
        ms(pct(times, 50)),
        ms(pct(times, 95)),
        ms(pct(times, 99)),
        String(result.errors + result.timeouts + result.non2xx),
        mib(rssOf(child.pid!)),
      ]);
      log(`load: ${connections} connections done`);
    }
  } finally {
    await stopServer(child);
  }
  return [
    '### HTTP load: `POST /api/ask`, autocannon, 10 s per row, questions from the evaluation set',
    '',
    table(['connections', 'requests/s', 'p50', 'p95', 'p99', 'errors (incl. non-2xx)', 'server RSS'], rows),
    '',
    'Targets: p95 ≤ 20 ms at 16 connections, ≥ 1,000 requests/s at 64 connections, 0 errors.',
  ].join('\n');
}

async function scaleSection(scratch: string): Promise<string> {
  const rows: string[][] = [];
  const base = probe(retrievalConfig().corpusDir, join(scratch, 'index-1x'), 3);
  const row = (label: string, p: Probe) => [label, String(p.documents), String(p.chunks), `${(p.buildMs / 1000).toFixed(1)} s`, mib(p.indexBytes), mib(p.peakRssBytes), ms(pct(p.latencies, 95))];
  rows.push(row('1× (the plans)', base));
  for (const factor of [10, 100]) {
    const corpusDir = join(scratch, `corpus-${factor}x`);
    writeSyntheticCorpus(retrievalConfig().corpusDir, corpusDir, factor);
    log(`scale: ${factor}× corpus written, building ...`);
    rows.push(row(`${factor}×`, probe(corpusDir, join(scratch, `index-${factor}x`), factor === 100 ? 1 : 2)));
  }
  return ['### Scale: synthetic corpora (recombined sections and paragraphs, one catalog entry each)', '', table(['corpus', 'documents', 'chunks', 'build', 'index on disk', 'peak RSS (build + queries)', 'answer p95'], rows)].join('\n');
}

async function coldStartSection(dataDir: string): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { child, url, startedAt } = await startServerProcess(dataDir);
    try {
      for (;;) {
        const response = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hyvling"}' }).catch(() => undefined);
        if (response?.status === 200) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(performance.now() - startedAt);
    } finally {
      await stopServer(child);
    }
  }
  return ['### Cold start', '', `From spawning \`npm start\`'s process (tsx scripts/start.ts) to the first successful answer, with a built index: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (3 runs).`].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'skip-scale': { type: 'boolean' }, 'skip-load': { type: 'boolean' } } });
  const questions = loadEvalSet().map((q) => q.question);
  const scratch = mkdtempSync(join(tmpdir(), 'planboten-bench-'));
  try {
    const dataDir = join(scratch, 'index');
    const build = probe(retrievalConfig().corpusDir, dataDir, 1);
    const sections = [
      `# Benchmark\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores.`,
      ['### Index build (this corpus)', '', table(['chunks', 'build', 'index on disk', 'peak RSS'], [[String(build.chunks), `${build.buildMs.toFixed(0)} ms`, mib(build.indexBytes), mib(build.peakRssBytes)]])].join('\n'),
      await latencySection(questions),
    ];
    if (!values['skip-load']) sections.push(await loadSection(questions, dataDir), await coldStartSection(dataDir));
    if (!values['skip-scale']) sections.push(await scaleSection(scratch));
    const report = `${sections.join('\n\n')}\n`;
    writeFileSync(join(PROJECT_ROOT, 'bench', 'results.md'), report);
    process.stdout.write(report);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
