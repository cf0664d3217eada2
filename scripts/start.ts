import { embedderFromEnv } from '../bot/config/embedderFromEnv.js';
import { answerFunctionFromEnv } from '../bot/answer/answerFunctionFromEnv.js';
import { createLogger } from '../bot/http/logger.js';
import { startServer } from '../bot/http/server.js';
import { serverConfig } from '../bot/http/serverConfig.js';
import { authModeNotice, teamsConfig } from '../bot/teams/teamsConfig.js';
import { teamsRoutes } from '../bot/teams/teamsRoutes.js';
import { retrievalConfig } from '../retrieval/config.js';
import { PlanbotenError } from '../retrieval/errors.js';
import { loadIndex } from '../retrieval/store/indexStore.js';

/**
 * `npm start`: the API, the widget and its demo page, the Teams bot and its tab on one port;
 * ready once the index is loaded.
 */
async function main(): Promise<void> {
  const config = serverConfig();
  const teams = teamsConfig();
  const logger = createLogger();
  const { answer, description } = answerFunctionFromEnv(process.env, (message) => logger.warn(message));
  const embedder = await embedderFromEnv();
  const index = loadIndex({ ...retrievalConfig(), embedder }).then((built) => built.retriever);
  const running = await startServer({
    retriever: index,
    config,
    logger,
    answer,
    // The bot's failures go to the same structured log; never with question text or member ids.
    extraRoutes: teamsRoutes({ config: teams, trustProxy: config.TRUST_PROXY, log: (message) => logger.error(message), answer }),
  });
  process.stderr.write(`Planboten lyssnar på ${running.url} — demosida: ${running.url}/, API: POST ${running.url}/api/ask\n`);
  process.stderr.write(`Teams: bot på POST ${running.url}/api/messages, fliken Planerna på ${running.url}/tab\n`);
  process.stderr.write(`${description}\n`);
  const notice = authModeNotice(teams);
  if (notice) process.stderr.write(`${notice}\n`);
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
