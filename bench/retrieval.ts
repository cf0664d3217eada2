import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeAnswer } from '../bot/answer/composeAnswer.js';
import { PROJECT_ROOT, retrievalConfig } from '../retrieval/config.js';
import { buildIndex, loadIndex } from '../retrieval/store/indexStore.js';
import { loadEvalSet } from '../scripts/evaluation/evalSet.js';

/** `npm run bench`: index build time and answer latency on this machine. A script, not a test. */
const BUILD_RUNS = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const { corpusDir } = retrievalConfig();
  const builds: number[] = [];
  for (let i = 0; i < BUILD_RUNS; i++) {
    const started = performance.now();
    await buildIndex(corpusDir);
    builds.push(performance.now() - started);
  }
  builds.sort((a, b) => a - b);
  const buildRss = process.memoryUsage().rss;

  const { retriever } = await loadIndex(retrievalConfig());
  const questions = loadEvalSet().map((q) => q.question).slice(0, 100);
  for (const q of questions.slice(0, 10)) await composeAnswer(retriever, q); // warm-up
  const latencies: number[] = [];
  const startedAll = performance.now();
  for (const q of questions) {
    const started = performance.now();
    await composeAnswer(retriever, q);
    latencies.push(performance.now() - started);
  }
  const totalInProcess = performance.now() - startedAll;
  latencies.sort((a, b) => a - b);

  const started = performance.now();
  const cli = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/ask.ts'), '--jsonl'], {
    input: `${questions.join('\n')}\n`,
    encoding: 'utf8',
    cwd: PROJECT_ROOT,
  });
  const cliWall = performance.now() - started;
  if (cli.status !== 0) throw new Error(`ask --jsonl failed: ${cli.stderr}`);
  const answered = cli.stdout.trim().split('\n').length;

  const rows = [
    ['index build (median of 5, in-process)', ms(percentile(builds, 50)), `min ${ms(builds[0])}, max ${ms(builds.at(-1)!)}`],
    ['process RSS after 5 builds', `${(buildRss / 2 ** 20).toFixed(0)} MiB`, ''],
    [`${questions.length} questions in-process after load`, ms(totalInProcess), `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(latencies.at(-1)!)}`],
    [`${answered} questions via ask --jsonl (whole process)`, ms(cliWall), 'includes Node/tsx start-up and index load'],
  ];
  const table = ['| measure | value | detail |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const report = `# Benchmark\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores.\n\n${table}\n`;
  writeFileSync(join(PROJECT_ROOT, 'bench', 'results.md'), report);
  process.stdout.write(`${table}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
