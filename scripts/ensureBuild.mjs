// `npm start`'s first step (and `npm ci`'s prepare): builds dist/ when it is missing or older than the TypeScript sources
// (a fresh clone, or sources edited since the last build), so `npm start` always runs current code.
// Plain JavaScript because it runs before anything is compiled. Progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// After `npm ci`/`npm install` (prepare, --warn-only) a failed build must not undo the install: npm start builds again and stops there.
const warnOnly = process.argv.includes('--warn-only');
const stamp = join(root, 'dist', '.build-stamp');

/** Newest modification time of the files the build reads, in milliseconds. */
function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['bot', 'retrieval', 'scripts'].map((d) => newestSource(join(root, d)));
const inputs = Math.max(...sources, ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;

if (built < inputs) {
  if (!existsSync(join(root, 'node_modules', 'typescript'))) {
    if (built > 0) {
      process.stderr.write('dist/ är äldre än källkoden, men TypeScript är inte installerat (npm ci --omit=dev?); startar den befintliga byggda versionen.\n');
      process.exit(0);
    }
    process.stderr.write('dist/ saknas och TypeScript är inte installerat: kör npm ci och npm run build.\n');
    process.exit(warnOnly ? 0 : 1);
  }
  process.stderr.write(built === 0 ? 'Bygger servern (npm run build) ...\n' : 'Källkoden har ändrats sedan förra bygget; bygger om (npm run build) ...\n');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(warnOnly ? 'Bygget misslyckades (se felen ovan); npm start försöker igen.\n' : 'Bygget misslyckades; se felen ovan.\n');
    process.exit(warnOnly ? 0 : (result.status ?? 1));
  }
}
