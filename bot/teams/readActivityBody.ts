import type { IncomingMessage } from 'node:http';
import { readJsonBody } from '../http/readJsonBody.js';

/**
 * Largest activity accepted, in bytes. Teams activities carry channel data, entities and an HTML
 * copy of the message, so they are larger than the API's questions; this still bounds memory.
 */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** The parsed activity, or the HTTP status to reject it with. */
export type ActivityBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415 };

const STATUS = { BODY_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, INVALID_JSON: 400, REQUEST_TIMEOUT: 400 } as const;

/** Reads a JSON object body of at most `maxBytes`, stopping as soon as the limit is passed. */
export async function readActivityBody(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<ActivityBody> {
  const body = await readJsonBody(req, undefined, maxBytes);
  if (!body.ok) return { ok: false, status: STATUS[body.code] };
  const isObject = typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value);
  return isObject ? { ok: true, value: body.value as Record<string, unknown> } : { ok: false, status: 400 };
}
