import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import type { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPackage, MANIFEST_DIR } from '../../../bot/teams/appPackage/buildAppPackage.js';
import { ICON_SIZES } from '../../../bot/teams/appPackage/drawIcons.js';
import { renderManifest } from '../../../bot/teams/appPackage/renderManifest.js';
import { TeamsConfigError } from '../../../bot/teams/teamsConfig.js';
import { EXAMPLE_QUESTIONS } from '../../../bot/teams/teamsMessages.js';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import { scratchDir } from '../../helpers/corpus.js';

const ENV = {
  TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppId: '6f1e3a52-3c2d-4f7a-9b1e-0d5c8e7a9f10',
  PUBLIC_BASE_URL: 'https://planboten.example.org/',
  TEAMS_PRIVACY_URL: 'https://www.example.org/integritet',
  TEAMS_TERMS_URL: 'https://www.example.org/villkor',
};

/**
 * The Teams manifest schemas are JSON Schema draft-04. The validator is the one Microsoft's own
 * @microsoft/app-manifest (Teams Toolkit / Agents Toolkit) uses for them: ajv-draft-04 with
 * ajv-formats, resolved from that package, with the schema file it ships.
 */
function teamsSchemaValidator(version: string) {
  const appManifest = createRequire(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  // ajv-draft-04 is Ajv's core with draft-04 rules; it has Ajv's API, hence Ajv's type.
  const Ajv04 = (appManifest('ajv-draft-04') as { default: typeof Ajv }).default;
  const schemaPath = join(appManifest.resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $schema: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const ajv = new Ajv04({ allErrors: true, strictTypes: false });
  // ajv-formats is CommonJS; its module object is the plugin and carries itself as `default`.
  ajvFormats.default(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schema);
}

describe('npm run package:teams', () => {
  const { dir, cleanup } = scratchDir('planboten-teams-');
  const zipPath = join(dir, 'appPackage.zip');
  let zip: AdmZip;
  let manifest: Record<string, unknown> & { manifestVersion: string };

  beforeAll(() => {
    buildAppPackage(ENV, zipPath);
    zip = new AdmZip(zipPath);
    manifest = JSON.parse(zip.readAsText('manifest.json'));
  });
  afterAll(cleanup);

  it('puts exactly the manifest and the two icons at the zip’s root', () => {
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('writes a manifest that the Teams schema of its version accepts (v1.24)', () => {
    expect(manifest.manifestVersion).toBe('1.24');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json');
    const validate = teamsSchemaValidator(manifest.manifestVersion);
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('and the validator is not vacuous: a broken manifest fails', () => {
    const validate = teamsSchemaValidator(manifest.manifestVersion);
    expect(validate({ ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['personal'] }] })).toBe(false);
    expect(validate({ ...manifest, accentColor: 'red' })).toBe(false);
    const { developer: _dropped, ...withoutDeveloper } = manifest;
    expect(validate(withoutDeveloper)).toBe(false);
  });

  it('substitutes ids and addresses from the environment, leaving no placeholder', () => {
    const text = zip.readAsText('manifest.json');
    expect(text).not.toMatch(/\$\{\{/);
    expect(manifest).toMatchObject({
      id: ENV.TEAMS_APP_ID,
      version: '0.1.0',
      developer: { name: 'Seko', websiteUrl: 'https://www.seko.se', privacyUrl: ENV.TEAMS_PRIVACY_URL, termsOfUseUrl: ENV.TEAMS_TERMS_URL },
      bots: [{ botId: ENV.MicrosoftAppId, scopes: ['personal', 'team', 'groupChat'] }],
      validDomains: ['planboten.example.org'],
    });
    const tabs = manifest.staticTabs as Array<{ entityId: string; name?: string; contentUrl?: string; websiteUrl?: string }>;
    expect(tabs[0]).toMatchObject({ entityId: 'planerna', name: 'Planerna', contentUrl: 'https://planboten.example.org/tab?theme={theme}', websiteUrl: 'https://planboten.example.org/tab' });
  });

  it('offers the welcome’s example questions as prompt starters in personal chat', () => {
    const [bot] = manifest.bots as Array<{ commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
    const personal = bot.commandLists.find((l) => l.scopes.includes('personal'))!;
    const titles = personal.commands.map((c) => c.title);
    for (const question of EXAMPLE_QUESTIONS) expect(titles).toContain(question);
    expect(titles).toEqual(expect.arrayContaining(['hjälp', 'källor']));
  });

  it('ships icons of the sizes Teams requires: colour 192×192, outline 32×32 white on transparent', () => {
    const color = PNG.sync.read(zip.readFile('color.png')!);
    expect([color.width, color.height]).toEqual([ICON_SIZES.color, ICON_SIZES.color]);
    const outline = PNG.sync.read(zip.readFile('outline.png')!);
    expect([outline.width, outline.height]).toEqual([ICON_SIZES.outline, ICON_SIZES.outline]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(0);
    expect(opaque).toBeGreaterThan(0);
  });

  it('packages the committed icons', () => {
    expect(zip.readFile('color.png')!.equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(zip.readFile('outline.png')!.equals(readFileSync(join(MANIFEST_DIR, 'outline.png')))).toBe(true);
  });
});

describe('package settings', () => {
  const { dir, cleanup } = scratchDir('planboten-teams-');
  afterAll(cleanup);
  const build = (env: Record<string, string | undefined>) => () => buildAppPackage(env, join(dir, 'x.zip'));

  it.each([
    ['TEAMS_APP_ID', { ...ENV, TEAMS_APP_ID: undefined }, /TEAMS_APP_ID: saknas/],
    ['TEAMS_APP_ID', { ...ENV, TEAMS_APP_ID: 'planboten' }, /TEAMS_APP_ID: ska vara ett GUID/],
    ['MicrosoftAppId', { ...ENV, MicrosoftAppId: '' }, /MicrosoftAppId: saknas/],
    ['PUBLIC_BASE_URL', { ...ENV, PUBLIC_BASE_URL: undefined }, /PUBLIC_BASE_URL/],
    ['PUBLIC_BASE_URL', { ...ENV, PUBLIC_BASE_URL: 'http://planboten.example.org' }, /PUBLIC_BASE_URL: ska börja med https:\/\//],
    ['TEAMS_PRIVACY_URL', { ...ENV, TEAMS_PRIVACY_URL: undefined }, /TEAMS_PRIVACY_URL: saknas/],
    ['TEAMS_APP_VERSION', { ...ENV, TEAMS_APP_VERSION: 'v2' }, /TEAMS_APP_VERSION: ska vara en version/],
  ])('names %s when it is missing or invalid', (variable, env, message) => {
    let error: unknown;
    try {
      build(env)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TeamsConfigError);
    expect((error as TeamsConfigError).variable).toBe(variable);
    expect((error as TeamsConfigError).code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toMatch(message);
  });

  it('escapes values so they cannot break out of their JSON string', () => {
    const manifest = renderManifest('{"name": "${{NAME}}"}', { NAME: 'Seko "Avd" \\ 1' });
    expect(manifest).toEqual({ name: 'Seko "Avd" \\ 1' });
    expect(() => renderManifest('{"a": "${{MISSING}}"}', {})).toThrow(/MISSING/);
  });
});

describe('the package:teams script', () => {
  const { dir, cleanup } = scratchDir('planboten-teams-');
  afterAll(cleanup);
  const run = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/packageTeams.ts', '--out', join(dir, 'app.zip')], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });

  it('writes the zip with example settings', async () => {
    const { stderr } = await run(ENV);
    expect(stderr).toMatch(/Teams-appaketet är skrivet: .*app\.zip \(manifest 1\.24, version 0\.1\.0\)/);
    expect(existsSync(join(dir, 'app.zip'))).toBe(true);
  });

  it('exits 1 with a message naming the missing setting', async () => {
    const { TEAMS_APP_ID: _omitted, ...rest } = ENV;
    await expect(run(rest)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^Fel: Ogiltig inställning TEAMS_APP_ID: saknas/) });
  });
});
