import { getAuthConfigWithDefaults } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentsAuthConfiguration } from '../../../bot/teams/agentsHost.js';
import { authModeNotice, emulatorModeAllowed, TeamsConfigError, teamsConfig } from '../../../bot/teams/teamsConfig.js';

const APP_ID = '6f1e3a52-3c2d-4f7a-9b1e-0d5c8e7a9f10';
const TENANT = '0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';

function configError(env: NodeJS.ProcessEnv): TeamsConfigError {
  try {
    teamsConfig(env);
  } catch (error) {
    if (error instanceof TeamsConfigError) return error;
    throw error;
  }
  throw new Error('expected a TeamsConfigError');
}

describe('teamsConfig', () => {
  it('runs unauthenticated (Emulator mode) with no credentials, and says so', () => {
    const config = teamsConfig({});
    expect(config.credentials).toBeUndefined();
    expect(authModeNotice(config)).toMatch(/utan autentisering \(Emulator-läge\)/);
    expect(teamsConfig({ MicrosoftAppId: '  ', MicrosoftAppPassword: '' }).credentials).toBeUndefined();
  });

  it('reads multi-tenant and single-tenant credentials, and stays quiet about them', () => {
    const multi = teamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' });
    expect(multi.credentials).toEqual({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: undefined, MicrosoftAppType: 'MultiTenant' });
    expect(authModeNotice(multi)).toBeUndefined();
    const single = teamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'SingleTenant' });
    expect(single.credentials?.MicrosoftAppTenantId).toBe(TENANT);
    expect(teamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'UserAssignedMSI' }).credentials?.MicrosoftAppType).toBe('UserAssignedMSI');
  });

  it.each([
    ['MicrosoftAppId', { MicrosoftAppPassword: 'secret' }],
    ['MicrosoftAppId', { MicrosoftAppId: 'planboten' }],
    ['MicrosoftAppPassword', { MicrosoftAppId: APP_ID }],
    ['MicrosoftAppTenantId', { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant' }],
    ['MicrosoftAppType', { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'Multi' }],
    ['MicrosoftAppPassword', { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'UserAssignedMSI' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'planboten.example.org' }],
    ['TEAMS_APP_ID', { TEAMS_APP_ID: 'planboten-app' }],
  ])('never falls back to unauthenticated on a partial or bad set: names %s', (variable, env) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(variable);
    // Never echo the secret.
    expect(error.message).not.toContain('secret');
  });

  it('takes the public address without a trailing slash', () => {
    expect(teamsConfig({ PUBLIC_BASE_URL: 'https://planboten.example.org/' }).publicBaseUrl).toBe('https://planboten.example.org');
  });
});

describe('teamsConfig: the settings the new features read', () => {
  it('takes TEAMS_APP_ID for deep links into the tab', () => {
    expect(teamsConfig({ TEAMS_APP_ID: ` ${APP_ID} ` }).teamsAppId).toBe(APP_ID);
    expect(teamsConfig({}).teamsAppId).toBeUndefined();
  });

  it('expects slow answers (informative update) exactly when LLM_PROVIDER names a hosted model', () => {
    expect(teamsConfig({}).slowAnswers).toBe(false);
    expect(teamsConfig({ LLM_PROVIDER: 'extractive' }).slowAnswers).toBe(false);
    expect(teamsConfig({ LLM_PROVIDER: 'OpenAI' }).slowAnswers).toBe(true);
    expect(teamsConfig({ LLM_PROVIDER: 'ollama' }).slowAnswers).toBe(true);
  });

  it('says at start-up that the bot is closed under NODE_ENV=production without credentials', () => {
    expect(emulatorModeAllowed({ NODE_ENV: 'production' })).toBe(false);
    expect(emulatorModeAllowed({ NODE_ENV: 'test' })).toBe(true);
    expect(authModeNotice(teamsConfig({}), { NODE_ENV: 'production' })).toMatch(/avstängd.*503/);
    expect(authModeNotice(teamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' }), { NODE_ENV: 'production' })).toBeUndefined();
  });
});

describe('the Agents SDK connection built from the MicrosoftApp* settings', () => {
  afterEach(() => vi.unstubAllEnvs());
  const credentials = (env: NodeJS.ProcessEnv) => teamsConfig(env).credentials;

  it('gives a multi-tenant bot the Bot Framework tenant, a single-tenant one its own, and checks issuers', () => {
    const multi = agentsAuthConfiguration(credentials({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT }));
    expect(multi).toMatchObject({ clientId: APP_ID, clientSecret: 'secret', authType: 'ClientSecret', validateIssuer: true });
    expect(multi.tenantId).toBeUndefined();
    expect(getAuthConfigWithDefaults(multi).issuers).toContain('https://login.microsoftonline.com/botframework.com/v2.0');
    const single = agentsAuthConfiguration(credentials({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'SingleTenant' }));
    expect(getAuthConfigWithDefaults(single).issuers).toContain(`https://login.microsoftonline.com/${TENANT}/v2.0`);
  });

  it('uses the managed identity, without a secret, for UserAssignedMSI', () => {
    const msi = agentsAuthConfiguration(credentials({ MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'UserAssignedMSI' }));
    expect(msi).toMatchObject({ clientId: APP_ID, tenantId: TENANT, authType: 'UserManagedIdentity' });
    expect(msi.clientSecret).toBeUndefined();
  });

  it('is not replaced by the SDK’s own Connections__ variables', () => {
    // TEST_MODE makes the SDK re-read the environment on each call.
    vi.stubEnv('TEST_MODE', 'true');
    vi.stubEnv('Connections__other__Settings__ClientId', '00000000-0000-4000-8000-000000000000');
    vi.stubEnv('Connections__other__Settings__ClientSecret', 'someone-else');
    const resolved = getAuthConfigWithDefaults(agentsAuthConfiguration(credentials({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' })));
    expect(resolved.clientId).toBe(APP_ID);
    expect([...resolved.connections!.values()].map((c) => c.clientId)).toEqual([APP_ID]);
  });
});
