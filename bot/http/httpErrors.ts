import type { ServerResponse } from 'node:http';

/** Error codes of the HTTP API, with their status and a message in Swedish and English. */
export const HTTP_ERRORS = {
  INVALID_JSON: [400, 'Begäran är inte giltig JSON.', 'The request body is not valid JSON.'],
  INVALID_REQUEST: [400, 'Begäran ska vara ett JSON-objekt med fältet "question" (text).', 'The request must be a JSON object with a string field "question".'],
  EMPTY_QUESTION: [400, 'Frågan är tom. Skriv en fråga om Sekos verksamhetsplaner.', 'The question is empty. Ask something about Seko’s plans.'],
  QUESTION_TOO_LONG: [413, 'Frågan är för lång (högst 1 000 tecken).', 'The question is too long (at most 1,000 characters).'],
  BODY_TOO_LARGE: [413, 'Begäran är för stor (högst 16 KiB).', 'The request body is too large (at most 16 KiB).'],
  REQUEST_TIMEOUT: [408, 'Begäran tog för lång tid att skicka.', 'The request took too long to arrive.'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Skicka frågan som application/json.', 'Send the question as application/json.'],
  METHOD_NOT_ALLOWED: [405, 'Metoden stöds inte för den här adressen.', 'Method not allowed for this address.'],
  NOT_FOUND: [404, 'Adressen finns inte.', 'Not found.'],
  RATE_LIMITED: [429, 'För många frågor på kort tid. Vänta en stund och försök igen.', 'Too many questions in a short time. Wait a moment and try again.'],
  NOT_READY: [503, 'Planboten startar. Försök igen om en liten stund.', 'Planboten is starting. Try again shortly.'],
  INTERNAL: [500, 'Något gick fel hos oss. Försök igen.', 'Something went wrong on our side. Please try again.'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** Sends `{error: {code, message, messageEn}}` with the code's status. */
export function sendError(res: ServerResponse, code: HttpErrorCode, headers: Record<string, string> = {}): void {
  const [status, message, messageEn] = HTTP_ERRORS[code];
  sendJson(res, status, { error: { code, message, messageEn } }, headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}
