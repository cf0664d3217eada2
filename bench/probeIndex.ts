import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { composeAnswer } from '../bot/answer/composeAnswer.js';
import { loadIndex, rebuildIndex } from '../retrieval/store/indexStore.js';
import { loadEvalSet } from '../scripts/evaluation/evalSet.js';

/**
 * Child process of `npm run bench`: builds the index for one corpus (timed), reports its size on
 * disk and the process's peak memory, then loads it and times answers. Prints one JSON line.
 * Run alone, so peak memory belongs to this corpus only.
 */
async function main(): Promise<void> {
  const [corpusDir, dataDir, roundsArg] = process.argv.slice(2);
  const started = performance.now();
  const built = await rebuildIndex(corpusDir, dataDir);
  const buildMs = performance.now() - started;
  const indexBytes = readdirSync(dataDir).reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
  const { retriever } = await loadIndex({ corpusDir, dataDir, log: () => undefined });
  const questions = loadEvalSet().map((q) => q.question);
  for (const q of questions.slice(0, 10)) await composeAnswer(retriever, q);
  const latencies: number[] = [];
  for (let round = 0; round < Number(roundsArg ?? 3); round++) {
    for (const q of questions) {
      const t = performance.now();
      await composeAnswer(retriever, q);
      latencies.push(performance.now() - t);
    }
  }
  process.stdout.write(
    `${JSON.stringify({ chunks: built.manifest.chunkCount, documents: built.manifest.documents.length, buildMs, indexBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, latencies })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
