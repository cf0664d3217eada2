import type { OutgoingActivity } from './outgoingActivity.js';

/**
 * How a turn talks back, whatever hosts it (the Microsoft 365 Agents SDK's TurnContext in
 * production, a recorder in tests). `send` resolves to the id the channel gave the activity, when
 * it gave one (Teams does; replies collected for `expectReplies` have none).
 */
export interface TurnIO {
  send(activity: OutgoingActivity): Promise<{ id?: string } | void>;
}

/** Teams' limit for an informative update's text. */
const MAX_INFORMATIVE_CHARS = 1000;

/**
 * The replies of one turn. An informative update opens a Teams stream (a `typing` activity with a
 * `streaminfo` entity, sequence 1; Teams shows its text while the bot works and answers with the
 * stream's id); the next message then closes it as the stream's final message (`streamType`
 * "final" with that id, and no sequence number, as Teams requires). Without an id there is no
 * stream to close and messages go out as they are.
 */
export class TurnReplies {
  private openStreamId: string | undefined;

  constructor(private readonly io: TurnIO) {}

  /** Plain typing indicator. */
  async typing(): Promise<void> {
    await this.io.send({ type: 'typing' });
  }

  /** "Söker i planerna …": the informative streaming update. */
  async informative(text: string): Promise<void> {
    const sent = await this.io.send({
      type: 'typing',
      text: text.slice(0, MAX_INFORMATIVE_CHARS),
      entities: [{ type: 'streaminfo', streamType: 'informative', streamSequence: 1 }],
    });
    this.openStreamId = (sent && sent.id) || undefined;
  }

  /** Sends an activity; the first message after an informative update ends that stream. */
  async send(activity: OutgoingActivity): Promise<void> {
    const streamId = activity.type === 'message' ? this.openStreamId : undefined;
    if (!streamId) {
      await this.io.send(activity);
      return;
    }
    this.openStreamId = undefined;
    await this.io.send({
      ...activity,
      entities: [...(activity.entities ?? []), { type: 'streaminfo', streamType: 'final', streamId }],
      channelData: { ...activity.channelData, streamType: 'final', streamId },
    });
  }
}
