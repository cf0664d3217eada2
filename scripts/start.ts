import { answerFunctionFromEnv } from '../bot/answer/answerFunctionFromEnv.js';
import { embedderFromEnv } from '../bot/config/embedderFromEnv.js';
import { createLogger } from '../bot/http/logger.js';
import { startServer } from '../bot/http/server.js';
import { serverConfig } from '../bot/http/serverConfig.js';
import { createSharedState } from '../bot/state/sharedState.js';
import { stateConfig } from '../bot/state/stateConfig.js';
import { authModeNotice, teamsConfig } from '../bot/teams/teamsConfig.js';
import { teamsRoutes } from '../bot/teams/teamsRoutes.js';
import { retrievalConfig } from '../retrieval/config.js';
import { PlanbotenError } from '../retrieval/errors.js';
import { loadIndex } from '../retrieval/store/indexStore.js';

/** Time on top of SHUTDOWN_TIMEOUT_MS for closing Redis and the feedback file before giving up. */
const EXIT_GRACE_MS = 2_000;

/**
 * `npm start`: the API, the widget and its demo page, the Teams bot and its tab on one port;
 * ready once the index is loaded. SIGTERM or SIGINT stops accepting connections, lets requests in
 * flight finish, closes the shared state and exits 0.
 */
async function main(): Promise<void> {
  const config = serverConfig();
  const teams = teamsConfig();
  const logger = createLogger();
  const warn = (message: string) => logger.warn(message);
  const state = await createSharedState(stateConfig(), warn);
  const { answer, description } = answerFunctionFromEnv(process.env, warn, state.conversations);
  const embedder = await embedderFromEnv();
  const index = loadIndex({ ...retrievalConfig(), embedder }).then((built) => built.retriever);
  const running = await startServer({
    retriever: index,
    config,
    logger,
    answer,
    state,
    // The bot's failures go to the same structured log; never with question text or member ids.
    extraRoutes: teamsRoutes({ config: teams, trustProxy: config.TRUST_PROXY, feedback: state.feedback, log: (message) => logger.error(message), answer }),
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches both npm and the server, and npm passes it on: one stop is enough.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: tar inte emot nya anslutningar, avslutar pågående frågor ...\n`);
    setTimeout(() => {
      process.stderr.write('Pågående förfrågningar blev inte klara i tid; avslutar ändå.\n');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + EXIT_GRACE_MS).unref();
    running
      .close()
      .then(() => state.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`Fel vid avslut: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  process.stderr.write(`Planboten lyssnar på ${running.url} — demosida: ${running.url}/, API: POST ${running.url}/api/ask\n`);
  process.stderr.write(`Teams: bot på POST ${running.url}/api/messages, fliken Planerna på ${running.url}/tab\n`);
  process.stderr.write(`${description}\n${state.description}\n`);
  const notice = authModeNotice(teams);
  if (notice) process.stderr.write(`${notice}\n`);
  await index;
  process.stderr.write('Indexet är laddat; redo att svara.\n');
}

main().catch((error: unknown) => {
  const known = error instanceof PlanbotenError;
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  const message = known ? (error as Error).message : inUse ? `Porten är upptagen (${(error as Error).message}). Stoppa den andra servern eller välj en annan PORT.` : ((error as Error).stack ?? String(error));
  process.stderr.write(`Fel: ${message}\n`);
  process.exit(1);
});
