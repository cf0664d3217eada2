import { z } from 'zod';
import { PlanbotenError } from '../../retrieval/errors.js';
import { parseTrustProxy, type TrustProxy } from './clientAddress.js';

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
  /**
   * Requests a client may make at once: the limit allows this many per window of
   * RATE_LIMIT_BURST × 60 / RATE_LIMIT_PER_MINUTE seconds (20 per 20 s by default).
   */
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(20),
  /** A whole request (headers and body) must arrive within this many milliseconds. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The request headers must arrive within this many milliseconds. */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** In-flight requests get this long to finish after SIGTERM/SIGINT before connections are cut. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * Proxies trusted to report the client address in X-Forwarded-For (proxy-addr semantics):
   * `false`, a hop count (`1` = one load balancer; `true` means the same), or a comma-separated
   * list of addresses/CIDR ranges/`loopback`, `linklocal`, `uniquelocal`.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): TrustProxy => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `ska vara false, ett antal proxysteg eller en lista med adresser/CIDR (${(error as Error).message})` });
        return z.NEVER;
      }
    }),
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
