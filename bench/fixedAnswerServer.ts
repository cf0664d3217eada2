import type { Answer } from '../bot/answer/answerSchema.js';
import { createLogger } from '../bot/http/logger.js';
import { startServer } from '../bot/http/server.js';
import { serverConfig } from '../bot/http/serverConfig.js';
import { createSharedState } from '../bot/state/sharedState.js';
import { stateConfig } from '../bot/state/stateConfig.js';
import type { Retriever } from '../retrieval/retriever.js';

/**
 * Child process of `npm run bench`: Planboten's HTTP server exactly as `npm start` configures it
 * (routing, validation, rate limit, security headers, request log, metrics, shared state) with the
 * answer computation replaced by a fixed answer of typical size — what a request costs besides
 * the answer itself.
 */
const text = 'Enligt Verksamhetsplan 2025–2029, Studier: Seko ska erbjuda studier för alla medlemmar. [1]';
const fixed = (question: string): Answer => ({ question, answered: true, outcome: 'answer', answer: `${text} ${text} ${text}`, citations: [], language: 'sv', suggestions: [] });
const logger = createLogger();
const state = await createSharedState(stateConfig(), (m) => logger.warn(m));
const running = await startServer({ retriever: {} as Retriever, config: serverConfig(), logger, state, answer: async (_retriever, question) => fixed(question) });
process.stderr.write(`lyssnar på ${running.url} —\n`);
process.on('SIGTERM', () => void running.close().then(() => state.close()).then(() => process.exit(0)));
