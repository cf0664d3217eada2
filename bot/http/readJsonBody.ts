import type { IncomingMessage } from 'node:http';

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; code: 'BODY_TOO_LARGE' | 'INVALID_JSON' | 'UNSUPPORTED_MEDIA_TYPE' | 'REQUEST_TIMEOUT' };

/**
 * Reads a JSON body of at most `maxBytes` ({@link MAX_BODY_BYTES} by default). Stops reading as
 * soon as the limit is passed, so a huge body costs nothing more than its first bytes; a body still
 * incomplete after `timeoutMs` (when given) is given up, so a slow client cannot hold the connection.
 */
export function readJsonBody(req: IncomingMessage, timeoutMs?: number, maxBytes: number = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    return Promise.resolve({ ok: false, code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, code: 'BODY_TOO_LARGE' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish({ ok: false, code: 'REQUEST_TIMEOUT' }), timeoutMs);
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, code: 'BODY_TOO_LARGE' });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        finish({ ok: false, code: 'INVALID_JSON' });
      }
    });
    req.on('error', () => finish({ ok: false, code: 'INVALID_JSON' }));
  });
}
