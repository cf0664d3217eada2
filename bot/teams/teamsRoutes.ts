import type { Retriever } from '../../retrieval/retriever.js';
import type { TrustProxy } from '../http/clientAddress.js';
import type { Routes } from '../http/server.js';
import type { AuthOverrides, BotHost } from './agentsHost.js';
import { MemoryFeedbackStore, type FeedbackStore } from './feedbackStore.js';
import type { TurnDependencies } from './handleTurn.js';
import { tabRoutes } from './tab/tabRoutes.js';
import { emulatorModeAllowed, type TeamsConfig } from './teamsConfig.js';

/** Options for {@link teamsRoutes}. */
export interface TeamsRoutesOptions {
  config: TeamsConfig;
  /** Operational log (stderr by default); never receives question text or member ids. */
  log?: (message: string) => void;
  /** Where thumbs up/down are counted; a fresh in-memory store by default. */
  feedback?: FeedbackStore;
  /** Client address from X-Forwarded-For for the tab's rate limit (only behind your own proxy). */
  trustProxy?: TrustProxy;
  /** Further Agents SDK authentication settings (tests keep key lookups on this machine). */
  authOverrides?: AuthOverrides;
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
      teamsAppId: options.config.teamsAppId,
      slowAnswers: options.config.slowAnswers,
      answer: options.answer,
    };
    // Loading the Agents SDK takes 0.5–3 s here (measured on the 2-core build machine under load):
    // it is loaded with the first activity, so that start-up, and a server that never hears from
    // Teams, do not pay for it. NODE_ENV is read now, as at start-up.
    const emulatorAllowed = emulatorModeAllowed();
    let bot: Promise<BotHost> | undefined;
    const host = () =>
      (bot ??= import('./agentsHost.js')
        .then((m) => m.createBotHost(options.config, deps, { authOverrides: options.authOverrides, emulatorAllowed }))
        .catch((error: unknown) => {
          // Not cached: the next activity tries again (this one gets the server's 500 and a log line).
          bot = undefined;
          throw error;
        }));
    return {
      '/api/messages': { POST: async (req, res) => (await host()).handle(req, res) },
      ...tabRoutes(getRetriever, { trustProxy: options.trustProxy }),
    };
  };
}
