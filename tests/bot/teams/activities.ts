import type { IncomingActivity } from '../../../bot/teams/activitySchema.js';

/** The bot as Teams addresses it. */
export const BOT = { id: '28:planboten-bot', name: 'Planboten' };
export const USER = { id: '29:member-1', name: 'Medlem', aadObjectId: '00000000-0000-0000-0000-00000000abcd' };

export type Scope = 'personal' | 'groupChat' | 'channel';

let next = 0;

const conversation = (scope: Scope) => ({ id: `conversation-${scope}`, conversationType: scope, isGroup: scope !== 'personal', tenantId: 'tenant-1' });

/** A Teams message activity as a member sends it; `mention` adds an @mention of the bot in front. */
export function teamsMessage(text: string, options: { scope?: Scope; mention?: boolean; channelId?: string; serviceUrl?: string } = {}): IncomingActivity {
  const scope = options.scope ?? 'personal';
  const mentionText = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: `incoming-${++next}`,
    timestamp: new Date().toISOString(),
    channelId: options.channelId ?? 'msteams',
    serviceUrl: options.serviceUrl ?? 'https://smba.trafficmanager.net/emea/',
    from: { ...USER },
    recipient: { ...BOT },
    conversation: conversation(scope),
    text: options.mention ? `${mentionText} ${text}` : text,
    textFormat: 'plain',
    entities: options.mention ? [{ type: 'mention', text: mentionText, mentioned: { ...BOT } }] : [],
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

/** Teams' notice that members (here: the bot) were added to a conversation. */
export function botAdded(scope: Scope, channelId = 'msteams'): IncomingActivity {
  return {
    type: 'conversationUpdate',
    id: `update-${++next}`,
    channelId,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { ...USER },
    recipient: { ...BOT },
    conversation: conversation(scope),
    membersAdded: [{ ...BOT }],
  };
}

/** Thumbs up or down on an answer, as Teams' `message/submitAction` invoke. */
export function feedbackInvoke(answerId: string, reaction: 'like' | 'dislike', feedbackText = ''): IncomingActivity {
  return {
    type: 'invoke',
    name: 'message/submitAction',
    id: `invoke-${++next}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { ...USER },
    recipient: { ...BOT },
    conversation: conversation('personal'),
    replyToId: answerId,
    value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify({ feedbackText }) } },
  };
}
