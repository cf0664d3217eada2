import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { fold } from '../../retrieval/analysis/fold.js';

/** What a member's message asks of the bot. */
export type MessageIntent =
  | { kind: 'ignore' }
  | { kind: 'empty' }
  | { kind: 'help' }
  | { kind: 'sources' }
  | { kind: 'question'; text: string };

/** Teams' mention entity, as far as the bot reads it. */
const mentionSchema = z.object({
  type: z.literal('mention'),
  mentioned: z.object({ id: z.string() }),
  text: z.string().optional(),
});

/** Personal chat, or a non-Teams channel (Emulator, Web Chat), where every message is for the bot. */
export function isPersonal(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}

/** The mentions of the bot itself in a message. */
function botMentions(activity: Partial<Activity>): Array<z.infer<typeof mentionSchema>> {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).flatMap((entity) => {
    const parsed = mentionSchema.safeParse(entity);
    return parsed.success && parsed.data.mentioned.id === botId ? [parsed.data] : [];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text with the bot's @mentions removed ("<at>Planboten</at> vad säger…" → "vad säger…"). */
export function stripBotMentions(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  for (const mention of botMentions(activity)) {
    if (mention.text) text = text.replace(new RegExp(escapeRegExp(mention.text), 'g'), ' ');
  }
  // Teams writes a mention as <at>Name</at>; a client may send the tag with other spacing or case.
  const name = activity.recipient?.name;
  if (name) text = text.replace(new RegExp(`<at>\\s*${escapeRegExp(name)}\\s*</at>`, 'gi'), ' ');
  return text.replace(/\s+/g, ' ').replace(/ ([,.;:!?])/g, '$1').trim();
}

const HELP = new Set(['hjalp', 'help', '?', 'hjalp mig', 'vad kan du', 'vad kan du gora']);
const SOURCES = new Set(['kallor', 'kalla', 'sources', 'planer', 'vilka planer']);

/** Lower-case, no diacritics, no leading "/" or trailing punctuation: "Hjälp!" → "hjalp". */
function commandWord(text: string): string {
  const folded = fold(text).replace(/^\/+/, '').trim();
  return folded === '?' ? folded : folded.replace(/[.!?]+$/, '').trim();
}

/**
 * Reads a message: in group chats and channels only messages that @mention the bot are for it;
 * the mention is stripped before the text is used. "hjälp" and "källor" are commands; anything
 * else is a question.
 */
export function readMessage(activity: Partial<Activity>): MessageIntent {
  if (!isPersonal(activity) && botMentions(activity).length === 0) return { kind: 'ignore' };
  const text = stripBotMentions(activity);
  if (text === '') return { kind: 'empty' };
  const word = commandWord(text);
  if (HELP.has(word)) return { kind: 'help' };
  if (SOURCES.has(word)) return { kind: 'sources' };
  return { kind: 'question', text };
}
