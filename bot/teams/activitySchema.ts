import { z } from 'zod';

/**
 * Longest message text accepted, in characters. Teams itself sends at most about 28 KB of text;
 * the cap is checked before any regular expression sees the text.
 */
export const MAX_ACTIVITY_TEXT_CHARS = 28_000;
/** Longest id (member, bot, conversation, activity) accepted. Teams ids are well under 200 characters. */
const MAX_ID_CHARS = 512;
/** Longest display name or mention text: they are matched against the message text. */
const MAX_NAME_CHARS = 256;

const id = z.string().min(1, 'får inte vara tom').max(MAX_ID_CHARS);
const name = z.string().max(MAX_NAME_CHARS);

/**
 * A conversation id goes into the reply's URL path unencoded (the Agents SDK's connector client
 * builds `v3/conversations/<id>/activities`), so only the characters Bot Framework channels use are
 * accepted: no "/", "?", "#", "%", "\\" or whitespace.
 */
const conversationId = id.regex(/^(?=.*[A-Za-z0-9])[A-Za-z0-9:@._;=|+,!*'()~-]+$/, 'har tecken som inte får finnas i ett konversations-id');

/** A member or the bot. Agentic roles are refused: they take SDK token paths this bot does not configure. */
const accountSchema = z
  .object({
    id,
    name: name.optional(),
    aadObjectId: z.string().max(MAX_ID_CHARS).optional(),
    role: z.enum(['user', 'bot']).optional(),
  })
  .passthrough();

const conversationSchema = z
  .object({
    id: conversationId,
    conversationType: z.string().max(64).optional(),
    isGroup: z.boolean().optional(),
    tenantId: z.string().max(MAX_ID_CHARS).optional(),
    name: name.optional(),
  })
  .passthrough();

/** Teams' @mention entity: `text` is the mention as written in the message (`<at>Planboten</at>`). */
export const mentionEntitySchema = z
  .object({
    type: z.literal('mention'),
    mentioned: z.object({ id, name: name.optional() }).passthrough(),
    text: name.optional(),
  })
  .passthrough();

const entitySchema = z
  .object({ type: z.string().min(1, 'får inte vara tom').max(MAX_NAME_CHARS) })
  .passthrough()
  .superRefine((entity, ctx) => {
    if (entity.type !== 'mention') return;
    const mention = mentionEntitySchema.safeParse(entity);
    for (const issue of mention.success ? [] : mention.error.issues) ctx.addIssue({ ...issue, path: issue.path });
  });

/** An absolute http(s) URL: where replies are posted. */
const serviceUrl = z
  .string()
  .max(2048)
  .url('ska vara en absolut URL')
  .refine((value) => /^https?:\/\//i.test(value), 'ska börja med http:// eller https://');

const timestamp = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'ska vara en tidpunkt (ISO 8601)');

/**
 * An incoming Bot Framework activity, as far as Planboten reads it. Everything the turn logic or
 * the Agents SDK relies on is checked here, at the edge, so a malformed activity gets a 400 and
 * never reaches code that would fail on it. Unknown properties pass through untouched.
 */
export const incomingActivitySchema = z
  .object({
    /** Any Bot Framework type ("message", "invoke", "conversationUpdate", …); unknown ones are ignored. */
    type: z.string().min(1, 'får inte vara tom').max(64).regex(/^[A-Za-z]+$/, 'ska vara en aktivitetstyp som "message"'),
    id: id.optional(),
    channelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}(:[A-Za-z0-9._-]{1,64})?$/, 'ska vara en kanal som "msteams" eller "emulator"'),
    /** Where replies go; may be left out only when the replies come back in the response (`expectReplies`). */
    serviceUrl: serviceUrl.optional(),
    deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
    from: accountSchema,
    recipient: accountSchema,
    conversation: conversationSchema,
    text: z.string().max(MAX_ACTIVITY_TEXT_CHARS, `får vara högst ${MAX_ACTIVITY_TEXT_CHARS} tecken`).optional(),
    textFormat: z.string().min(1).max(32).optional(),
    locale: z.string().min(1).max(64).optional(),
    timestamp: timestamp.optional(),
    localTimestamp: timestamp.optional(),
    entities: z.array(entitySchema).max(100).optional(),
    channelData: z
      .object({ tenant: z.object({ id: z.string().max(MAX_ID_CHARS) }).passthrough().optional() })
      .passthrough()
      .optional(),
    /** The invoke's payload (thumbs up/down); read with its own schema when the invoke is handled. */
    value: z.unknown().optional(),
    name: z.string().min(1, 'får inte vara tom').max(MAX_NAME_CHARS).optional(),
    replyToId: id.optional(),
    membersAdded: z.array(accountSchema).max(1000).optional(),
    membersRemoved: z.array(accountSchema).max(1000).optional(),
  })
  .passthrough()
  .superRefine((activity, ctx) => {
    if (activity.serviceUrl === undefined && activity.deliveryMode !== 'expectReplies') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['serviceUrl'], message: 'saknas (krävs utom med deliveryMode "expectReplies")' });
    }
  });

/** An activity that passed {@link incomingActivitySchema}. */
export type IncomingActivity = z.infer<typeof incomingActivitySchema>;
/** A member or bot account of an incoming activity. */
export type ActivityAccount = z.infer<typeof accountSchema>;
