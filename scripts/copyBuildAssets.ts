import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../retrieval/config.js';

/**
 * Second step of `npm run build`, run from dist/: copies the files modules read beside themselves
 * (the tab's page, script and style under bot/) next to their compiled modules, and stamps the
 * build so `npm start` can tell whether it is older than the sources. Everything else (corpus,
 * prompts, glossary, widget, data/) is read from the project root, which dist/ modules find too.
 */
function main(): void {
  const dist = join(PROJECT_ROOT, 'dist');
  cpSync(join(PROJECT_ROOT, 'bot'), join(dist, 'bot'), { recursive: true, filter: (source) => !source.endsWith('.ts') });
  writeFileSync(join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
}

main();
