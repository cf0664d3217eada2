import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../bot/http/clientAddress.js';
import { serverConfig } from '../../../bot/http/serverConfig.js';

/** A request as it reaches the server: from `peer`, with the X-Forwarded-For the proxies (and the client) wrote. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  const socket = { remoteAddress: peer };
  return { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket, connection: socket } as unknown as IncomingMessage;
}

const trust = (value: string) => serverConfig({ TRUST_PROXY: value }).TRUST_PROXY;

describe('clientAddress with TRUST_PROXY (proxy-addr semantics)', () => {
  it('ignores X-Forwarded-For by default: the socket peer is the client', () => {
    expect(clientAddress(request('203.0.113.5', '1.2.3.4'), trust('false'))).toBe('203.0.113.5');
    expect(clientAddress(request('203.0.113.5', '1.2.3.4'), serverConfig({}).TRUST_PROXY)).toBe('203.0.113.5');
  });

  it('with one trusted hop takes the address the load balancer saw, not one the client wrote', () => {
    // The client forged "1.2.3.4"; the load balancer (10.0.0.2) appended the real peer 198.51.100.7.
    const forged = request('10.0.0.2', '1.2.3.4, 198.51.100.7');
    expect(clientAddress(forged, trust('1'))).toBe('198.51.100.7');
    // `true` means the same single hop, never "trust every entry".
    expect(clientAddress(forged, trust('true'))).toBe('198.51.100.7');
    expect(clientAddress(forged, true)).toBe('198.51.100.7');
  });

  it('with a hop count trusts that many proxies from the server outwards', () => {
    // client → CDN (appends client) → load balancer (appends CDN) → server
    const req = request('10.0.0.2', '9.9.9.9, 198.51.100.7, 192.0.2.50');
    expect(clientAddress(req, trust('2'))).toBe('198.51.100.7');
  });

  it('with a CIDR list trusts proxies at those addresses only', () => {
    const viaOwnProxies = request('10.0.0.2', '1.2.3.4, 198.51.100.7, 10.1.2.3');
    expect(clientAddress(viaOwnProxies, trust('10.0.0.0/8, 127.0.0.1'))).toBe('198.51.100.7');
    // A peer outside the list is the client, whatever header it sends.
    expect(clientAddress(request('203.0.113.9', '1.2.3.4'), trust('10.0.0.0/8'))).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1', '198.51.100.7'), trust('loopback'))).toBe('198.51.100.7');
  });

  it('falls back to the peer when there is no X-Forwarded-For', () => {
    expect(clientAddress(request('10.0.0.2'), trust('1'))).toBe('10.0.0.2');
  });

  it('rejects a setting that is neither a boolean, a hop count nor addresses, naming the variable', () => {
    expect(() => serverConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(() => serverConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });
});
