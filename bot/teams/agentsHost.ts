/**
 * The only place that knows the Microsoft 365 Agents SDK at run time. The turn logic
 * (`handleTurn`) works on validated plain activities and a `send` port; this file receives the
 * HTTP request, authenticates it, validates the activity and lets the SDK's CloudAdapter run the
 * turn and deliver the replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Activity } from '@microsoft/agents-activity';
import {
  AuthType,
  CloudAdapter,
  getAuthConfigWithDefaults,
  type AuthConfiguration,
  type Request as AgentsRequest,
  type TurnContext,
  type WebResponse,
} from '@microsoft/agents-hosting';
import type { IncomingActivity } from './activitySchema.js';
import { handleTurn, type TurnDependencies, type TurnIO } from './handleTurn.js';
import { logSafeDetail } from './logSafeDetail.js';
import { sendMessagesError } from './messagesErrors.js';
import { NodeWebResponse } from './nodeWebResponse.js';
import { readActivityBody } from './readActivityBody.js';
import { FIRST_PARTY_ISSUERS, screenBearerToken, type TokenScreen } from './screenBearerToken.js';
import { emulatorModeAllowed, type BotCredentials, type TeamsConfig } from './teamsConfig.js';
import { validateActivity } from './validateActivity.js';

/** Receives Bot Framework activities over HTTP. */
export interface BotHost {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Further SDK authentication settings (tests point `authorityEndpoint` at a local key server). */
export type AuthOverrides = Partial<AuthConfiguration>;

/** How {@link createBotHost} is set up besides the bot's settings. */
export interface BotHostOptions {
  authOverrides?: AuthOverrides;
  /** Whether unauthenticated (Emulator) mode may run: not under NODE_ENV=production. Read from the environment by default. */
  emulatorAllowed?: boolean;
}

const CONNECTION = 'planboten';

/**
 * The SDK's authentication configuration for the bot's credentials: client secret (MultiTenant,
 * SingleTenant) or user-assigned managed identity, issuers checked. The connection is given
 * explicitly, so the SDK's own `Connections__…` environment variables cannot replace it.
 */
export function agentsAuthConfiguration(credentials: BotCredentials | undefined, overrides: AuthOverrides = {}): AuthConfiguration {
  const settings: AuthConfiguration = credentials
    ? {
        clientId: credentials.MicrosoftAppId,
        // A multi-tenant bot gets its tokens from the Bot Framework's tenant: the SDK's default without a tenant id.
        tenantId: credentials.MicrosoftAppType === 'MultiTenant' ? undefined : credentials.MicrosoftAppTenantId,
        ...(credentials.MicrosoftAppType === 'UserAssignedMSI'
          ? { authType: AuthType.UserManagedIdentity }
          : { authType: AuthType.ClientSecret, clientSecret: credentials.MicrosoftAppPassword }),
        // Off by default in the SDK; without it a signed token from any Entra tenant would pass.
        validateIssuer: true,
        ...overrides,
      }
    : {};
  return { ...settings, connections: new Map([[CONNECTION, settings]]), connectionsMap: [{ serviceUrl: '*', connection: CONNECTION }] };
}

/** Captures what the SDK's JWT check would have answered, so the client gets Planboten's JSON error instead. */
class AuthVerdict implements WebResponse {
  headersSent = false;
  writableEnded = false;
  reason: string | undefined;
  status(): this {
    return this;
  }
  setHeader(): this {
    return this;
  }
  send(body?: unknown): this {
    const said = (body as { 'jwt-auth-error'?: unknown } | undefined)?.['jwt-auth-error'];
    this.reason = typeof said === 'string' ? said.slice(0, 200) : 'token not verified';
    this.writableEnded = true;
    return this;
  }
  end(): this {
    this.writableEnded = true;
    return this;
  }
}

/** The SDK's full verification: signature (keys from the issuer's metadata), issuer, audience, lifetime. */
async function verifyToken(adapter: CloudAdapter, request: AgentsRequest): Promise<string | undefined> {
  const verdict = new AuthVerdict();
  let passed = false;
  await adapter.authorizeRequest(request, verdict, () => {
    passed = true;
  });
  return passed ? undefined : (verdict.reason ?? 'token not verified');
}

function isLoopback(serviceUrl: string): boolean {
  try {
    const host = new URL(serviceUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

/** The turn's `send` port over the SDK's TurnContext: the reply is addressed to the incoming activity. */
function contextIO(context: TurnContext): TurnIO {
  return {
    async send(activity) {
      const response = await context.sendActivity(Activity.fromObject(activity));
      return { id: response?.id || undefined };
    },
  };
}

/** Answers every request with 503 and says why: NODE_ENV=production without credentials. */
function notConfiguredHost(): BotHost {
  return {
    async handle(req, res) {
      req.resume();
      sendMessagesError(res, 'TEAMS_NOT_CONFIGURED');
    },
  };
}

/**
 * The Agents SDK's CloudAdapter behind `POST /api/messages`, in this order: the body is read (at
 * most 256 KiB of JSON); with credentials, the bearer token is screened without any network lookup
 * and then verified by the SDK (401 with a JSON error otherwise); the activity is validated
 * (400 naming the field); without credentials (Emulator mode) only activities whose replies go
 * to this machine are accepted (403), since an open endpoint must not post to addresses a caller
 * chooses; then the SDK runs the turn and posts the replies, or returns them in the response for
 * `deliveryMode: "expectReplies"` and invokes.
 */
export function createBotHost(config: TeamsConfig, deps: TurnDependencies, options: BotHostOptions = {}): BotHost {
  const credentials = config.credentials;
  if (!credentials && !(options.emulatorAllowed ?? emulatorModeAllowed())) return notConfiguredHost();
  const auth = agentsAuthConfiguration(credentials, options.authOverrides);
  // validateServiceUrl: a caller's token names the service it came from; replies go nowhere else.
  const adapter = new CloudAdapter(auth, undefined, undefined, { validateServiceUrl: true });
  // handleTurn catches its own failures, the reply that cannot be posted included; this is the SDK's last resort.
  adapter.onTurnError = async (context, error) => {
    const activity = context.activity;
    deps.log(`Teams: fel i Agents SDK: ${logSafeDetail(error, { texts: [activity.text], ids: [activity.from?.id, activity.recipient?.id, activity.conversation?.id] })}`);
  };
  const screen: TokenScreen | undefined = credentials && {
    appId: credentials.MicrosoftAppId,
    issuers: [...(getAuthConfigWithDefaults(auth).issuers ?? []), ...FIRST_PARTY_ISSUERS],
  };

  return {
    async handle(req, res) {
      const body = await readActivityBody(req);
      if (!body.ok) return sendMessagesError(res, body.code);
      const request: AgentsRequest = { headers: req.headers, method: req.method };
      if (screen) {
        const refused = screenBearerToken(req.headers.authorization, screen) ?? (await verifyToken(adapter, request));
        if (refused) return sendMessagesError(res, 'UNAUTHORIZED', { reason: refused });
      } else {
        // Emulator mode: the SDK's anonymous identity (no audience: replies are posted without a token).
        request.user = { name: 'anonymous' };
      }
      const checked = validateActivity(body.value);
      if (!checked.ok) return sendMessagesError(res, 'INVALID_ACTIVITY', checked);
      const activity: IncomingActivity = checked.activity;
      if (!credentials && activity.serviceUrl !== undefined && !isLoopback(activity.serviceUrl)) {
        return sendMessagesError(res, 'SERVICE_URL_NOT_ALLOWED');
      }
      // The SDK parses the same body again (it passed the SDK's schema in validateActivity).
      request.body = body.value as Record<string, unknown>;
      await adapter.process(request, new NodeWebResponse(res), (context) => handleTurn(activity, contextIO(context), deps));
    },
  };
}
