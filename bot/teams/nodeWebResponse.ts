import type { ServerResponse } from 'node:http';
import { Activity } from '@microsoft/agents-activity';
import type { WebResponse } from '@microsoft/agents-hosting';
import { sendMessagesError } from './messagesErrors.js';

/**
 * The SDK's Activity keeps its channel id in a private `_channelId`; on the wire it is `channelId`
 * (the SDK's own `toJsonString` does the same). Replies collected for `expectReplies` are sent as
 * Activity objects, so they are written through this.
 */
function wireJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof Activity ? (JSON.parse(value.toJsonString()) as unknown) : value));
}

/**
 * The Agents SDK's response surface (`WebResponse`, Express-like) over Node's ServerResponse.
 * `send` ends the response as Express's does. An error status the SDK sends without a body (a 400
 * for a serviceUrl that does not match the caller's token, an invoke answered 500) gets
 * Planboten's JSON error with that status, so every error from `/api/messages` is JSON.
 */
export class NodeWebResponse implements WebResponse {
  private code = 200;

  constructor(private readonly res: ServerResponse) {}

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  get writableEnded(): boolean {
    return this.res.writableEnded;
  }

  status(code: number): this {
    this.code = code;
    return this;
  }

  setHeader(name: string, value: string): this {
    if (!this.res.headersSent) this.res.setHeader(name, value);
    return this;
  }

  send(body?: unknown): this {
    if (this.res.writableEnded) return this;
    if (body === undefined || body === null || body === '') return this.end();
    const payload = typeof body === 'string' ? body : wireJson(body);
    if (!this.res.hasHeader('content-type')) this.res.setHeader('Content-Type', typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
    this.res.statusCode = this.code;
    this.res.setHeader('Content-Length', Buffer.byteLength(payload));
    this.res.end(payload);
    return this;
  }

  end(): this {
    if (this.res.writableEnded) return this;
    if (this.code >= 400) {
      if (this.res.hasHeader('content-type')) this.res.removeHeader('content-type');
      sendMessagesError(this.res, this.code >= 500 ? 'TURN_FAILED' : 'REJECTED', {}, this.code);
      return this;
    }
    this.res.statusCode = this.code;
    this.res.setHeader('Content-Length', 0);
    this.res.end();
    return this;
  }
}
