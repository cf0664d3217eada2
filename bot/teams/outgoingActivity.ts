import type { Entity, SuggestedActions } from '@microsoft/agents-activity';

/** What an `invokeResponse` carries: the HTTP status of the invoke and an optional JSON body. */
export interface InvokeResponseValue {
  status: number;
  body?: unknown;
}

/**
 * An activity the bot sends, as a plain object: the turn logic builds these and the host hands them
 * to the Agents SDK, which addresses them to the incoming activity's conversation.
 */
export interface OutgoingActivity {
  type: 'message' | 'typing' | 'invokeResponse';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  entities?: Entity[];
  channelData?: Record<string, unknown>;
  suggestedActions?: SuggestedActions;
  value?: InvokeResponseValue;
}

/** The answer to an invoke: its status, and a body only when there is something to say. */
export function invokeResponse(status: number, body?: unknown): OutgoingActivity {
  return { type: 'invokeResponse', value: body === undefined ? { status } : { status, body } };
}
