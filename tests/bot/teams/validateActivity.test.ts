import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_TEXT_CHARS } from '../../../bot/teams/activitySchema.js';
import { MAX_ACTIVITY_DEPTH, validateActivity } from '../../../bot/teams/validateActivity.js';
import { botAdded, feedbackInvoke, teamsMessage } from './activities.js';

/** The activity as it arrives: parsed from JSON. */
const wire = (activity: object) => JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;

describe('validateActivity', () => {
  it('accepts what Teams sends: messages, mentions in groups, conversation updates, feedback invokes', () => {
    for (const activity of [teamsMessage('hej'), teamsMessage('hej', { scope: 'channel', mention: true }), botAdded('groupChat'), feedbackInvoke('reply-1', 'like')]) {
      expect(validateActivity(wire(activity))).toMatchObject({ ok: true });
    }
  });

  it('accepts a message in the full shape Teams sends (HTML copy, client info, 7-digit timestamps, empty lists)', () => {
    const teams = {
      text: '<at>Planboten</at> vad säger planen om hyvling?',
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: '<p><span itemtype="http://schema.skype.com/Mention" itemid="0">Planboten</span> vad säger planen om hyvling?</p>' }],
      type: 'message',
      timestamp: '2025-06-04T08:39:46.8194259Z',
      localTimestamp: '2025-06-04T10:39:46.8194259+02:00',
      id: '1749026386819',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901/',
      from: { id: '29:1y-Hydq9Oa2gPr6yl5uFOsC7tsJVTu_nAdVL4GnhFXjgT9WF7Ul', name: 'Person X', aadObjectId: 'ddefe175-d966-4053-b29f-8b43b47e536e', role: 'user' },
      conversation: { isGroup: true, conversationType: 'channel', tenantId: '0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901', id: '19:2f3e4d5c6b7a@thread.tacv2;messageid=1749026386819' },
      recipient: { id: '28:10deff5c-1eb5-48ff-a1aa-7378cd8cb4eb', name: 'Planboten' },
      entities: [
        { type: 'mention', text: '<at>Planboten</at>', mentioned: { id: '28:10deff5c-1eb5-48ff-a1aa-7378cd8cb4eb', name: 'Planboten' } },
        { locale: 'sv-SE', country: 'SE', platform: 'Web', timezone: 'Europe/Stockholm', type: 'clientInfo' },
      ],
      channelData: { teamsChannelId: '19:2f3e4d5c6b7a@thread.tacv2', teamsTeamId: '19:aa@thread.tacv2', channel: { id: '19:2f3e4d5c6b7a@thread.tacv2' }, team: { id: '19:aa@thread.tacv2' }, tenant: { id: '0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901' } },
      locale: 'sv-SE',
      localTimezone: 'Europe/Stockholm',
      membersAdded: [],
      listenFor: [],
      textHighlights: [],
    };
    expect(validateActivity(wire(teams))).toMatchObject({ ok: true });
  });

  it('accepts text up to the cap and refuses one character more', () => {
    expect(validateActivity(wire({ ...teamsMessage(''), text: 'a'.repeat(MAX_ACTIVITY_TEXT_CHARS) })).ok).toBe(true);
    expect(validateActivity(wire({ ...teamsMessage(''), text: 'a'.repeat(MAX_ACTIVITY_TEXT_CHARS + 1) }))).toMatchObject({ ok: false, field: 'text' });
  });

  it('leaves serviceUrl out only when the replies come back in the response', () => {
    const { serviceUrl: _none, ...activity } = teamsMessage('hej');
    expect(validateActivity(wire(activity))).toMatchObject({ ok: false, field: 'serviceUrl' });
    expect(validateActivity(wire({ ...activity, deliveryMode: 'expectReplies' })).ok).toBe(true);
  });

  it('refuses a body nested deeper than the limit, without recursing', () => {
    let nested: unknown = 'x';
    for (let i = 0; i < 100_000; i++) nested = [nested];
    expect(validateActivity({ ...wire(teamsMessage('hej')), channelData: { deep: nested } })).toMatchObject({ ok: false, problem: expect.stringContaining(String(MAX_ACTIVITY_DEPTH)) });
  });

  it('also holds the activity to the Agents SDK’s own schema, which would otherwise throw mid-request', () => {
    // An empty conversation name passes Planboten's reading but not the SDK's (min length 1).
    const activity = wire(teamsMessage('hej'));
    (activity.conversation as Record<string, unknown>).name = '';
    expect(validateActivity(activity)).toMatchObject({ ok: false, field: 'conversation.name' });
  });

  it('refuses agentic roles, whose token paths the bot does not configure', () => {
    expect(validateActivity(wire({ ...teamsMessage('hej'), recipient: { id: 'b', role: 'agenticUser' } }))).toMatchObject({ ok: false, field: 'recipient.role' });
  });

  it('never quotes the value it refuses, which may be the member’s text', () => {
    for (const spoilt of [
      { ...teamsMessage('hej'), deliveryMode: 'hemlig-medlemstext' },
      { ...teamsMessage('hej'), type: 'hemlig medlemstext' },
      { ...teamsMessage('hej'), channelId: 'hemlig medlemstext' },
      { ...teamsMessage('hej'), serviceUrl: 'hemlig medlemstext' },
    ]) {
      const result = validateActivity(wire(spoilt));
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('hemlig');
    }
  });

  it('takes a "__proto__" key as data, not as the object’s prototype', () => {
    const activity = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(teamsMessage('hej')).slice(1)}`) as Record<string, unknown>;
    const result = validateActivity(activity);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
