import { createRequire } from 'node:module';

interface EntityMapper {
  type?: { additionalProperties?: unknown };
}

/**
 * botbuilder 4.23 serialises outgoing activities with @azure/core-client, which looks up the
 * `Entity` mapper by name for each element of `entities` and keeps only the properties it declares
 * (`type`, `text`, `mentioned`). Everything else is dropped on the wire, the Teams citation entity's
 * `@type`, `citation` and `additionalType` included (botbuilder-js issue #4902). This declares the
 * extra properties on that mapper, as the upstream fix (botbuilder-js PR #4903) does; it does
 * nothing once botbuilder ships the fix. `tests/bot/teams/messagesEndpoint.test.ts` checks the
 * entity as it arrives at the channel.
 */
export function keepEntityProperties(): void {
  // The connector module botbuilder itself loaded: resolved from botbuilder's own location.
  const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve('botbuilder'));
  const mappers = fromBotbuilder('botframework-connector/lib/connectorApi/models/mappers') as { Entity?: EntityMapper };
  const type = mappers.Entity?.type;
  if (type && type.additionalProperties === undefined) type.additionalProperties = { type: { name: 'Object' } };
}
