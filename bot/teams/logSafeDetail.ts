/** Shorter strings are left in place: cutting "ja" out of a stack trace would only garble it. */
const SHORTEST_CUT = 3;

/** What must not reach the log: the member's text (as sent and as asked) and the ids that name people and chats. */
export interface Redactions {
  texts: Array<string | undefined>;
  ids: Array<string | undefined>;
}

function cut(detail: string, secrets: Array<string | undefined>, replacement: string): string {
  const usable = secrets.filter((s): s is string => typeof s === 'string' && s.length >= SHORTEST_CUT);
  // Longest first, so a text that contains another is cut whole. split/join is a literal search.
  for (const secret of [...new Set(usable)].sort((a, b) => b.length - a.length)) detail = detail.split(secret).join(replacement);
  return detail;
}

/**
 * An error's detail (stack, or name and message) for the operational log, with the member's text
 * and any member, conversation or tenant id cut out should they appear in it: union membership is
 * special-category data, and the log must not tie a question to a person.
 */
export function logSafeDetail(error: unknown, redactions: Redactions): string {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return cut(cut(detail, redactions.texts, '[meddelandets text]'), redactions.ids, '[id]');
}
