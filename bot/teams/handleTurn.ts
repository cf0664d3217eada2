import { InputError } from '../../retrieval/errors.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { Answer } from '../answer/answerSchema.js';
import type { AnswerFunction } from '../answer/answerService.js';
import { composeAnswer } from '../answer/composeAnswer.js';
import type { IncomingActivity } from './activitySchema.js';
import { answerActivity } from './answerActivity.js';
import { helpActivity, sourcesActivity, textActivity, welcomeActivity } from './conversationReplies.js';
import { feedbackInvokeSchema, type FeedbackStore } from './feedbackStore.js';
import { logSafeDetail } from './logSafeDetail.js';
import { invokeResponse } from './outgoingActivity.js';
import { isPersonal, readMessage, stripBotMentions } from './readMessage.js';
import { citationLinker } from './tabLinks.js';
import { TEAMS_MESSAGES } from './teamsMessages.js';
import { TurnReplies, type TurnIO } from './turnReplies.js';

export type { TurnIO } from './turnReplies.js';

/** What a turn needs besides the activity: the index, the feedback counts, the log, the settings. */
export interface TurnDependencies {
  /** The loaded retriever, or undefined while the index loads. */
  getRetriever: () => Retriever | undefined;
  feedback: FeedbackStore;
  /** Operational log: errors and their detail, never question text or member/conversation ids. */
  log: (message: string) => void;
  /** Public address of this server; citations then link to the section in the tab. */
  publicBaseUrl?: string;
  /** The Teams app's id (TEAMS_APP_ID); with publicBaseUrl, citations in Teams open the tab inside Teams. */
  teamsAppId?: string;
  /**
   * True when a hosted model writes the answers (LLM_PROVIDER other than extractive): answers then
   * take seconds, so a personal chat gets Teams' informative update "Söker i planerna …" first.
   */
  slowAnswers?: boolean;
  /** The answer function (follow-ups, a configured model); composeAnswer by default. */
  answer?: AnswerFunction;
}

/** The invoke Teams sends when a member presses thumbs up or down. */
export const FEEDBACK_INVOKE = 'message/submitAction';

/** Channels whose clients show informative streaming updates (Teams only in one-to-one chats). */
const STREAMING_CHANNELS = new Set(['msteams', 'emulator', 'webchat', 'directline']);

/** Teams shows prompt starters in personal chat, so the greeting is for teams, group chats and non-Teams channels. */
function shouldWelcome(activity: IncomingActivity): boolean {
  const botAdded = activity.membersAdded?.some((member) => member.id === activity.recipient.id) ?? false;
  if (!botAdded) return false;
  return activity.channelId !== 'msteams' || !isPersonal(activity);
}

/** Whether the wait for this answer is announced with an informative update rather than plain typing. */
function announcesSearch(activity: IncomingActivity, deps: TurnDependencies): boolean {
  return deps.slowAnswers === true && isPersonal(activity) && STREAMING_CHANNELS.has(activity.channelId.split(':')[0]);
}

async function handleMessage(activity: IncomingActivity, replies: TurnReplies, deps: TurnDependencies): Promise<void> {
  const intent = readMessage(activity);
  const retriever = deps.getRetriever();
  switch (intent.kind) {
    case 'ignore':
      return;
    case 'empty':
      return replies.send(textActivity(TEAMS_MESSAGES.emptyQuestion));
    case 'help':
      return replies.send(helpActivity(!isPersonal(activity)));
    case 'sources':
      return replies.send(retriever ? sourcesActivity(retriever) : textActivity(TEAMS_MESSAGES.notReady));
    case 'question': {
      if (!retriever) return replies.send(textActivity(TEAMS_MESSAGES.notReady));
      if (announcesSearch(activity, deps)) await replies.informative(TEAMS_MESSAGES.searching);
      else await replies.typing();
      let answer: Answer;
      try {
        answer = await (deps.answer ?? composeAnswer)(retriever, intent.text, { conversationId: activity.conversation.id });
      } catch (error) {
        // Empty or too long: the message is written for the member and holds no question text.
        if (error instanceof InputError) return replies.send(textActivity(error.message));
        throw error;
      }
      return replies.send(
        answerActivity(answer, {
          channelId: activity.channelId,
          personal: isPersonal(activity),
          userId: activity.from.id,
          sectionUrl: citationLinker({ publicBaseUrl: deps.publicBaseUrl, teamsAppId: deps.teamsAppId }, activity.channelId),
        }),
      );
    }
  }
}

async function handleInvoke(activity: IncomingActivity, replies: TurnReplies, deps: TurnDependencies): Promise<void> {
  // Only thumbs up/down is declared in the manifest; any other invoke is a bad request, not a 501.
  if (activity.name !== FEEDBACK_INVOKE) {
    return replies.send(invokeResponse(400, { error: { code: 'UNSUPPORTED_INVOKE', message: 'Planboten tar bara emot tumme upp/ner (message/submitAction).' } }));
  }
  const parsed = feedbackInvokeSchema.safeParse(activity.value);
  if (!parsed.success || !activity.replyToId) {
    return replies.send(invokeResponse(400, { error: { code: 'INVALID_FEEDBACK', message: 'Återkopplingen saknar reaktion (like/dislike) eller svarets id.' } }));
  }
  // Counted against the answer's message id only; who pressed it is not kept. The invoke's own id
  // makes a redelivered event count once.
  await deps.feedback.record(activity.replyToId, parsed.data.actionValue.reaction, activity.id);
  return replies.send(invokeResponse(200));
}

/**
 * One Bot Framework turn on a validated activity: a question gets a typing indicator (or, when a
 * hosted model makes answers slow, Teams' informative update) and then the cited answer; "hjälp"
 * and "källor" their replies; the bot being added to a team or group chat a welcome; a thumbs
 * up/down an empty 200. In group chats and channels only @mentions are answered. A failure is
 * logged with its detail (the member's text and ids cut out) and the member gets a short
 * apology, never a stack trace.
 */
export async function handleTurn(activity: IncomingActivity, io: TurnIO, deps: TurnDependencies): Promise<void> {
  const replies = new TurnReplies(io);
  try {
    switch (activity.type) {
      case 'message':
        return await handleMessage(activity, replies, deps);
      case 'conversationUpdate':
        if (shouldWelcome(activity)) await replies.send(welcomeActivity(!isPersonal(activity), activity.recipient.name || undefined));
        return;
      case 'invoke':
        return await handleInvoke(activity, replies, deps);
      default:
        return;
    }
  } catch (error) {
    const detail = logSafeDetail(error, {
      texts: [activity.text?.trim(), stripBotMentions(activity)],
      ids: [activity.from.id, activity.from.aadObjectId, activity.recipient.id, activity.conversation.id, activity.conversation.tenantId, activity.channelData?.tenant?.id],
    });
    deps.log(`Teams: fel vid ${activity.type}${activity.name ? ` ${activity.name}` : ''}: ${detail}`);
    try {
      await replies.send(activity.type === 'invoke' ? invokeResponse(500) : textActivity(TEAMS_MESSAGES.apology));
    } catch (sendError) {
      deps.log(`Teams: ursäkten kunde inte skickas: ${logSafeDetail(sendError instanceof Error ? sendError.message : sendError, { texts: [activity.text?.trim()], ids: [activity.conversation.id, activity.from.id] })}`);
    }
  }
}
