import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../../bot/answer/answerSchema.js';
import { composeAnswer } from '../../../bot/answer/composeAnswer.js';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { markersIn, type AiMessageEntity } from '../../../bot/teams/citationEntity.js';
import { MemoryFeedbackStore } from '../../../bot/teams/feedbackStore.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import { PROJECT_ROOT } from '../../../retrieval/config.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { feedbackInvoke, teamsMessage } from './activities.js';
import { startChannelReceiver, type ChannelReceiver } from './channelReceiver.js';
import { lifetime, signedToken, signingKey, unsignedToken } from './tokens.js';

const APP_ID = '6f1e3a52-3c2d-4f7a-9b1e-0d5c8e7a9f10';
const TENANT = '0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';

let retriever: Retriever;
let channel: ChannelReceiver;
const servers: RunningServer[] = [];
const logs: string[] = [];

beforeAll(async () => {
  retriever = (await buildIndex(CORPUS_DIR)).built.retriever;
  channel = await startChannelReceiver();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await channel.close();
});

async function serve(routes: Parameters<typeof teamsRoutes>[0]): Promise<RunningServer> {
  const server = await startServer({ retriever, port: 0, host: '127.0.0.1', log: (m) => logs.push(m), extraRoutes: teamsRoutes(routes) });
  servers.push(server);
  return server;
}

const postActivity = (server: RunningServer, activity: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });

interface ErrorBody {
  error: { code: string; message: string; messageEn: string; field?: string; reason?: string };
}

describe('POST /api/messages without credentials (Emulator mode)', () => {
  let server: RunningServer;
  const feedback = new MemoryFeedbackStore();
  beforeAll(async () => {
    server = await serve({ config: { credentials: undefined, publicBaseUrl: 'https://planboten.example.org' }, feedback, log: (m) => logs.push(m) });
  });

  it('posts the cited answer to the activity’s serviceUrl, as a reply to the incoming message, entity intact', async () => {
    const before = channel.activities().length;
    const incoming = teamsMessage('hur många ambassadörer har förbundet?', { serviceUrl: channel.url });
    const response = await postActivity(server, incoming);
    expect(response.status).toBe(200);

    const sent = channel.activities().slice(before);
    expect(sent.map((s) => s.activity.type)).toEqual(['typing', 'message']);
    const reply = sent[1];
    expect(reply.conversationId).toBe(incoming.conversation.id);
    expect(reply.replyToId).toBe(incoming.id);
    expect(reply.activity.replyToId).toBe(incoming.id);
    expect(reply.activity.channelId).toBe('msteams');
    // No token is fetched or sent in unauthenticated mode: the reply goes out bare.
    expect(reply.headers.authorization).toBeUndefined();

    const text = reply.activity.text as string;
    expect(text).toContain('Förbundet har över 5 000 "ambassadörer"');
    // The whole citation entity arrives at the channel (botbuilder 4.23 used to drop all but `type`).
    const entities = reply.activity.entities as Array<{ type: string }>;
    const entity = entities.find((e) => e.type === 'https://schema.org/Message') as unknown as AiMessageEntity;
    expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', additionalType: ['AIGeneratedContent'] });
    expect(entity.citation.map((c) => c.position)).toEqual(markersIn(text).sort((a, b) => a - b));
    expect(entity.citation[0].appearance).toMatchObject({
      '@type': 'DigitalDocument',
      name: 'Verksamhetsplan 2025–2029 › Studier',
      url: 'https://planboten.example.org/tab?section=vp-2025-2029%2Fstudier%2Fp1',
    });
    expect(reply.activity.channelData).toEqual({ feedbackLoop: { type: 'default' } });
  });

  it('answers the feedback invoke with 200 and an empty body, and posts nothing', async () => {
    const before = channel.requests.length;
    const invoke = { ...feedbackInvoke('reply-42', 'dislike'), serviceUrl: channel.url };
    const response = await postActivity(server, invoke);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(channel.requests.length).toBe(before);
    expect(await feedback.get('reply-42')).toEqual({ like: 0, dislike: 1 });
  });

  it('answers an unsupported invoke with a JSON 400, not a 501', async () => {
    const response = await postActivity(server, { ...feedbackInvoke('reply-1', 'like'), name: 'task/fetch', serviceUrl: channel.url });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('UNSUPPORTED_INVOKE');
  });

  it('refuses activities whose replies would go to another machine', async () => {
    const before = channel.requests.length;
    const response = await postActivity(server, teamsMessage('hyvling', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe('SERVICE_URL_NOT_ALLOWED');
    expect(channel.requests.length).toBe(before);
  });

  it('rejects a body that is not an activity', async () => {
    expect((await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2' })).status).toBe(400);
    expect((await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hej' })).status).toBe(415);
  });

  it.each([
    ['conversation', (a: Record<string, unknown>) => delete a.conversation],
    ['recipient.id', (a: Record<string, unknown>) => (a.recipient = { name: 'Planboten' })],
    ['from', (a: Record<string, unknown>) => (a.from = 'medlem')],
    ['type', (a: Record<string, unknown>) => (a.type = 42)],
    ['entities.0.mentioned', (a: Record<string, unknown>) => (a.entities = [{ type: 'mention', text: '<at>Planboten</at>' }])],
    ['channelData', (a: Record<string, unknown>) => (a.channelData = 'x')],
    ['text', (a: Record<string, unknown>) => (a.text = 'å'.repeat(28_001))],
    ['conversation.id', (a: Record<string, unknown>) => (a.conversation = { id: '../../v3/evil?x=' })],
    ['serviceUrl', (a: Record<string, unknown>) => delete a.serviceUrl],
  ])('answers an activity with a bad %s with a JSON 400 that names the field, and posts nothing', async (field, spoil) => {
    const before = channel.requests.length;
    const activity = teamsMessage('hur många ambassadörer har förbundet?', { serviceUrl: channel.url }) as unknown as Record<string, unknown>;
    spoil(activity);
    const response = await postActivity(server, activity);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const { error } = (await response.json()) as ErrorBody;
    expect(error).toMatchObject({ code: 'INVALID_ACTIVITY', field });
    expect(error.message).toContain(field);
    expect(channel.requests.length).toBe(before);
  });

  it('returns the replies in the response body for deliveryMode "expectReplies", with no serviceUrl needed', async () => {
    const before = channel.requests.length;
    const { serviceUrl: _none, ...incoming } = teamsMessage('hur många ambassadörer har förbundet?', { channelId: 'emulator' });
    const response = await postActivity(server, { ...incoming, deliveryMode: 'expectReplies' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: Array<Record<string, unknown>> };
    expect(body.activities.map((a) => a.type)).toEqual(['typing', 'message']);
    const reply = body.activities[1];
    expect(reply.channelId).toBe('emulator');
    expect(reply.replyToId).toBe(incoming.id);
    expect(reply.text).toContain('Förbundet har över 5 000 "ambassadörer"');
    expect(reply.text).toContain('**Källor**');
    expect(channel.requests.length).toBe(before);
  });

  it('runs the README’s curl example as written', async () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const example = /curl -s http:\/\/localhost:3978\/api\/messages[\s\S]*?-d '(\{[\s\S]*?\})'/.exec(readme);
    expect(example, 'README has a curl example for /api/messages').not.toBeNull();
    const activity = JSON.parse(example![1]) as Record<string, unknown>;
    expect(activity.deliveryMode).toBe('expectReplies');
    const response = await postActivity(server, activity);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: Array<{ type: string; text?: string }> };
    const message = body.activities.find((a) => a.type === 'message');
    expect(message?.text).toMatch(/hyvling/i);
    expect(message?.text).toMatch(/\[1\]/);
  });
});

describe('informative update over HTTP (a hosted model configured)', () => {
  it('posts "Söker i planerna …" first and closes that stream with the answer, by the id Teams returned', async () => {
    const slow = await composeAnswer(retriever, 'vad säger planen om hyvling?');
    const server = await serve({
      config: { credentials: undefined, publicBaseUrl: undefined, slowAnswers: true },
      answer: async (): Promise<Answer> => slow,
      log: (m) => logs.push(m),
    });
    const before = channel.activities().length;
    const response = await postActivity(server, teamsMessage('vad säger planen om hyvling?', { serviceUrl: channel.url }));
    expect(response.status).toBe(200);
    const [update, answer] = channel.activities().slice(before);
    expect(update.activity).toMatchObject({ type: 'typing', text: 'Söker i planerna …', entities: [{ type: 'streaminfo', streamType: 'informative', streamSequence: 1 }] });
    // The receiver answered the update with {id: "reply-N"}: that is the stream the answer ends.
    const streamId = /^reply-\d+$/;
    const final = (answer.activity.entities as Array<Record<string, unknown>>).find((e) => e.type === 'streaminfo');
    expect(final).toEqual({ type: 'streaminfo', streamType: 'final', streamId: expect.stringMatching(streamId) });
    expect(answer.activity.type).toBe('message');
  });
});

describe('NODE_ENV=production without credentials', () => {
  it('keeps the bot closed with a JSON 503 that says what to set (the SDK runs unauthenticated only outside production)', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    let server: RunningServer;
    try {
      server = await serve({ config: { credentials: undefined, publicBaseUrl: undefined }, log: (m) => logs.push(m) });
    } finally {
      vi.unstubAllEnvs();
    }
    const response = await postActivity(server, teamsMessage('hyvling', { serviceUrl: channel.url }));
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorBody).error.message).toContain('MicrosoftAppId');
  });
});

describe('POST /api/messages with credentials', () => {
  const credentials = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'SingleTenant' as const };
  const key = signingKey('planboten-test-key');
  const stranger = signingKey('planboten-test-key');
  let production: RunningServer;
  let local: RunningServer;
  let issuer: string;

  beforeAll(async () => {
    production = await serve({ config: { credentials, publicBaseUrl: undefined }, log: (m) => logs.push(m) });
    // The authority (and so the issuer and its signing keys) on the local receiver, where the tests
    // see every key lookup and no request leaves the machine.
    local = await serve({ config: { credentials, publicBaseUrl: undefined }, authOverrides: { authorityEndpoint: channel.url }, log: (m) => logs.push(m) });
    issuer = `${channel.url}/${TENANT}/v2.0`;
    channel.documents.set(`/${TENANT}/discovery/v2.0/keys`, key.jwks);
  });

  const expectReplies = () => {
    const { serviceUrl: _none, ...activity } = teamsMessage('hur många ambassadörer har förbundet?');
    return { ...activity, deliveryMode: 'expectReplies' };
  };
  const claims = (overrides: Record<string, unknown> = {}) => ({ iss: issuer, aud: APP_ID, tid: TENANT, ...lifetime(), ...overrides });

  const screened: Array<[string, () => Record<string, string>]> = [
    ['no Authorization header', () => ({})],
    ['a bearer value that is no token', () => ({ authorization: 'Bearer not-a-token' })],
    ['a token from an issuer the bot does not accept', () => ({ authorization: `Bearer ${unsignedToken(claims({ iss: 'https://evil.example' }))}` })],
    ['a token for another bot', () => ({ authorization: `Bearer ${unsignedToken(claims({ aud: '00000000-0000-4000-8000-000000000000' }))}` })],
    ['an expired token', () => ({ authorization: `Bearer ${unsignedToken(claims({ exp: Math.floor(Date.now() / 1000) - 3600 }))}` })],
  ];

  it.each(screened)('rejects a request with %s: JSON 401, no reply and no key lookup', async (_label, headers) => {
    for (const server of [production, local]) {
      const before = channel.requests.length;
      const response = await postActivity(server, teamsMessage('hur många ambassadörer har förbundet?', { serviceUrl: channel.url }), headers());
      expect(response.status).toBe(401);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.reason).toEqual(expect.any(String));
      expect(channel.requests.slice(before)).toEqual([]);
    }
  });

  it('accepts a token the issuer signed, verified against the issuer’s published keys', async () => {
    const before = channel.requests.length;
    const response = await postActivity(local, expectReplies(), { authorization: `Bearer ${signedToken(key, claims())}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: Array<{ type: string; text?: string }> };
    expect(body.activities.find((a) => a.type === 'message')?.text).toContain('Förbundet har över 5 000 "ambassadörer"');
    // The only request that left the server: the key set, on this machine.
    expect(channel.requests.slice(before).map((r) => `${r.method} ${r.path}`).every((r) => r === `GET /${TENANT}/discovery/v2.0/keys`)).toBe(true);
  });

  it('rejects a well-formed token whose signature the issuer’s keys do not verify', async () => {
    const response = await postActivity(local, expectReplies(), { authorization: `Bearer ${signedToken(stranger, claims())}` });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.reason).toMatch(/signature/i);
  });

  it('validates the activity only after the token: an unauthenticated caller learns nothing about the schema', async () => {
    const response = await postActivity(production, { type: 'message' });
    expect(response.status).toBe(401);
    const verified = await postActivity(local, { type: 'message' }, { authorization: `Bearer ${signedToken(key, claims())}` });
    expect(verified.status).toBe(400);
    expect(((await verified.json()) as ErrorBody).error.code).toBe('INVALID_ACTIVITY');
  });

  it('refuses an activity whose serviceUrl is not the one the caller’s token names (JSON 400, nothing posted)', async () => {
    const before = channel.activities().length;
    const token = signedToken(key, claims({ serviceurl: 'https://smba.trafficmanager.net/emea/' }));
    const response = await postActivity(local, teamsMessage('hyvling', { serviceUrl: channel.url }), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('REJECTED');
    expect(channel.activities().length).toBe(before);
  });
});
