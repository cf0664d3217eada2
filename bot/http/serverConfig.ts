import { z } from 'zod';
import { PlanbotenError } from '../../retrieval/errors.js';

const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return new URL(value).origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'ska vara en origin som https://www.seko.se');

const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Comma-separated origins allowed to call the API from a browser, besides the server's own. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(origin)),
  /** Sustained requests per minute per client address on POST /api/ask. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Requests a client may make at once before the per-minute rate applies. */
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(20),
  /** A whole request (headers and body) must arrive within this many milliseconds. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The request headers must arrive within this many milliseconds. */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Take the client address from X-Forwarded-For (only behind a proxy you control). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export type ServerConfig = z.infer<typeof serverEnvSchema>;

export class ConfigError extends PlanbotenError {}

/** Reads and validates the server's environment; a bad value is an error naming the variable. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = serverEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError('CONFIG_INVALID', `Ogiltig inställning ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The defaults, for tests and embedding. */
export function defaultServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...serverConfig({}), ...overrides };
}
