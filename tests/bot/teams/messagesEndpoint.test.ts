import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../../bot/http/server.js';
import { markersIn, type AiMessageEntity } from '../../../bot/teams/citationEntity.js';
import { MemoryFeedbackStore } from '../../../bot/teams/feedbackStore.js';
import { teamsRoutes } from '../../../bot/teams/teamsRoutes.js';
import type { Retriever } from '../../../retrieval/retriever.js';
import { buildIndex } from '../../../retrieval/store/indexStore.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { feedbackInvoke, teamsMessage } from './activities.js';
import { startChannelReceiver, type ChannelReceiver } from './channelReceiver.js';

const APP_ID = '6f1e3a52-3c2d-4f7a-9b1e-0d5c8e7a9f10';

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

describe('POST /api/messages without credentials (Emulator mode)', () => {
  let server: RunningServer;
  const feedback = new MemoryFeedbackStore();
  beforeAll(async () => {
    server = await serve({ config: { credentials: undefined, publicBaseUrl: 'https://planboten.example.org' }, feedback, log: (m) => logs.push(m) });
  });

  it('posts the cited answer to the activity’s serviceUrl, as a reply to the incoming message', async () => {
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
    // No token is fetched or sent in unauthenticated mode: the reply goes out bare.
    expect(reply.headers.authorization).toBeUndefined();

    const text = reply.activity.text as string;
    expect(text).toContain('Förbundet har över 5 000 "ambassadörer"');
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

  it('refuses activities whose replies would go to another machine', async () => {
    const before = channel.requests.length;
    const response = await postActivity(server, teamsMessage('hyvling', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SERVICE_URL_NOT_ALLOWED');
    expect(channel.requests.length).toBe(before);
  });

  it('rejects a body that is not an activity', async () => {
    expect((await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2' })).status).toBe(400);
    expect((await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hej' })).status).toBe(415);
  });
});

describe('POST /api/messages with credentials', () => {
  const credentials = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' as const };
  let production: RunningServer;
  let observed: RunningServer;
  // botbuilder's CloudAdapter prints every rejected request's AuthenticationError; keep the run readable.
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => vi.restoreAllMocks());
  beforeAll(async () => {
    production = await serve({ config: { credentials, publicBaseUrl: undefined }, log: (m) => logs.push(m) });
    // The public-cloud settings, except that key lookups go to the local receiver, where the tests
    // can see whether one happens. (Setting any of these makes botbuilder take all of them as given.)
    observed = await serve({
      config: { credentials, publicBaseUrl: undefined },
      authOverrides: {
        ValidateAuthority: true,
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        OAuthUrl: 'https://api.botframework.com',
        ToBotFromChannelOpenIdMetadataUrl: `${channel.url}/openid`,
        ToBotFromEmulatorOpenIdMetadataUrl: `${channel.url}/openid-emulator`,
        CallerId: 'urn:botframework:azure',
      },
      log: (m) => logs.push(m),
    });
  });

  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsignedToken = (issuer: string) => `${base64url({ alg: 'RS256', kid: 'k' })}.${base64url({ iss: issuer, aud: APP_ID })}.c2ln`;
  const invalid: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['a bearer value that is no token', { authorization: 'Bearer not-a-token' }],
    ['a token from an issuer the Bot Framework does not use', { authorization: `Bearer ${unsignedToken('https://evil.example')}` }],
  ];

  it.each(invalid)('rejects a request with %s: 401 and no reply', async (_label, headers) => {
    const before = channel.requests.length;
    const response = await postActivity(production, teamsMessage('hur många ambassadörer har förbundet?', { serviceUrl: channel.url }), headers);
    expect(response.status).toBe(401);
    expect(channel.requests.slice(before)).toEqual([]);
  });

  it.each(invalid)('rejects a request with %s before any key lookup', async (_label, headers) => {
    const before = channel.requests.length;
    const response = await postActivity(observed, teamsMessage('hur många ambassadörer har förbundet?', { serviceUrl: channel.url }), headers);
    expect(response.status).toBe(401);
    expect(channel.requests.slice(before)).toEqual([]);
  });

  it('would look keys up only for a token from the Bot Framework’s issuer (and still rejects an unsigned one)', async () => {
    const before = channel.requests.length;
    const response = await postActivity(observed, teamsMessage('hyvling', { serviceUrl: channel.url }), { authorization: `Bearer ${unsignedToken('https://api.botframework.com')}` });
    expect(response.status).toBe(401);
    // The metadata address answers 404 here; what matters is that this case, and only this, reached it.
    expect(channel.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /openid']);
  });
});
