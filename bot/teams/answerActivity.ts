import type { Answer, Citation } from '../answer/answerSchema.js';
import { sectionLabel } from '../answer/sourceLabels.js';
import { aiMessageEntity } from './citationEntity.js';
import type { OutgoingActivity } from './outgoingActivity.js';
import { TEAMS_MESSAGES } from './teamsMessages.js';

/** Where the reply goes, as far as its form depends on it. */
export interface ReplyTarget {
  /** Bot Framework channel id: "msteams", "emulator", "webchat", … */
  channelId: string;
  /** Suggested actions only work in a one-to-one chat: a tap in a group would send text without the @mention. */
  personal: boolean;
  /** The member the suggested actions are shown to. */
  userId?: string;
  /** Link for a citation (the section in the tab); none without a public address. */
  sectionUrl?: (citation: Citation) => string;
}

/** Channels that render Teams citations; every other one gets the sources as text too. */
const RENDERS_CITATIONS = new Set(['msteams']);

/**
 * The answer's lines as chat markdown: paragraphs separated by a blank line (a single line
 * break is not shown by every Teams client), consecutive "- " items kept together as one list.
 * One pass over the lines, so linear however long the answer.
 */
export function chatMarkdown(text: string): string {
  const blocks: string[][] = [];
  let previousIsItem = false;
  for (const line of text.split('\n')) {
    const isItem = line.startsWith('- ');
    if (isItem && previousIsItem) blocks[blocks.length - 1].push(line);
    else blocks.push([line]);
    previousIsItem = isItem;
  }
  return blocks.map((block) => block.join('\n')).join('\n\n');
}

/** "[1] Verksamhetsplan 2025–2029 › Studier, stycke 1" lines for channels without citation rendering. */
function sourceList(answer: Answer): string {
  const lang = answer.language;
  const lines = answer.citations.map(
    (c, i) => `- [${i + 1}] ${c.document.title} › ${sectionLabel(c.sectionPath)}, ${TEAMS_MESSAGES.paragraph[lang]} ${c.paragraph}`,
  );
  return `**${TEAMS_MESSAGES.sourcesHeading[lang]}**\n\n${lines.join('\n')}`;
}

/**
 * The text for a `related` outcome, set apart from an answer: the answer layer's first line says
 * what the plans do not answer ("Planerna säger inget om …. Det närmaste de tar upp:") and is shown
 * in bold; each following line is a closest passage, shown as a list item of context.
 */
function relatedText(text: string): string {
  const [lead, ...context] = text.split('\n').filter((line) => line.trim() !== '');
  if (lead === undefined) return '';
  const items = context.map((line) => (line.startsWith('- ') ? line : `- ${line}`));
  return [`**${lead.trim()}**`, ...(items.length > 0 ? [items.join('\n')] : [])].join('\n\n');
}

/**
 * The reply to a question: the answer text with its `[n]` markers, the Teams AI-message entity
 * with one citation per marker, thumbs up/down enabled, and for a "no answer" the nearby topics
 * as suggested actions. A `related` outcome is set apart: what the plans do not answer in bold,
 * the closest passages as a list of context. Channels that do not render citations also get a
 * numbered source list.
 */
export function answerActivity(answer: Answer, target: ReplyTarget): OutgoingActivity {
  const body = answer.outcome === 'related' ? relatedText(answer.answer) : chatMarkdown(answer.answer);
  const withSources = !RENDERS_CITATIONS.has(target.channelId.split(':')[0]) && answer.citations.length > 0;
  const activity: OutgoingActivity = {
    type: 'message',
    textFormat: 'markdown',
    text: withSources ? `${body}\n\n${sourceList(answer)}` : body,
    // Citations are computed from the answer's own text, so the source list's markers add none.
    entities: [aiMessageEntity(body, answer.citations, target.sectionUrl)],
    // The current Teams form; Teams rejects a message that also sets the legacy feedbackLoopEnabled.
    channelData: { feedbackLoop: { type: 'default' } },
  };
  if (!answer.answered && answer.suggestions.length > 0 && target.personal) {
    activity.suggestedActions = {
      to: target.userId ? [target.userId] : [],
      actions: answer.suggestions.map((s) => ({ type: 'imBack', title: s.title, value: s.question })),
    };
  }
  return activity;
}
