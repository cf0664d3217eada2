import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes to a server and reads the whole response (the server closes or answers with Content-Length). */
export function rawRequest(url: string, payload: Buffer | string, timeoutMs = 5_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw request timed out'));
    }, timeoutMs);
    const tryParse = (final: boolean) => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) {
        if (final) {
          clearTimeout(timer);
          reject(new Error(`no response: ${JSON.stringify(text.slice(0, 80))}`));
        }
        return;
      }
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = text.slice(split + 4);
      const length = Number(headers['content-length'] ?? NaN);
      if (final || (!Number.isNaN(length) && Buffer.byteLength(body) >= length)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
      }
    };
    socket.on('data', (d) => {
      chunks.push(d);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('error', (e) => {
      if (chunks.length > 0) tryParse(true);
      else {
        clearTimeout(timer);
        reject(e);
      }
    });
    socket.write(payload);
  });
}
