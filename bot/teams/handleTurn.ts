import type { Activity } from 'botbuilder';
import { InputError } from '../../retrieval/errors.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { Answer, Citation } from '../answer/answerSchema.js';
import type { AnswerFunction } from '../answer/answerService.js';
import { composeAnswer } from '../answer/composeAnswer.js';
import { answerActivity } from './answerActivity.js';
import { helpActivity, sourcesActivity, textActivity, welcomeActivity } from './conversationReplies.js';
import { feedbackInvokeSchema, type FeedbackStore } from './feedbackStore.js';
import { isPersonal, readMessage, stripBotMentions } from './readMessage.js';
import { TEAMS_MESSAGES } from './teamsMessages.js';

/**
 * How a turn talks back, whatever hosts it: botbuilder's TurnContext today, the Microsoft 365
 * Agents SDK's tomorrow. Both speak the same Bot Framework activity protocol.
 */
export interface TurnIO {
  /** Sends an activity in reply to the incoming one (an `invokeResponse` answers an invoke). */
  send(activity: Partial<Activity>): Promise<void>;
}

/** What a turn needs besides the activity: the index, the feedback counts, the log. */
export interface TurnDependencies {
  /** The loaded retriever, or undefined while the index loads. */
  getRetriever: () => Retriever | undefined;
  feedback: FeedbackStore;
  /** Operational log: errors and their detail, never question text or member/conversation ids. */
  log: (message: string) => void;
  /** Public address of this server; citations then link to the section in the tab. */
  publicBaseUrl?: string;
  /** The answer function (follow-ups, a configured model); composeAnswer by default. */
  answer?: AnswerFunction;
}

/** The invoke Teams sends when a member presses thumbs up or down. */
export const FEEDBACK_INVOKE = 'message/submitAction';

/** Teams shows prompt starters in personal chat, so the greeting is for teams, group chats and non-Teams channels. */
function shouldWelcome(activity: Partial<Activity>): boolean {
  const botAdded = activity.membersAdded?.some((member) => member.id === activity.recipient?.id) ?? false;
  if (!botAdded) return false;
  return activity.channelId !== 'msteams' || !isPersonal(activity);
}

function invokeResponse(status: number): Partial<Activity> {
  return { type: 'invokeResponse', value: { status } };
}

async function handleMessage(activity: Activity, io: TurnIO, deps: TurnDependencies): Promise<void> {
  const intent = readMessage(activity);
  const retriever = deps.getRetriever();
  switch (intent.kind) {
    case 'ignore':
      return;
    case 'empty':
      return io.send(textActivity(TEAMS_MESSAGES.emptyQuestion));
    case 'help':
      return io.send(helpActivity(!isPersonal(activity)));
    case 'sources':
      return io.send(retriever ? sourcesActivity(retriever) : textActivity(TEAMS_MESSAGES.notReady));
    case 'question': {
      if (!retriever) return io.send(textActivity(TEAMS_MESSAGES.notReady));
      await io.send({ type: 'typing' });
      let answer: Answer;
      try {
        answer = await (deps.answer ?? composeAnswer)(retriever, intent.text, { conversationId: activity.conversation?.id });
      } catch (error) {
        // Empty or too long: the message is written for the member and holds no question text.
        if (error instanceof InputError) return io.send(textActivity(error.message));
        throw error;
      }
      const base = deps.publicBaseUrl;
      return io.send(
        answerActivity(answer, {
          channelId: activity.channelId,
          personal: isPersonal(activity),
          userId: activity.from?.id,
          sectionUrl: base ? (c: Citation) => `${base}/tab?section=${encodeURIComponent(c.id)}` : undefined,
        }),
      );
    }
  }
}

async function handleInvoke(activity: Activity, io: TurnIO, deps: TurnDependencies): Promise<void> {
  if (activity.name !== FEEDBACK_INVOKE) return io.send(invokeResponse(501));
  const parsed = feedbackInvokeSchema.safeParse(activity.value);
  if (!parsed.success || !activity.replyToId) return io.send(invokeResponse(400));
  // Counted against the answer's message id only; who pressed it is not kept.
  await deps.feedback.record(activity.replyToId, parsed.data.actionValue.reaction);
  return io.send(invokeResponse(200));
}

/** The error's detail for the log, with the member's text (as sent, and as asked) cut out should it appear in it. */
function errorDetail(error: unknown, activity: Activity): string {
  let detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const texts = [activity.text?.trim(), stripBotMentions(activity)].filter((t): t is string => !!t && t.length >= 3);
  for (const text of texts.sort((a, b) => b.length - a.length)) detail = detail.split(text).join('[meddelandets text]');
  return detail;
}

/**
 * One Bot Framework turn: a question gets a typing indicator and then the cited answer; "hjälp"
 * and "källor" their replies; the bot being added to a team or group chat a welcome; a thumbs
 * up/down an empty 200. In group chats and channels only @mentions are answered. A failure is
 * logged with its detail and the member gets a short apology, never a stack trace.
 */
export async function handleTurn(activity: Activity, io: TurnIO, deps: TurnDependencies): Promise<void> {
  try {
    switch (activity.type) {
      case 'message':
        return await handleMessage(activity, io, deps);
      case 'conversationUpdate':
        if (shouldWelcome(activity)) await io.send(welcomeActivity(!isPersonal(activity), activity.recipient?.name));
        return;
      case 'invoke':
        return await handleInvoke(activity, io, deps);
      default:
        return;
    }
  } catch (error) {
    deps.log(`Teams: fel vid ${activity.type}${activity.name ? ` ${activity.name}` : ''}: ${errorDetail(error, activity)}`);
    try {
      await io.send(activity.type === 'invoke' ? invokeResponse(500) : textActivity(TEAMS_MESSAGES.apology));
    } catch (sendError) {
      deps.log(`Teams: ursäkten kunde inte skickas: ${sendError instanceof Error ? sendError.message : String(sendError)}`);
    }
  }
}
