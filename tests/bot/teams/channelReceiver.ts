import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ChannelReceiver {
  /** Use as the activity's serviceUrl. */
  url: string;
  /** JSON documents served to GET requests by path (a signing-key set, for example). */
  documents: Map<string, unknown>;
  requests: RecordedRequest[];
  /** Activities posted to /v3/conversations/:id/activities[/:replyId]. */
  activities(): Array<{ conversationId: string; replyToId?: string; activity: Record<string, unknown>; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/**
 * A stand-in for the Bot Framework channel on 127.0.0.1: records every request, answers activity
 * posts as the connector service does (`{id}`), GETs of a registered document with it, and
 * anything else with 404.
 */
export async function startChannelReceiver(): Promise<ChannelReceiver> {
  const requests: RecordedRequest[] = [];
  const documents = new Map<string, unknown>();
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: keep the text.
      }
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (req.method === 'POST' && ACTIVITY_PATH.test(path)) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${++next}` }));
      } else if (req.method === 'GET' && documents.has(path)) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(documents.get(path)));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    documents,
    requests,
    activities: () =>
      requests.flatMap((r) => {
        const match = r.method === 'POST' ? ACTIVITY_PATH.exec(r.path) : null;
        if (!match) return [];
        return [{ conversationId: decodeURIComponent(match[1]), replyToId: match[2] && decodeURIComponent(match[2]), activity: r.body as Record<string, unknown>, headers: r.headers }];
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
