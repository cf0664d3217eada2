import { resolve } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../retrieval/config.js';
import { ConfigError } from '../http/serverConfig.js';

const stateEnvSchema = z
  .object({
    /** Shared state for several instances: conversation memory, rate limits, feedback. Unset = this process only. */
    REDIS_URL: z
      .string()
      .trim()
      .min(1)
      .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), 'ska vara en adress som redis://redis:6379 eller rediss://…')
      .optional(),
    /** Prefix of every Redis key, so deployments can share one Redis. */
    REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{0,50}$/, 'bokstäver, siffror och : _ -').default('planboten:'),
    /** Longest wait for one Redis command before the instance falls back to its own memory. */
    REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(500),
    /** Where feedback counts go: Redis (default with REDIS_URL), an append-only file (default without), or memory only. */
    FEEDBACK_STORE: z.enum(['redis', 'file', 'memory']).optional(),
    /** Folder of the feedback file (relative to the project): `feedback.jsonl`, or with Redis `pending.jsonl`. */
    PLANBOTEN_FEEDBACK_DIR: z.string().min(1).default('data/feedback'),
  })
  .superRefine((env, ctx) => {
    if (env.FEEDBACK_STORE === 'redis' && !env.REDIS_URL) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['FEEDBACK_STORE'], message: 'redis kräver REDIS_URL' });
  });

export interface StateConfig {
  redisUrl?: string;
  keyPrefix: string;
  redisTimeoutMs: number;
  feedbackStore: 'redis' | 'file' | 'memory';
  feedbackDir: string;
}

/** Reads and validates where shared state lives; a bad value is a {@link ConfigError} naming the variable. */
export function stateConfig(env: NodeJS.ProcessEnv = process.env): StateConfig {
  const parsed = stateEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError('CONFIG_INVALID', `Ogiltig inställning ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    redisUrl: e.REDIS_URL,
    keyPrefix: e.REDIS_KEY_PREFIX,
    redisTimeoutMs: e.REDIS_TIMEOUT_MS,
    feedbackStore: e.FEEDBACK_STORE ?? (e.REDIS_URL ? 'redis' : 'file'),
    feedbackDir: resolve(PROJECT_ROOT, e.PLANBOTEN_FEEDBACK_DIR),
  };
}
