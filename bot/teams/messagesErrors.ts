import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/httpErrors.js';
import { MAX_ACTIVITY_BYTES } from './readActivityBody.js';

/** Error codes of `POST /api/messages`, with their status and a message in Swedish and English. */
export const MESSAGES_ERRORS = {
  INVALID_JSON: [400, 'Begäran är inte giltig JSON.', 'The request body is not valid JSON.'],
  INVALID_ACTIVITY: [400, 'Begäran är ingen giltig Bot Framework-aktivitet.', 'The request is not a valid Bot Framework activity.'],
  BODY_TOO_LARGE: [413, `Aktiviteten är för stor (högst ${MAX_ACTIVITY_BYTES / 1024} KiB).`, `The activity is too large (at most ${MAX_ACTIVITY_BYTES / 1024} KiB).`],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Skicka aktiviteten som application/json.', 'Send the activity as application/json.'],
  REQUEST_TIMEOUT: [408, 'Begäran tog för lång tid att skicka.', 'The request took too long to arrive.'],
  UNAUTHORIZED: [401, 'Begäran saknar en giltig Bot Framework-token.', 'The request lacks a valid Bot Framework token.'],
  SERVICE_URL_NOT_ALLOWED: [
    403,
    'Utan MicrosoftAppId tas bara aktiviteter med serviceUrl på den här datorn emot (Emulator-läge).',
    'Without MicrosoftAppId, only activities whose serviceUrl is on this machine are accepted (Emulator mode).',
  ],
  REJECTED: [400, 'Aktiviteten avvisades (till exempel en serviceUrl som inte stämmer med token).', 'The activity was rejected (for example a serviceUrl that does not match the token).'],
  TURN_FAILED: [500, 'Något gick fel hos Planboten. Försök igen om en stund.', 'Something went wrong in Planboten. Please try again shortly.'],
  TEAMS_NOT_CONFIGURED: [
    503,
    'Teams-boten är inte konfigurerad: sätt MicrosoftAppId och MicrosoftAppPassword (utan dem körs den bara utanför NODE_ENV=production).',
    'The Teams bot is not configured: set MicrosoftAppId and MicrosoftAppPassword (without them it runs only outside NODE_ENV=production).',
  ],
} as const satisfies Record<string, readonly [number, string, string]>;

export type MessagesErrorCode = keyof typeof MESSAGES_ERRORS;

/** Extra detail for an error: the field at fault (INVALID_ACTIVITY) or why a token was refused (UNAUTHORIZED). */
export interface MessagesErrorDetail {
  field?: string;
  problem?: string;
  reason?: string;
}

/**
 * Sends `{error: {code, message, messageEn, …detail}}` with the code's status (or, for a status the
 * Agents SDK chose, that one). An invalid
 * activity's message names the field and the problem (never the field's value).
 */
export function sendMessagesError(res: ServerResponse, code: MessagesErrorCode, detail: MessagesErrorDetail = {}, statusOverride?: number): void {
  const [defaultStatus, message, messageEn] = MESSAGES_ERRORS[code];
  const status = statusOverride ?? defaultStatus;
  const field = detail.field ? { field: detail.field } : {};
  const withField = detail.field && detail.problem ? `${message.replace(/\.$/, '')}: ${detail.field} ${detail.problem}.` : message;
  const withFieldEn = detail.field ? `${messageEn.replace(/\.$/, '')}: field ${detail.field}.` : messageEn;
  sendJson(res, status, { error: { code, message: withField, messageEn: withFieldEn, ...field, ...(detail.reason ? { reason: detail.reason } : {}) } });
}
