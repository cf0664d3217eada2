import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import { packageConfig, placeholderValues } from './packageConfig.js';
import { renderManifest } from './renderManifest.js';

/** The template and icons, as committed. */
export const MANIFEST_DIR = join(PROJECT_ROOT, 'manifest');
/** Where `npm run package:teams` writes the package. */
export const DEFAULT_PACKAGE_PATH = join(PROJECT_ROOT, 'build', 'appPackage.zip');
/** The icons beside the manifest, named as the manifest names them. */
export const ICON_FILES = ['color.png', 'outline.png'] as const;

/** Where the package was written, and the manifest in it. */
export interface BuiltPackage {
  path: string;
  manifest: Record<string, unknown>;
}

/**
 * Writes the Teams app package: `manifest.json` with ids and addresses from the environment, and
 * the two icons, all at the zip's root as Teams requires.
 */
export function buildAppPackage(env: NodeJS.ProcessEnv = process.env, outFile = DEFAULT_PACKAGE_PATH, manifestDir = MANIFEST_DIR): BuiltPackage {
  const values = placeholderValues(packageConfig(env));
  const manifest = renderManifest(readFileSync(join(manifestDir, 'manifest.json'), 'utf8'), values);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const icon of ICON_FILES) zip.addFile(icon, readFileSync(join(manifestDir, icon)));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip.toBuffer());
  return { path: outFile, manifest };
}
