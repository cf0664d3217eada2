import type { IncomingMessage } from 'node:http';
import { readJsonBody, type BodyResult } from '../http/readJsonBody.js';

/**
 * Largest activity accepted, in bytes. Teams activities carry channel data, entities and an HTML
 * copy of the message, so they are larger than the API's questions; this still bounds memory.
 */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** The parsed JSON body (any JSON value: {@link validateActivity} says whether it is an activity), or why it could not be read. */
export type ActivityBody = BodyResult;

/** Reads a JSON body of at most `maxBytes`, stopping as soon as the limit is passed. */
export function readActivityBody(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<ActivityBody> {
  return readJsonBody(req, undefined, maxBytes);
}
