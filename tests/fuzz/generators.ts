/**
 * Seeded generators of bad requests for the fuzz test: Bot Framework activities spoilt in one to
 * three places, `/api/ask` bodies of every wrong shape, and raw HTTP junk. Deterministic for a seed.
 */

export type Rand = () => number;

export interface Picker {
  rand: Rand;
  pick<T>(items: readonly T[]): T;
  int(max: number): number;
  chance(p: number): boolean;
}

export function picker(rand: Rand): Picker {
  return {
    rand,
    pick: (items) => items[Math.floor(rand() * items.length)],
    int: (max) => Math.floor(rand() * max),
    chance: (p) => rand() < p,
  };
}

/** Texts built to trip backtracking patterns, control-character handling or the length cap. */
export function adversarialText(p: Picker): string {
  const n = 1 + p.int(27_000);
  switch (p.int(14)) {
    case 0:
      return `<at>${' '.repeat(n)}`;
    case 1:
      return `${'.'.repeat(n)}x`;
    case 2:
      return '<at>'.repeat(Math.ceil(n / 4));
    case 3:
      return `${'<at>'.repeat(Math.ceil(n / 8))}Planboten</at>`;
    case 4:
      return ' ,'.repeat(Math.ceil(n / 2));
    case 5:
      return `${'/'.repeat(n)}hjälp`;
    case 6:
      return '\u0000\u202e\u2066\u200b'.repeat(Math.ceil(n / 4));
    case 7:
      return '\ud800x'.repeat(Math.ceil(n / 2));
    case 8:
      return 'å'.repeat(28_001 + p.int(5_000));
    case 9:
      return '[1]'.repeat(Math.ceil(n / 3));
    case 10:
      return '<script>alert(1)</script>'.repeat(1 + p.int(50));
    case 11:
      return `${'hyvling '.repeat(1 + p.int(200))}?`.repeat(1 + p.int(3));
    case 12:
      return '- \n'.repeat(Math.ceil(n / 3));
    default:
      return p.pick(['', ' ', 'hjälp', 'källor', '?', 'vad säger planen om hyvling?', '\t\n', '🙂'.repeat(100)]);
  }
}

/** A value of the wrong kind for almost any field. */
export function wrongValue(p: Picker): unknown {
  switch (p.int(12)) {
    case 0:
      return null;
    case 1:
      return p.pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return p.pick([true, false]);
    case 3:
      return [];
    case 4:
      return [p.pick(['a', 1, null, {}])];
    case 5:
      return {};
    case 6:
      return '';
    case 7:
      return adversarialText(p);
    case 8: {
      // Deeper than the edge accepts.
      let nested: unknown = 'bottom';
      for (let i = 0; i < 30 + p.int(40); i++) nested = { n: nested };
      return nested;
    }
    case 9:
      return { id: p.pick([1, null, '', 'x'.repeat(600), '../../x', 'a b', '%2F']) };
    case 10:
      return p.pick(['message', 'invoke', 'x', 'Message!', 'conversationUpdate', 'endOfConversation']);
    default:
      return p.pick(['javascript:alert(1)', 'ftp://127.0.0.1/', 'http://', 'not a url', 'https://example.org/', 'http://[::1]:1/', 'http://localhost:1/']);
  }
}

const BOT = { id: '28:planboten-bot', name: 'Planboten' };
const USER = { id: '29:member-1', name: 'Medlem', aadObjectId: '00000000-0000-0000-0000-00000000abcd' };

/** A valid activity of a random kind, its replies going to `serviceUrl` (or back in the response). */
export function validActivity(p: Picker, serviceUrl: string, n: number): Record<string, unknown> {
  const scope = p.pick(['personal', 'groupChat', 'channel'] as const);
  const base: Record<string, unknown> = {
    id: `fuzz-${n}`,
    channelId: p.pick(['msteams', 'emulator', 'webchat']),
    serviceUrl,
    from: { ...USER },
    recipient: { ...BOT },
    conversation: { id: `fuzz-conversation-${p.int(5)}`, conversationType: scope, isGroup: scope !== 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    timestamp: new Date(0).toISOString(),
  };
  if (p.chance(0.3)) {
    delete base.serviceUrl;
    base.deliveryMode = 'expectReplies';
  }
  switch (p.int(4)) {
    case 0:
      return {
        ...base,
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: `reply-${p.int(10)}`,
        value: { actionName: 'feedback', actionValue: { reaction: p.pick(['like', 'dislike']), feedback: '{"feedbackText":""}' } },
      };
    case 1:
      return { ...base, type: 'conversationUpdate', membersAdded: [{ ...BOT }] };
    default: {
      const mention = '<at>Planboten</at>';
      return {
        ...base,
        type: 'message',
        text: `${scope === 'personal' ? '' : `${mention} `}${p.pick(['vad säger planen om hyvling?', 'hjälp', 'källor', 'studier', 'recept på kanelbullar'])}`,
        textFormat: 'plain',
        entities: scope === 'personal' ? [] : [{ type: 'mention', text: mention, mentioned: { ...BOT } }],
      };
    }
  }
}

/** Paths into an activity that a spoiler may delete or replace. */
const FIELDS = [
  ['type'],
  ['id'],
  ['channelId'],
  ['serviceUrl'],
  ['deliveryMode'],
  ['from'],
  ['from', 'id'],
  ['from', 'role'],
  ['recipient'],
  ['recipient', 'id'],
  ['recipient', 'name'],
  ['recipient', 'role'],
  ['conversation'],
  ['conversation', 'id'],
  ['conversation', 'conversationType'],
  ['conversation', 'isGroup'],
  ['text'],
  ['textFormat'],
  ['timestamp'],
  ['locale'],
  ['entities'],
  ['entities', '0'],
  ['entities', '0', 'mentioned'],
  ['entities', '0', 'text'],
  ['channelData'],
  ['channelData', 'tenant'],
  ['value'],
  ['value', 'actionValue'],
  ['name'],
  ['replyToId'],
  ['membersAdded'],
  ['membersAdded', '0'],
  ['relatesTo'],
  ['attachments'],
  ['suggestedActions'],
  ['__proto__'],
  ['constructor'],
] as const;

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown, remove: boolean): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete node[last];
  // defineProperty, so "__proto__" becomes an own property as it would from JSON.parse.
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

/** A valid activity spoilt in one to three places: a field deleted, given a wrong value or adversarial text. */
export function malformedActivity(p: Picker, serviceUrl: string, n: number): Record<string, unknown> {
  const activity = JSON.parse(JSON.stringify(validActivity(p, serviceUrl, n))) as Record<string, unknown>;
  const spoils = 1 + p.int(3);
  for (let i = 0; i < spoils; i++) {
    const path = p.pick(FIELDS);
    const how = p.int(4);
    if (how === 0) setPath(activity, path, undefined, true);
    else if (how === 1 && (path[0] === 'text' || path[path.length - 1] === 'text' || path[path.length - 1] === 'name')) setPath(activity, path, adversarialText(p), false);
    else setPath(activity, path, wrongValue(p), false);
  }
  return activity;
}

/** A body for `POST /api/ask` of a wrong shape, or a right shape with hostile content. */
export function askBody(p: Picker): string {
  switch (p.int(10)) {
    case 0:
      return JSON.stringify(wrongValue(p));
    case 1:
      return JSON.stringify({ question: wrongValue(p) });
    case 2:
      return JSON.stringify({ question: adversarialText(p).slice(0, p.chance(0.5) ? 1000 : 1200) });
    case 3:
      return JSON.stringify({ question: 'vad säger planen om hyvling?', conversationId: wrongValue(p) });
    case 4:
      return JSON.stringify({ question: p.pick(['a'.repeat(1001), '', ' ', '\u0000', '?'.repeat(1000), '.'.repeat(999) + 'x']) });
    case 5:
      return `{"question": "${'\\ud800'.repeat(1 + p.int(100))}"}`;
    case 6:
      return `{"question": "hyvling", "__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}`;
    case 7: {
      const full = JSON.stringify({ question: 'Vad säger planen om hyvling?', conversationId: 'abc' });
      return full.slice(0, p.int(full.length - 1));
    }
    case 8:
      return JSON.stringify({ question: 'hyvling', extra: wrongValue(p), conversationId: p.pick(['abc', 'a'.repeat(100), 'a'.repeat(101), 'a/b']) });
    default:
      return JSON.stringify([{ question: 'hyvling' }]);
  }
}

/** An HTTP request as raw bytes, Content-Length counted. */
export function httpRequest(path: string, body: string | Buffer, contentType = 'application/json', extraHeaders: string[] = []): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${bytes.length}`, ...(contentType ? [`Content-Type: ${contentType}`] : []), ...extraHeaders, 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head), bytes]);
}

/** Junk at the HTTP level: random bytes, truncated or deeply nested JSON, wrong media types, huge headers, broken request lines. */
export function rawJunk(p: Picker, path: string): Buffer {
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => p.int(256)));
  switch (p.int(8)) {
    case 0:
      return httpRequest(path, bytes(1 + p.int(400)));
    case 1: {
      const depth = 100 + p.int(5000);
      return httpRequest(path, `{"question":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    }
    case 2:
      return httpRequest(path, 'question=hyvling', p.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/jsonp']));
    case 3:
      return httpRequest(path, '{"question": 1}', 'application/json', [`X-Long: ${'a'.repeat(1000 + p.int(30_000))}`]);
    case 4:
      return httpRequest(path, `{"type":"message","text":"${'x'.repeat(300_000)}"}`);
    case 5:
      return httpRequest(path, '{"question": "hyvling"}', 'application/json', [`Content-Length: ${p.int(100)}`]);
    case 6:
      return httpRequest(path, 'null');
    default:
      return Buffer.concat([Buffer.from(`${p.pick(['GET', 'POST', 'BREW', 'PUT'])} ${path}${p.pick(['', '?x', '%00', '/..'])} HTTP/1.1\r\n`), bytes(20), Buffer.from('\r\n\r\n')]);
  }
}
