import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import { TeamsConfigError } from '../teamsConfig.js';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const guid = (what: string) => z.string({ required_error: `saknas (${what}, ett GUID)` }).trim().regex(GUID, `ska vara ett GUID (${what})`);

const httpsUrl = z
  .string()
  .trim()
  .url('ska vara en absolut https-adress')
  .refine((value) => value.toLowerCase().startsWith('https://'), 'ska börja med https:// (Teams kräver https)')
  .refine((value) => !/[?#]/.test(value), 'får inte ha ? eller #');

/** `package.json`'s version: the app's version unless TEAMS_APP_VERSION says otherwise. */
function projectVersion(): string {
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'))).version;
}

const packageEnvSchema = z.object({
  TEAMS_APP_ID: guid('Teams-appens id, t.ex. från Teams Developer Portal'),
  MicrosoftAppId: guid('botens app-id från Azure Bot-registreringen'),
  PUBLIC_BASE_URL: httpsUrl.transform((value) => value.replace(/\/+$/, '')),
  TEAMS_APP_VERSION: z.string().trim().regex(/^\d+\.\d+\.\d+$/, 'ska vara en version som 1.2.3').optional(),
  TEAMS_DEVELOPER_NAME: z.string().trim().min(1).max(32, 'högst 32 tecken').default('Seko'),
  TEAMS_DEVELOPER_WEBSITE_URL: httpsUrl.default('https://www.seko.se'),
  TEAMS_PRIVACY_URL: z.string({ required_error: 'saknas (adress till integritetspolicyn)' }).pipe(httpsUrl),
  TEAMS_TERMS_URL: z.string({ required_error: 'saknas (adress till användarvillkoren)' }).pipe(httpsUrl),
});

/** The app package's settings, validated, the version filled in. */
export type PackageConfig = z.infer<typeof packageEnvSchema> & { TEAMS_APP_VERSION: string };

/** The environment variables the app package reads, for messages and the README. */
export const PACKAGE_VARIABLES = Object.keys(packageEnvSchema.shape);

/**
 * Reads the app package's settings from the environment: ids as GUIDs, addresses as https URLs.
 * The first missing or invalid one is an error naming it.
 */
export function packageConfig(env: NodeJS.ProcessEnv = process.env): PackageConfig {
  // An empty variable counts as unset, so `FOO= npm run package:teams` reports FOO as missing.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = packageEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TeamsConfigError(String(issue.path[0]), issue.message);
  }
  return { ...parsed.data, TEAMS_APP_VERSION: parsed.data.TEAMS_APP_VERSION ?? projectVersion() };
}

/** The values of the manifest's `${{NAME}}` placeholders. */
export function placeholderValues(config: PackageConfig): Record<string, string> {
  return {
    TEAMS_APP_ID: config.TEAMS_APP_ID,
    MicrosoftAppId: config.MicrosoftAppId,
    PUBLIC_BASE_URL: config.PUBLIC_BASE_URL,
    PUBLIC_HOST: new URL(config.PUBLIC_BASE_URL).host,
    TEAMS_APP_VERSION: config.TEAMS_APP_VERSION,
    TEAMS_DEVELOPER_NAME: config.TEAMS_DEVELOPER_NAME,
    TEAMS_DEVELOPER_WEBSITE_URL: config.TEAMS_DEVELOPER_WEBSITE_URL,
    TEAMS_PRIVACY_URL: config.TEAMS_PRIVACY_URL,
    TEAMS_TERMS_URL: config.TEAMS_TERMS_URL,
  };
}
