import { embedderFromEnv } from '../bot/config/embedderFromEnv.js';
import { retrievalConfig } from '../retrieval/config.js';
import { PlanbotenError } from '../retrieval/errors.js';
import { currentQuestions, loadMemberQuestions } from '../retrieval/search/memberQuestions.js';
import { loadNearMissQuestions } from '../retrieval/search/questionNeighbours.js';
import { rebuildIndex } from '../retrieval/store/indexStore.js';

/** `npm run index`: rebuilds the saved index from corpus/ and reports what it holds. */
async function main(): Promise<void> {
  const { corpusDir, dataDir } = retrievalConfig();
  const { manifest, retriever } = await rebuildIndex(corpusDir, dataDir, undefined, await embedderFromEnv());
  // Passages without current member questions are found only by their own words: say which.
  const { byPassage, stale } = currentQuestions(loadMemberQuestions(), retriever.chunks);
  const countOf = (perPassage: Map<number, string[]>) => [...perPassage.values()].reduce((sum, q) => sum + q.length, 0);
  const missing = retriever.chunks.filter((_, i) => !byPassage.has(i)).map((c) => c.id);
  const questionCount = countOf(byPassage);
  const nearMisses = currentQuestions(loadNearMissQuestions(), retriever.chunks);
  const nearMissCount = countOf(nearMisses.byPassage);
  const lines = [
    `Index sparat i ${dataDir}`,
    `  dokument: ${manifest.documents.length} i katalogen, ${manifest.documents.length - manifest.duplicates.length} efter dubblettkontroll`,
    ...manifest.duplicates.map((d) => `  dubblett: ${d.id} = ${d.canonicalId} (likhet ${d.similarity.toFixed(2)}), citeras som ${d.canonicalId}`),
    `  stycken: ${manifest.chunkCount}`,
    `  inbäddning: ${manifest.embedder.id}, ${manifest.embedder.dimensions} dimensioner`,
    `  byggtid: ${manifest.buildMillis} ms`,
    `  medlemsfrågor: ${questionCount} till ${byPassage.size} av ${retriever.chunks.length} stycken`,
    ...(missing.length > 0 ? [`  stycken utan medlemsfrågor (retrieval/search/memberQuestions.json): ${missing.join(', ')}`] : []),
    ...(stale.length > 0 ? [`  inaktuella medlemsfrågor (stycket saknas eller har ändrats): ${stale.join(', ')}`] : []),
    `  närliggande obesvarade frågor: ${nearMissCount} till ${nearMisses.byPassage.size} av ${retriever.chunks.length} stycken`,
    ...(nearMisses.stale.length > 0 ? [`  inaktuella obesvarade frågor (retrieval/search/nearMissQuestions.json): ${nearMisses.stale.join(', ')}`] : []),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Fel: ${error instanceof PlanbotenError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
