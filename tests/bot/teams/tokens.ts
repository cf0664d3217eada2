import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** An RSA signing key as an identity provider holds it, with its public half as a JWKS document. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** `{keys: [...]}` as served at an issuer's `…/discovery/v2.0/keys`. */
  jwks: { keys: object[] };
}

export function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] } };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT (RS256) with the given claims, signed by `key`. */
export function signedToken(key: SigningKey, claims: Record<string, unknown>): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** A token-shaped string with the given claims and no valid signature. */
export function unsignedToken(claims: Record<string, unknown>, kid = 'k'): string {
  return `${base64url({ alg: 'RS256', kid })}.${base64url(claims)}.c2ln`;
}

/** Claims valid for an hour from now. */
export function lifetime(): { iat: number; nbf: number; exp: number } {
  const now = Math.floor(Date.now() / 1000);
  return { iat: now, nbf: now, exp: now + 3600 };
}
