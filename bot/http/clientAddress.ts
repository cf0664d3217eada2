import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** Decides, hop by hop from the socket outwards, whether an address is a proxy of ours (proxy-addr's `trust`). */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Which proxies in front of the server are trusted to report the client's address in
 * X-Forwarded-For: none (`false`), the nearest one (`true`), or a {@link TrustFunction}
 * (see {@link parseTrustProxy} for the `TRUST_PROXY` setting).
 */
export type TrustProxy = boolean | TrustFunction;

const ONE_HOP: TrustFunction = (_address, hop) => hop < 1;

/**
 * Parses `TRUST_PROXY` with proxy-addr's semantics: `false` (or empty, `0`) ignores
 * X-Forwarded-For; a hop count `n` trusts the `n` proxies nearest the server; a comma-separated
 * list of addresses, CIDR ranges or the names `loopback`, `linklocal`, `uniquelocal` trusts
 * proxies at those addresses. `true` means one hop (a single load balancer in front): trusting
 * every hop would take the leftmost entry, which any client can write.
 * Throws (proxy-addr's TypeError) on an address that does not parse.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return ONE_HOP;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(text.split(',').map((s) => s.trim()).filter(Boolean));
}

/**
 * The address a request's rate limit is keyed on: the socket's peer, or — behind proxies the
 * server trusts — the nearest address in X-Forwarded-For that is not one of them. Entries a client
 * writes itself lie beyond the trusted hops and are never taken.
 */
export function clientAddress(req: IncomingMessage, trustProxy: TrustProxy): string {
  if (trustProxy === false) return req.socket.remoteAddress ?? 'unknown';
  const trust = trustProxy === true ? ONE_HOP : trustProxy;
  // proxy-addr reads req.connection, which a destroyed socket may lack.
  if (!req.socket.remoteAddress) return 'unknown';
  return proxyAddr(req, trust);
}
