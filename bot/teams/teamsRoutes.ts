import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Retriever } from '../../retrieval/retriever.js';
import type { Routes } from '../http/server.js';
import { createBotHost } from './botbuilderHost.js';
import { MemoryFeedbackStore, type FeedbackStore } from './feedbackStore.js';
import type { TurnDependencies } from './handleTurn.js';
import { tabRoutes } from './tab/tabRoutes.js';
import type { TeamsConfig } from './teamsConfig.js';

/** Options for {@link teamsRoutes}. */
export interface TeamsRoutesOptions {
  config: TeamsConfig;
  /** Operational log (stderr by default); never receives question text or member ids. */
  log?: (message: string) => void;
  /** Where thumbs up/down are counted; a fresh in-memory store by default. */
  feedback?: FeedbackStore;
  /** Client address from X-Forwarded-For for the tab's rate limit (only behind your own proxy). */
  trustProxy?: boolean;
  /** Further botbuilder authentication options (tests). */
  authOverrides?: ConfigurationBotFrameworkAuthenticationOptions;
  /** The answer function (tests); composeAnswer by default. */
  answer?: TurnDependencies['answer'];
}

/**
 * Everything Microsoft Teams needs from the server, for `startServer({ extraRoutes })`:
 * `POST /api/messages` (the bot) and the "Planerna" tab with its search and section API.
 */
export function teamsRoutes(options: TeamsRoutesOptions): (getRetriever: () => Retriever | undefined) => Routes {
  return (getRetriever) => {
    const deps: TurnDependencies = {
      getRetriever,
      feedback: options.feedback ?? new MemoryFeedbackStore(),
      log: options.log ?? ((message) => process.stderr.write(`${message}\n`)),
      publicBaseUrl: options.config.publicBaseUrl,
      answer: options.answer,
    };
    const bot = createBotHost(options.config, deps, options.authOverrides);
    return {
      '/api/messages': { POST: (req, res) => bot.handle(req, res) },
      ...tabRoutes(getRetriever, { trustProxy: options.trustProxy }),
    };
  };
}
