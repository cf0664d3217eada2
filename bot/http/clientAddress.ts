import type { IncomingMessage } from 'node:http';

/**
 * The address a request's rate limit is keyed on: the socket's peer, or the first
 * X-Forwarded-For entry when the server sits behind a proxy you control (`trustProxy`).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0].trim();
  return req.socket.remoteAddress ?? 'unknown';
}
