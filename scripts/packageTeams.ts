import { relative, resolve } from 'node:path';
import { buildAppPackage, DEFAULT_PACKAGE_PATH } from '../bot/teams/appPackage/buildAppPackage.js';
import { PROJECT_ROOT } from '../retrieval/config.js';
import { PlanbotenError } from '../retrieval/errors.js';

/**
 * `npm run package:teams [-- --out file.zip]`: the Teams app package (build/appPackage.zip by
 * default) for upload in Teams Developer Portal or the Teams admin center.
 */
try {
  const at = process.argv.indexOf('--out');
  const out = at >= 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : DEFAULT_PACKAGE_PATH;
  const built = buildAppPackage(process.env, out);
  process.stderr.write(`Teams-appaketet är skrivet: ${relative(PROJECT_ROOT, built.path)} (manifest ${String(built.manifest.manifestVersion)}, version ${String(built.manifest.version)})\n`);
} catch (error) {
  process.stderr.write(`Fel: ${error instanceof PlanbotenError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
}
