import type { Activity } from 'botbuilder';
import type { Answer, Citation } from '../answer/answerSchema.js';
import { sectionLabel } from '../answer/sourceLabels.js';
import { aiMessageEntity } from './citationEntity.js';
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
 */
export function chatMarkdown(text: string): string {
  const blocks: string[] = [];
  for (const line of text.split('\n')) {
    const previous = blocks.at(-1);
    if (line.startsWith('- ') && previous?.split('\n').at(-1)?.startsWith('- ')) blocks[blocks.length - 1] = `${previous}\n${line}`;
    else blocks.push(line);
  }
  return blocks.join('\n\n');
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
 * The reply to a question: the answer text with its `[n]` markers, the Teams AI-message entity
 * with one citation per marker, thumbs up/down enabled, and for a "no answer" the nearby topics
 * as suggested actions. Channels that do not render citations also get a numbered source list.
 */
export function answerActivity(answer: Answer, target: ReplyTarget): Partial<Activity> {
  const body = chatMarkdown(answer.answer);
  const withSources = !RENDERS_CITATIONS.has(target.channelId) && answer.citations.length > 0;
  const activity: Partial<Activity> = {
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
