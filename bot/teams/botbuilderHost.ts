/**
 * The only place that knows botbuilder. botbuilder 4.x is in maintenance; its successor, the
 * Microsoft 365 Agents SDK (@microsoft/agents-hosting), speaks the same Bot Framework activity
 * protocol, so moving means rewriting this file alone: the turn logic (`handleTurn`) works on
 * plain activities and a `send` port.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request as BotRequest,
  type Response as BotResponse,
  type TurnContext,
} from 'botbuilder';
import { sendJson } from '../http/httpErrors.js';
import { keepEntityProperties } from './entitySerializationFix.js';
import { handleTurn, type TurnDependencies } from './handleTurn.js';
import { readActivityBody } from './readActivityBody.js';
import type { TeamsConfig } from './teamsConfig.js';

/** Receives Bot Framework activities over HTTP. */
export interface BotHost {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** The turn logic as botbuilder calls it: replies go out through the TurnContext. */
export function botLogic(deps: TurnDependencies): (context: TurnContext) => Promise<void> {
  return (context) =>
    handleTurn(context.activity, { send: async (activity) => void (await context.sendActivity(activity)) }, deps);
}

/** botbuilder's response interface (Express-like) over Node's ServerResponse. */
class NodeResponse implements BotResponse {
  readonly socket: unknown;
  private body: string | undefined;
  constructor(private readonly res: ServerResponse) {
    this.socket = res.socket;
  }
  status(code: number): void {
    this.res.statusCode = code;
  }
  header(name: string, value: unknown): void {
    this.res.setHeader(name, String(value));
  }
  send(body: unknown): void {
    if (typeof body === 'string') {
      this.res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      this.body = body;
    } else if (body !== undefined) {
      this.res.setHeader('Content-Type', 'application/json; charset=utf-8');
      this.body = JSON.stringify(body);
    }
  }
  end(): void {
    if (this.res.writableEnded) return;
    this.res.setHeader('Content-Length', Buffer.byteLength(this.body ?? ''));
    this.res.end(this.body ?? '');
  }
}

function isLoopback(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  try {
    const host = new URL(serviceUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/**
 * botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication behind `POST /api/messages`.
 * With credentials, a request without a valid Bot Framework token is rejected with 401 before the
 * turn runs. Without (Emulator mode), nothing is authenticated, so only activities whose replies
 * go to this machine are accepted: an open endpoint must not post to addresses a caller chooses.
 * `authOverrides` sets further botbuilder auth options (tests point the OpenID metadata URL at a
 * local recorder to prove no key is fetched).
 */
export function createBotHost(config: TeamsConfig, deps: TurnDependencies, authOverrides: ConfigurationBotFrameworkAuthenticationOptions = {}): BotHost {
  keepEntityProperties();
  const auth = new ConfigurationBotFrameworkAuthentication({ ...(config.credentials ?? {}), ...authOverrides });
  const adapter = new CloudAdapter(auth);
  // handleTurn catches its own failures; this catches the adapter's (a reply that cannot be posted).
  adapter.onTurnError = async (_context, error) => {
    deps.log(`Teams: fel i botbuilder: ${error.stack ?? error.message}`);
  };
  const logic = botLogic(deps);

  return {
    async handle(req, res) {
      const body = await readActivityBody(req);
      if (!body.ok) return sendJson(res, body.status, { error: { code: 'INVALID_ACTIVITY', message: 'Begäran är ingen giltig Bot Framework-aktivitet.' } });
      if (!config.credentials && !isLoopback(body.value.serviceUrl)) {
        return sendJson(res, 403, {
          error: { code: 'SERVICE_URL_NOT_ALLOWED', message: 'Utan MicrosoftAppId tas bara aktiviteter med serviceUrl på den här datorn emot (Emulator-läge).' },
        });
      }
      const request: BotRequest = { body: body.value, headers: req.headers, method: req.method };
      await adapter.process(request, new NodeResponse(res), logic);
    },
  };
}
