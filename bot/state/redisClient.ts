import { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** No command waits longer than this for Redis; it fails and the caller falls back. */
  timeoutMs: number;
  /** Connection changes (lost, back), once per change; never question text or ids. */
  log: (message: string) => void;
}

/** Where the URL points, without credentials, for log lines. */
export function redisLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'Redis';
  }
}

/**
 * An ioredis client that never makes a request wait on a Redis that is down: commands fail at
 * once while disconnected (no offline queue) and after `timeoutMs` when Redis is slow or hangs;
 * it keeps reconnecting in the background (up to every 2 s) and logs each change of state once.
 */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const label = redisLabel(url);
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(1_000, options.timeoutMs * 4),
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    connectionName: 'planboten',
  });
  let up: boolean | undefined;
  client.on('ready', () => {
    if (up !== true) options.log(`Redis ${label} nås; delat tillstånd används.`);
    up = true;
  });
  client.on('error', (error: Error) => {
    if (up !== false) options.log(`Redis ${label} kan inte nås (${error.message}); varje instans använder sitt eget minne tills Redis svarar igen.`);
    up = false;
  });
  client.on('close', () => {
    if (up === true) options.log(`Anslutningen till Redis ${label} bröts; försöker igen.`);
    if (up === true) up = false;
  });
  return client;
}

/** Waits until the client is connected, at most `ms`; false if it is not by then. */
export function waitUntilReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    client.once('ready', onReady);
  });
}

/** `ok` when Redis answers PING within the client's command timeout, else `down`. */
export async function redisHealth(client: Redis): Promise<'ok' | 'down'> {
  if (client.status !== 'ready') return 'down';
  try {
    return (await client.ping()) === 'PONG' ? 'ok' : 'down';
  } catch {
    // The failure itself is logged by the client's error handler; health only reports it.
    return 'down';
  }
}
