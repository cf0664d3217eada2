import type { IncomingMessage } from 'node:http';

/**
 * Largest activity accepted, in bytes. Teams activities carry channel data, entities and an HTML
 * copy of the message, so they are larger than the API's questions; this still bounds memory.
 */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** The parsed activity, or the HTTP status to reject it with. */
export type ActivityBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415 };

/** Reads a JSON object body of at most `maxBytes`, stopping as soon as the limit is passed. */
export function readActivityBody(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<ActivityBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    return Promise.resolve({ ok: false, status: 415 });
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, status: 413 });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: ActivityBody) => {
      if (!done) {
        done = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, status: 413 });
        req.resume();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        finish(isObject ? { ok: true, value: value as Record<string, unknown> } : { ok: false, status: 400 });
      } catch {
        finish({ ok: false, status: 400 });
      }
    });
    req.on('error', () => finish({ ok: false, status: 400 }));
  });
}
