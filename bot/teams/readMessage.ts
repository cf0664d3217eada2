import { fold } from '../../retrieval/analysis/fold.js';
import { mentionEntitySchema, type IncomingActivity } from './activitySchema.js';

/** What a member's message asks of the bot. */
export type MessageIntent =
  | { kind: 'ignore' }
  | { kind: 'empty' }
  | { kind: 'help' }
  | { kind: 'sources' }
  | { kind: 'question'; text: string };

/** The parts of an activity the message reading looks at. */
export type MessageParts = Pick<IncomingActivity, 'text' | 'entities' | 'recipient' | 'conversation'>;

/** Personal chat, or a non-Teams channel (Emulator, Web Chat), where every message is for the bot. */
export function isPersonal(activity: Pick<IncomingActivity, 'conversation'>): boolean {
  const type = activity.conversation.conversationType;
  return type === undefined || type === 'personal';
}

/** The mention texts of the bot itself in a message (`<at>Planboten</at>`). */
function botMentions(activity: MessageParts): string[] {
  const botId = activity.recipient.id;
  return (activity.entities ?? []).flatMap((entity) => {
    const parsed = mentionEntitySchema.safeParse(entity);
    return parsed.success && parsed.data.mentioned.id === botId ? [parsed.data.text ?? ''] : [];
  });
}

/**
 * Removes every `<at>name</at>` tag (any case, any spacing inside) in one left-to-right pass. No
 * regular expression is built from the name, and each character is looked at a bounded number of
 * times however many unclosed or nested tags the text holds.
 */
function removeAtTags(text: string, name: string): string {
  const lower = text.toLowerCase();
  const wanted = name.trim().toLowerCase();
  const parts: string[] = [];
  let copied = 0;
  let from = 0;
  for (;;) {
    const open = lower.indexOf('<at>', from);
    if (open < 0) break;
    const close = lower.indexOf('</at>', open + 4);
    // No closing tag after this opening one means none after any later one either.
    if (close < 0) break;
    // With several openings before this closing tag, only the last can hold just the name.
    const innermost = lower.lastIndexOf('<at>', close - 4);
    if (text.slice(innermost + 4, close).trim().toLowerCase() === wanted) {
      parts.push(text.slice(copied, innermost), ' ');
      copied = close + 5;
    }
    from = close + 5;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Whitespace runs to one space, no space before punctuation, trimmed; linear in the text's length. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/ ([,.;:!?])/g, '$1').trim();
}

/** The text with the bot's @mentions removed ("<at>Planboten</at> vad säger…" → "vad säger…"). */
export function stripBotMentions(activity: MessageParts): string {
  let text = activity.text ?? '';
  // Literal removal (split/join): the mention text is at most 256 characters (activitySchema).
  for (const mention of botMentions(activity)) if (mention) text = text.split(mention).join(' ');
  // Teams writes a mention as <at>Name</at>; a client may send the tag with other spacing or case.
  const name = activity.recipient.name;
  if (name) text = removeAtTags(text, name);
  return tidy(text);
}

const HELP = new Set(['hjalp', 'help', '?', 'hjalp mig', 'vad kan du', 'vad kan du gora']);
const SOURCES = new Set(['kallor', 'kalla', 'sources', 'planer', 'vilka planer']);
/** No command is longer than this; longer texts are questions without further reading. */
const LONGEST_COMMAND = 40;

/** Lower-case, no diacritics, no leading "/" or trailing ".", "!", "?": "Hjälp!" → "hjalp". */
function commandWord(text: string): string {
  let word = fold(text);
  let start = 0;
  while (word[start] === '/') start++;
  word = word.slice(start).trim();
  if (word === '?') return word;
  let end = word.length;
  while (end > 0 && '.!?'.includes(word[end - 1])) end--;
  return word.slice(0, end).trim();
}

/**
 * Reads a message: in group chats and channels only messages that @mention the bot are for it;
 * the mention is stripped before the text is used. "hjälp" and "källor" are commands; anything
 * else is a question. Linear in the text's length (see tests/bot/teams/adversarialText.test.ts).
 */
export function readMessage(activity: MessageParts): MessageIntent {
  if (!isPersonal(activity) && botMentions(activity).length === 0) return { kind: 'ignore' };
  const text = stripBotMentions(activity);
  if (text === '') return { kind: 'empty' };
  if (text.length <= LONGEST_COMMAND) {
    const word = commandWord(text);
    if (HELP.has(word)) return { kind: 'help' };
    if (SOURCES.has(word)) return { kind: 'sources' };
  }
  return { kind: 'question', text };
}
