import { z } from 'zod';
import { providerEnvSchema } from '../config/providerConfig.js';
import { ConfigError } from '../http/serverConfig.js';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** An unset variable and an empty one mean the same: not configured. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value), schema.optional());

const guid = z.string().regex(GUID, 'ska vara ett GUID som 00000000-0000-0000-0000-000000000000');

/** An absolute http(s) URL without query or fragment; a trailing slash is dropped. */
export const baseUrlSchema = z
  .string()
  .url('ska vara en absolut URL som https://planboten.example.org')
  .refine((value) => /^https?:\/\//i.test(value), 'ska börja med https://')
  .refine((value) => !/[?#]/.test(value), 'får inte ha ? eller #')
  .transform((value) => value.replace(/\/+$/, ''));

const teamsEnvSchema = z.object({
  MicrosoftAppId: optional(guid),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppTenantId: optional(guid),
  MicrosoftAppType: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])),
  /** Where the server is reachable from Teams; citations then link to the section in the tab. */
  PUBLIC_BASE_URL: optional(baseUrlSchema),
  /** The Teams app's id; with PUBLIC_BASE_URL, citations open the tab inside Teams (deep link). */
  TEAMS_APP_ID: optional(guid),
});

/** The Bot Framework credentials, under the names the Azure Bot registration and the README use. */
export interface BotCredentials {
  MicrosoftAppId: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppTenantId?: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

/** The bot's settings from the environment. */
export interface TeamsConfig {
  /** Undefined: no credentials, requests are not authenticated (Bot Framework Emulator, local use only). */
  credentials: BotCredentials | undefined;
  publicBaseUrl: string | undefined;
  /** TEAMS_APP_ID: with publicBaseUrl, citations in Teams are deep links into the tab. */
  teamsAppId?: string;
  /** A hosted model writes the answers (LLM_PROVIDER other than extractive): Teams shows "Söker i planerna …" first. */
  slowAnswers?: boolean;
}

/**
 * Whether LLM_PROVIDER names a hosted model. Read with the provider layer's own schema; an invalid
 * value is reported at start-up by that layer (bot/config/providerConfig.ts), so here it counts as none.
 */
function hostedModelConfigured(env: NodeJS.ProcessEnv): boolean {
  const provider = providerEnvSchema.shape.LLM_PROVIDER.safeParse(env.LLM_PROVIDER);
  return provider.success && provider.data !== 'extractive';
}

/** A Teams setting is missing or malformed; `variable` names it. */
export class TeamsConfigError extends ConfigError {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super('CONFIG_INVALID', `Ogiltig inställning ${variable}: ${message}`);
    this.variable = variable;
  }
}

/**
 * Reads the bot's credentials from the environment. None set means unauthenticated local mode;
 * a partial or contradictory set is an error naming the variable, never a silent fallback to
 * unauthenticated mode.
 */
export function teamsConfig(env: NodeJS.ProcessEnv = process.env): TeamsConfig {
  const parsed = teamsEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TeamsConfigError(String(issue.path[0]), issue.message);
  }
  const { MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType, PUBLIC_BASE_URL, TEAMS_APP_ID } = parsed.data;
  const base = { publicBaseUrl: PUBLIC_BASE_URL, teamsAppId: TEAMS_APP_ID, slowAnswers: hostedModelConfigured(env) };
  if (!MicrosoftAppId) {
    for (const [name, value] of Object.entries({ MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType })) {
      if (value !== undefined) throw new TeamsConfigError('MicrosoftAppId', `saknas, men ${name} är satt`);
    }
    return { ...base, credentials: undefined };
  }
  const type = MicrosoftAppType ?? 'MultiTenant';
  if (type === 'UserAssignedMSI') {
    if (MicrosoftAppPassword) throw new TeamsConfigError('MicrosoftAppPassword', 'ska inte sättas med MicrosoftAppType=UserAssignedMSI');
    if (!MicrosoftAppTenantId) throw new TeamsConfigError('MicrosoftAppTenantId', 'krävs med MicrosoftAppType=UserAssignedMSI');
  } else {
    if (!MicrosoftAppPassword) throw new TeamsConfigError('MicrosoftAppPassword', `krävs med MicrosoftAppType=${type}`);
    if (type === 'SingleTenant' && !MicrosoftAppTenantId) throw new TeamsConfigError('MicrosoftAppTenantId', 'krävs med MicrosoftAppType=SingleTenant');
  }
  return { ...base, credentials: { MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType: type } };
}

/**
 * The Microsoft 365 Agents SDK refuses to run without an app id when NODE_ENV=production, so there
 * the Emulator mode is off and `POST /api/messages` answers 503 until MicrosoftAppId is set.
 */
export function emulatorModeAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV?.toLowerCase() !== 'production';
}

/** The start-up line for unauthenticated mode; undefined when credentials are set. */
export function authModeNotice(config: TeamsConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (config.credentials) return undefined;
  if (!emulatorModeAllowed(env)) {
    return 'Teams-boten är avstängd: NODE_ENV=production utan MicrosoftAppId. POST /api/messages svarar 503 tills MicrosoftAppId och MicrosoftAppPassword är satta.';
  }
  return 'Teams-boten körs utan autentisering (Emulator-läge): POST /api/messages tar bara emot aktiviteter med serviceUrl på den här datorn. Sätt MicrosoftAppId och MicrosoftAppPassword för Teams.';
}
