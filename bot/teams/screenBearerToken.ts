import { z } from 'zod';

/** Longest bearer token looked at; Bot Framework tokens are 1–2 KB. */
const MAX_TOKEN_CHARS = 16 * 1024;
/** The clock skew the Agents SDK allows when it verifies a token, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 300;

/**
 * Issuers of Microsoft's own services that the Agents SDK always accepts besides a connection's
 * configured issuers (its jwt-middleware's well-known first-party list for the public cloud).
 */
export const FIRST_PARTY_ISSUERS = [
  'https://api.botframework.com',
  ...['d6d49420-f39b-4df7-a1dc-d59a935871db', 'f8cdef31-a31e-4b4a-93e4-5f571e91255a', '69e9b82d-4842-4902-8d1e-abc5b98a55e8'].flatMap((tenant) => [
    `https://sts.windows.net/${tenant}/`,
    `https://login.microsoftonline.com/${tenant}/v2.0`,
  ]),
];

/** What a token must say about itself to be worth verifying. */
export interface TokenScreen {
  /** The bot's app id (MicrosoftAppId): the token's audience. */
  appId: string;
  /** Issuers accepted, compared case-insensitively. */
  issuers: string[];
  /** Seconds since the epoch; the clock by default. */
  now?: () => number;
}

const headerSchema = z.object({ alg: z.literal('RS256'), kid: z.string().min(1).max(256) });
const payloadSchema = z.object({
  iss: z.string().max(1024),
  aud: z.union([z.string(), z.array(z.string()).max(20)]),
  exp: z.number(),
  nbf: z.number().optional(),
});

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Screens the `Authorization` header before the Agents SDK verifies it. The SDK fetches signing
 * keys for any token whose audience matches, whoever issued it; this refuses, without any network
 * lookup, a request with no bearer token, a token that is not an RS256 JWT, one for another
 * audience, from an issuer the bot does not accept, or expired. What passes is then verified in
 * full (signature, issuer, audience, lifetime) by the SDK. Returns why a token was refused
 * (short, English, for the error body and the log), or undefined when it may be verified.
 */
export function screenBearerToken(authorization: string | string[] | undefined, screen: TokenScreen): string | undefined {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  if (!header || header.trim() === '') return 'no Authorization header';
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2 || parts[0].toLowerCase() !== 'bearer') return 'Authorization is not "Bearer <token>"';
  const token = parts[1];
  if (token.length > MAX_TOKEN_CHARS) return 'token too long';
  const segments = token.split('.');
  if (segments.length !== 3 || segments.some((s) => !/^[A-Za-z0-9_-]+$/.test(s))) return 'not a JWT';
  const head = headerSchema.safeParse(decodeJson(segments[0]));
  if (!head.success) return 'not an RS256 JWT with a key id';
  const payload = payloadSchema.safeParse(decodeJson(segments[1]));
  if (!payload.success) return 'token lacks iss, aud or exp';
  const audiences = Array.isArray(payload.data.aud) ? payload.data.aud : [payload.data.aud];
  if (!audiences.includes(screen.appId)) return 'token is for another audience';
  const issuer = payload.data.iss.toLowerCase();
  if (!screen.issuers.some((accepted) => accepted.toLowerCase() === issuer)) return 'token issuer not accepted';
  const now = screen.now?.() ?? Date.now() / 1000;
  if (payload.data.exp < now - CLOCK_TOLERANCE_SECONDS) return 'token expired';
  if (payload.data.nbf !== undefined && payload.data.nbf > now + CLOCK_TOLERANCE_SECONDS) return 'token not yet valid';
  return undefined;
}
