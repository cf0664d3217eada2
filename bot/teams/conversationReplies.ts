import type { CatalogEntry } from '../../retrieval/ingest/catalog.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { OutgoingActivity } from './outgoingActivity.js';
import { TEAMS_MESSAGES } from './teamsMessages.js';

/** A plain markdown message. */
export function textActivity(text: string): OutgoingActivity {
  return { type: 'message', textFormat: 'markdown', text };
}

/**
 * The greeting posted when the bot is added to a team or group chat (or a conversation starts in
 * a channel without prompt starters), with three example questions.
 */
export function welcomeActivity(inGroup: boolean, botName = 'Planboten'): OutgoingActivity {
  return textActivity(TEAMS_MESSAGES.welcome(inGroup ? `@${botName}` : undefined));
}

/** What the bot can do; in a group it also says that it needs an @mention. */
export function helpActivity(inGroup: boolean): OutgoingActivity {
  return textActivity(TEAMS_MESSAGES.help(inGroup));
}

function kindLabel(doc: CatalogEntry): string {
  switch (doc.kind) {
    case 'verksamhetsplan':
      return 'förbundets verksamhetsplan';
    case 'prioriteringar':
      return 'förbundsstyrelsens årliga prioriteringar';
    case 'regional plan':
      return `regional plan för ${doc.issuer}`;
  }
}

/** The plans that can be cited (a duplicate extraction has no passages and is left out), current first, newest next. */
export function knownPlans(retriever: Retriever): CatalogEntry[] {
  const cited = new Set(retriever.chunks.map((c) => c.documentId));
  return [...retriever.documents.values()]
    .filter((d) => cited.has(d.id))
    .sort((a, b) => Number(b.status === 'current') - Number(a.status === 'current') || b.period.localeCompare(a.period));
}

/** "källor": every plan the bot searches, with its period and whether it is in force. */
export function sourcesActivity(retriever: Retriever): OutgoingActivity {
  const lines = knownPlans(retriever).map(
    (d) => `- **${d.title}**: ${kindLabel(d)}, ${d.period}, ${TEAMS_MESSAGES.status[d.status]}`,
  );
  return textActivity([TEAMS_MESSAGES.sourcesIntro, lines.join('\n'), TEAMS_MESSAGES.sourcesOutro].join('\n\n'));
}
