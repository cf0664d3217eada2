import { startServer } from '../bot/http/server.js';
import { serverConfig } from '../bot/http/serverConfig.js';
import { retrievalConfig } from '../retrieval/config.js';
import { PlanbotenError } from '../retrieval/errors.js';
import { loadIndex } from '../retrieval/store/indexStore.js';

/** `npm start`: the API, the widget and its demo page on one port; ready once the index is loaded. */
async function main(): Promise<void> {
  const config = serverConfig();
  const index = loadIndex(retrievalConfig()).then((built) => built.retriever);
  const running = await startServer({ retriever: index, config });
  process.stderr.write(`Planboten lyssnar på ${running.url} — demosida: ${running.url}/, API: POST ${running.url}/api/ask\n`);
  await index;
  process.stderr.write('Indexet är laddat; redo att svara.\n');
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Fel: ${error instanceof PlanbotenError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
