import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The project root, whatever the working directory: above retrieval/, or above dist/retrieval/ in the build. */
export const PROJECT_ROOT = resolve(HERE, existsSync(resolve(HERE, '../package.json')) ? '..' : '../..');

const retrievalEnvSchema = z.object({
  PLANBOTEN_CORPUS_DIR: z.string().min(1).optional(),
  PLANBOTEN_DATA_DIR: z.string().min(1).optional(),
});

export interface RetrievalConfig {
  corpusDir: string;
  dataDir: string;
}

/** Where the plans and the saved index live: `corpus/` and `data/index/` unless overridden by environment. */
export function retrievalConfig(env: NodeJS.ProcessEnv = process.env): RetrievalConfig {
  const parsed = retrievalEnvSchema.parse(env);
  return {
    corpusDir: resolve(PROJECT_ROOT, parsed.PLANBOTEN_CORPUS_DIR ?? 'corpus'),
    dataDir: resolve(PROJECT_ROOT, parsed.PLANBOTEN_DATA_DIR ?? 'data/index'),
  };
}
