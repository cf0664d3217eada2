import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { composeAnswer } from '../bot/answer/composeAnswer.js';
import { PROJECT_ROOT, retrievalConfig } from '../retrieval/config.js';
import { chunkSections } from '../retrieval/ingest/chunkSections.js';
import { loadCorpus } from '../retrieval/ingest/loadCorpus.js';
import { loadIndex } from '../retrieval/store/indexStore.js';
import { loadEvalSet } from '../scripts/evaluation/evalSet.js';
import { redisInstalled, startRedis } from '../tests/runtime/redisServer.js';
import { measureLoad, rssOf, spawnServer, type ServerHandle } from './httpLoad.js';
import { nginxInstalled, startNginx } from './loadBalancer.js';
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

/** How every Planboten server of the bench runs: any free port, logs at info level as in production, the rate limit lifted. */
const SERVER_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_BURST: '100000000' };

/** The compiled server `npm start` runs, with {@link SERVER_ENV}. */
function planbotenServer(dataDir: string, scratch: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerHandle> {
  const env = { ...process.env, ...SERVER_ENV, PLANBOTEN_DATA_DIR: dataDir, PLANBOTEN_FEEDBACK_DIR: join(scratch, 'feedback'), ...extraEnv };
  return spawnServer([join(PROJECT_ROOT, 'dist/scripts/start.js')], env, '/readyz');
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

const LOAD_SECONDS = 10;

async function loadSection(questions: string[], dataDir: string, scratch: string): Promise<string> {
  const requests = questions.map((q) => ({ method: 'POST' as const, path: '/api/ask', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q }) }));
  const rows: string[][] = [];
  /** Measures `url` and stops `servers`; RSS is their sum. */
  const row = async (label: string, connections: number, servers: ServerHandle[], url = servers[0].url) => {
    try {
      const r = await measureLoad(url, requests, connections, LOAD_SECONDS);
      const rss = servers.reduce((sum, s) => sum + rssOf(s.child.pid!), 0);
      rows.push([label, String(connections), r.requestsPerSecond.toFixed(0), ms(r.p50), ms(r.p975), ms(r.p99), String(r.errors), mib(rss)]);
      log(`load: ${label}, ${connections} connections: ${r.requestsPerSecond.toFixed(0)} req/s`);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  };
  await row('bare Node server (fixed reply)', 16, [await spawnServer([...TSX, join(PROJECT_ROOT, 'bench/bareServer.ts')], process.env)]);
  await row('MiniSearch only (BM25 top 5, same chunks)', 16, [await spawnServer([...TSX, join(PROJECT_ROOT, 'bench/miniSearchServer.ts')], process.env)]);
  await row('Planboten `POST /api/ask`', 16, [await planbotenServer(dataDir, scratch)]);
  // The question set repeats, so the row above is mostly answer-cache hits; this one computes every answer.
  await row('Planboten `POST /api/ask`, answer cache off (`ANSWER_CACHE_SIZE=0`)', 16, [await planbotenServer(dataDir, scratch, { ANSWER_CACHE_SIZE: '0' })]);
  await row('Planboten server, fixed answer (all but the answer computation)', 16, [
    await spawnServer([...TSX, join(PROJECT_ROOT, 'bench/fixedAnswerServer.ts')], { ...process.env, ...SERVER_ENV, FEEDBACK_STORE: 'memory' }, '/readyz'),
  ]);
  if (redisInstalled()) {
    const redis = await startRedis();
    try {
      await row('Planboten, state in Redis', 16, [await planbotenServer(dataDir, scratch, { REDIS_URL: redis.url })]);
      if (nginxInstalled()) {
        // compose.yaml without containers: two instances on one Redis behind deploy/nginx.conf.
        const env = { REDIS_URL: redis.url, TRUST_PROXY: '1' };
        const apps = await Promise.all([planbotenServer(dataDir, join(scratch, 'app1'), env), planbotenServer(dataDir, join(scratch, 'app2'), env)]);
        const nginx = await startNginx(apps.map((a) => new URL(a.url).host), join(scratch, 'nginx'));
        try {
          await row('2 Planboten instances + Redis behind nginx (`deploy/nginx.conf`)', 16, apps, nginx.url);
        } finally {
          await nginx.stop();
        }
      } else {
        log('load: nginx is not installed; the load-balancer row is left out');
      }
    } finally {
      await redis.stop();
    }
  } else {
    log('load: redis-server is not installed; the Redis rows are left out');
  }
  await row('Planboten `POST /api/ask`', 1, [await planbotenServer(dataDir, scratch)]);
  await row('Planboten `POST /api/ask`', 64, [await planbotenServer(dataDir, scratch)]);
  return [
    `### HTTP load: autocannon, ${LOAD_SECONDS} s per row after a 2 s warm-up, questions from the evaluation set (dev split)`,
    '',
    table(['server', 'connections', 'requests/s', 'p50', 'p97.5', 'p99', 'errors (incl. non-2xx)', 'server RSS'], rows),
    '',
    'Each row is its own server process(es) on this machine, one after the other; the load generator shares the cores. Planboten runs compiled (`node dist/scripts/start.js`) with request logs at info level, the rate limit lifted.',
    '',
    'Target: `POST /api/ask` ≥ 2,000 requests/s at 16 connections with p97.5 ≤ 15 ms and 0 errors.',
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

async function coldStartSection(dataDir: string, scratch: string): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const startedAt = performance.now();
    const server = await planbotenServer(dataDir, scratch);
    try {
      for (;;) {
        const response = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hyvling"}' }).catch(() => undefined);
        if (response?.status === 200) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(performance.now() - startedAt);
    } finally {
      await server.stop();
    }
  }
  return ['### Cold start', '', `From spawning the server process (\`node dist/scripts/start.js\`, what \`npm start\` runs once built) to the first successful answer, with a built index: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (3 runs).`].join('\n');
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
    if (!values['skip-load']) {
      // The HTTP rows run what `npm start` runs: the compiled server, built first if need be.
      if (spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/ensureBuild.mjs')], { stdio: ['ignore', 2, 2] }).status !== 0) throw new Error('npm run build failed');
      sections.push(await loadSection(questions, dataDir, scratch), await coldStartSection(dataDir, scratch));
    }
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
