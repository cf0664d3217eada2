import { describe, expect, it } from 'vitest';
import { authModeNotice, TeamsConfigError, teamsConfig } from '../../../bot/teams/teamsConfig.js';

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
