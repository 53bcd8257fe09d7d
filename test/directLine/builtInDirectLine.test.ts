import assert from 'node:assert/strict';
import { REDACTED } from '../../domain/cardData';
import { Translations } from '../../i18n/translator';
import { TokenIssuer } from '../../server/directLine/tokens';
import { ASKS } from '../helpers/scripts';
import {
  asConversation,
  botMessages,
  call,
  RawClient,
  startServer,
  type TestServer,
  type WireActivity,
} from './helpers';

const TOKEN_SECRET = 'test-token-secret-0123456789abcdef';
const GREETING = new Translations().for('de').t('flow.welcome.greeting');
const CARD = '4111 1111 1111 1111';

const errorCode = (body: unknown): string | undefined => (body as { error?: { code?: string } })?.error?.code;
const greeted = (seen: WireActivity[]) => botMessages(seen).some((a) => a.text === GREETING);

describe('built-in Direct Line: conversations and activities', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ settings: { tokenSecret: TOKEN_SECRET } })));
  after(() => server?.close());

  it('tokens/generate gives a token for a new conversation, which POST /conversations starts (201)', async () => {
    const generated = await call(`${server.domain}/tokens/generate`, { method: 'POST' });
    assert.equal(generated.status, 200);
    const token = asConversation(generated.body);
    assert.equal(token.expires_in, 1800);
    const started = await call(`${server.domain}/conversations`, { token: token.token, body: {} });
    assert.equal(started.status, 201);
    const conversation = asConversation(started.body);
    assert.equal(conversation.conversationId, token.conversationId);
    assert.equal(started.headers.get('cache-control'), 'no-store');
  });

  it('the page route returns a built-in token and the domain to use', async () => {
    const response = await call(`${server.url}/api/directline/token`, { method: 'POST' });
    assert.equal(response.status, 200);
    const body = response.body as { domain: string; token: string };
    assert.equal(body.domain, server.domain);
    // JWT-shaped, with the dl_ user directlinejs reads from it.
    const payload = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString()) as {
      user: string;
    };
    assert.match(payload.user, /^dl_/);
  });

  it('welcomes on join: a user-bound token gets the greeting before the user types', async () => {
    const client = await RawClient.start(server, { locale: 'de-DE' });
    const seen = await client.pollUntil(greeted);
    assert.deepEqual(botMessages(seen)[0].from, {
      id: 'payment-assistant',
      name: 'Payment Assistant',
      role: 'bot',
    });
    assert.match(seen[0].id, new RegExp(`^${client.conversation.conversationId}\\|0000000$`));
  });

  it('without a bound user, the user joins with their first activity (e.g. webchat/join) and is welcomed', async () => {
    const started = await call(`${server.domain}/conversations`, { body: {} });
    assert.equal(started.status, 201);
    const client = new RawClient(server.domain, asConversation(started.body));
    assert.deepEqual(await client.poll(), [], 'nothing before the user is known');
    const posted = await client.post({
      type: 'event',
      name: 'webchat/join',
      from: { id: 'anon-1' },
      locale: 'de-DE',
    });
    assert.equal(posted.status, 200);
    const seen = await client.pollUntil(greeted);
    const welcome = seen.findIndex((a) => a.text === GREETING);
    const join = seen.findIndex((a) => a.type === 'event');
    assert.ok(welcome >= 0 && join > welcome, 'the welcome comes before the echo of the join event');
  });

  it('echoes the user activity with an id and its clientActivityID, then the bot answers it', async () => {
    const client = await RawClient.start(server);
    await client.pollUntil(greeted);
    const posted = await client.say('Zahlungsmethode ändern', 'client-42');
    assert.equal(posted.status, 200);
    const { id } = posted.body as { id: string };
    const seen = await client.pollUntil((s) => botMessages(s).some((a) => a.replyToId === id));
    const echo = seen.find((a) => a.id === id);
    assert.equal(echo?.channelData?.clientActivityID, 'client-42');
    assert.equal(echo?.from.role, 'user');
    assert.match(echo?.from.id ?? '', /^dl_/, 'a user-bound token fixes from.id');
    assert.ok(botMessages(seen).some((a) => a.text?.includes(ASKS.de.billingContact)));
  });

  it('a post repeated with the same clientActivityID gets the first id back: one echo, one answer', async () => {
    const client = await RawClient.start(server);
    await client.pollUntil(greeted);
    const first = await client.say('Zahlungsmethode ändern', 'retry-7');
    const second = await client.say('Zahlungsmethode ändern', 'retry-7');
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const { id } = first.body as { id: string };
    assert.equal((second.body as { id: string }).id, id);
    await client.say('ja', 'retry-8');
    const seen = await client.pollUntil((s) =>
      botMessages(s).some((a) => a.text?.includes(ASKS.de.accountKind)),
    );
    assert.equal(seen.filter((a) => a.channelData?.clientActivityID === 'retry-7').length, 1, 'one echo');
    const asked = botMessages(seen).filter((a) => a.text?.includes(ASKS.de.billingContact));
    assert.equal(asked.length, 1, 'the billing-contact question is asked once');
  });

  it('polls by watermark: only activities after it', async () => {
    const client = await RawClient.start(server);
    await client.pollUntil(greeted);
    const watermark = client.watermark;
    assert.deepEqual(await client.poll(), []);
    await client.say('hallo');
    const after = await client.poll();
    assert.ok(after.length > 0);
    assert.ok(after.every((a) => Number(a.id.split('|')[1]) > Number(watermark)));
  });

  it('never echoes a card number (nor the CVV that follows it), in text or in a submitted value', async () => {
    const client = await RawClient.start(server);
    await client.pollUntil(greeted);
    const first = await client.say(`Meine Karte ist ${CARD}`);
    const second = await client.say('123');
    const third = await client.post({
      type: 'message',
      from: { id: 'x' },
      value: { card: CARD.replace(/ /g, '') },
    });
    const ids = [first, second, third].map((r) => (r.body as { id: string }).id);
    const seen = await client.pollUntil((s) => ids.every((id) => s.some((a) => a.id === id)));
    const all = JSON.stringify(seen);
    assert.ok(!all.includes('4111'), 'no card digits anywhere in the GET');
    // The client chats in German (de-DE): the echo marks what was removed in German.
    const echoes = ids.map((id) => seen.find((a) => a.id === id));
    assert.equal(echoes[0]?.text, 'Meine Karte ist [entfernt]');
    assert.equal(echoes[1]?.text, '[entfernt]');
    assert.match(all, /"card":"\[entfernt\]"/);
  });

  it('an English chat sees its own message with the card number marked "[redacted]"', async () => {
    const client = await RawClient.start(server, { locale: 'en-US' });
    const sent = await client.post({
      type: 'message',
      text: `my card is ${CARD}`,
      locale: 'en-US',
      from: { id: 'u' },
    });
    const id = (sent.body as { id: string }).id;
    const seen = await client.pollUntil((s) => s.some((a) => a.id === id));
    assert.equal(seen.find((a) => a.id === id)?.text, `my card is ${REDACTED}`);
  });

  it('rejects a token for conversation A on conversation B (403), a missing one (401), a forged one (403)', async () => {
    const a = await RawClient.start(server);
    const b = await RawClient.start(server);
    const onB = `${server.domain}/conversations/${b.conversation.conversationId}/activities`;
    const message = { type: 'message', text: 'hi', from: { id: 'u' } };
    assert.equal((await call(onB, { token: a.conversation.token })).status, 403);
    assert.equal((await call(onB, { token: a.conversation.token, body: message })).status, 403);
    assert.equal((await call(onB)).status, 401);
    const [h, p, s] = b.conversation.token.split('.');
    const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await call(onB, { token: forged })).status, 403);
    const otherKey = new TokenIssuer({ secret: 'x'.repeat(32), ttlSeconds: 60, now: Date.now });
    const foreign = otherKey.issue({ conversationId: b.conversation.conversationId }).token;
    assert.equal((await call(onB, { token: foreign })).status, 403);
    assert.equal((await call(onB, { token: 'not-a-token' })).status, 403);
  });

  it('answers 404 for an unknown conversation, even with a valid token for it', async () => {
    const issuer = new TokenIssuer({ secret: TOKEN_SECRET, ttlSeconds: 60, now: server.clock.now });
    const { token } = issuer.issue({ conversationId: 'no-such-conversation' });
    const url = `${server.domain}/conversations/no-such-conversation/activities`;
    const get = await call(url, { token });
    assert.equal(get.status, 404);
    assert.equal(errorCode(get.body), 'NotFound');
    assert.equal(
      (await call(url, { token, body: { type: 'message', text: 'x', from: { id: 'u' } } })).status,
      404,
    );
    assert.equal((await call(`${server.domain}/tokens/refresh`, { token, method: 'POST' })).status, 404);
  });

  it('answers bad input with 4xx, never 5xx', async () => {
    const client = await RawClient.start(server);
    const cases: [string, { raw?: string; body?: unknown }][] = [
      ['malformed JSON', { raw: '{"type": "message", ' }],
      ['no type', { body: { text: 'hi', from: { id: 'u' } } }],
      ['unknown type', { body: { type: 'invoke', from: { id: 'u' } } }],
      ['text not a string', { body: { type: 'message', text: 42, from: { id: 'u' } } }],
      [
        'too deep',
        { body: { type: 'message', from: { id: 'u' }, value: JSON.parse('['.repeat(40) + ']'.repeat(40)) } },
      ],
      ['an array', { body: [] }],
    ];
    for (const [name, init] of cases) {
      const response = await call(client.activitiesUrl, { token: client.conversation.token, ...init });
      assert.equal(response.status, 400, `${name}: ${response.status} ${response.text}`);
    }
    const noFrom = await call(`${server.domain}/conversations`, { body: {} });
    const unbound = asConversation(noFrom.body);
    const url = `${server.domain}/conversations/${unbound.conversationId}/activities`;
    const missingFrom = await call(url, { token: unbound.token, body: { type: 'message', text: 'hi' } });
    assert.equal(missingFrom.status, 400);
    assert.equal(errorCode(missingFrom.body), 'MissingProperty');
    const watermark = await call(`${client.activitiesUrl}?watermark=abc`, {
      token: client.conversation.token,
    });
    assert.equal(watermark.status, 400);
    const badStart = await call(`${server.domain}/conversations`, { body: { locale: 7 } });
    assert.equal(badStart.status, 400);
  });

  it('a refresh retires the old token after a short grace, and refreshes are limited', async () => {
    const own = await startServer({ settings: { tokenSecret: TOKEN_SECRET } });
    try {
      const client = await RawClient.start(own);
      const old = client.conversation.token;
      const refresh = (token: string) => call(`${own.domain}/tokens/refresh`, { method: 'POST', token });
      const fresh = await refresh(old);
      assert.equal(fresh.status, 200);
      const newer = (fresh.body as { token: string }).token;
      assert.notEqual(newer, old);
      const poll = (token: string) => call(`${client.activitiesUrl}`, { token });
      assert.equal((await poll(old)).status, 200, 'a poll already on its way with the old token still works');
      own.clock.advance(61_000);
      const retired = await poll(old);
      assert.equal(retired.status, 403);
      assert.equal(errorCode(retired.body), 'TokenExpired');
      assert.equal((await refresh(old)).status, 403, 'a retired token cannot be refreshed either');
      assert.equal((await poll(newer)).status, 200);
      let token = newer;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await refresh(token);
        statuses.push(r.status);
        if (r.status === 200) token = (r.body as { token: string }).token;
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429], 'six refreshes an hour, then 429');
    } finally {
      await own.close();
    }
  });

  it('answers a very long text with a clear message instead of reading it', async () => {
    const client = await RawClient.start(server);
    await client.pollUntil(greeted);
    const posted = await client.say('a'.repeat(10_001));
    assert.equal(posted.status, 200);
    const tooLong = new Translations().for('de').t('general.tooLong', { max: 2000 });
    await client.pollUntil((seen) => botMessages(seen).some((a) => a.text === tooLong));
  });

  it('answers 413 for a body over the server limit, with CORS headers the page can read', async () => {
    const client = await RawClient.start(server);
    const response = await call(client.activitiesUrl, {
      token: client.conversation.token,
      body: { type: 'message', from: { id: 'u' }, value: 'x'.repeat(300 * 1024) },
      headers: { Origin: 'https://help.example.com' },
    });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });
});

describe('built-in Direct Line: tokens, limits and CORS', () => {
  it('expires tokens after their lifetime; a refresh before then extends it', async () => {
    const server = await startServer({ settings: { tokenTtlSeconds: 60 } });
    try {
      const client = await RawClient.start(server);
      const { token } = client.conversation;
      server.clock.advance(50_000);
      const refreshed = await call(`${server.domain}/tokens/refresh`, { method: 'POST', token });
      assert.equal(refreshed.status, 200);
      const fresh = asConversation(refreshed.body);
      assert.equal(fresh.conversationId, client.conversation.conversationId);
      server.clock.advance(20_000);
      const expired = await call(client.activitiesUrl, { token });
      assert.equal(expired.status, 403);
      assert.equal(errorCode(expired.body), 'TokenExpired');
      assert.equal((await call(`${server.domain}/tokens/refresh`, { method: 'POST', token })).status, 403);
      assert.equal((await call(client.activitiesUrl, { token: fresh.token })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('drops a conversation nobody used for the idle time (404 afterwards)', async () => {
    const server = await startServer({ settings: { idleMs: 60_000, tokenTtlSeconds: 3600 } });
    try {
      const client = await RawClient.start(server);
      await client.pollUntil(greeted);
      server.clock.advance(59_000);
      assert.equal((await call(client.activitiesUrl, { token: client.conversation.token })).status, 200);
      server.clock.advance(61_000);
      assert.equal((await call(client.activitiesUrl, { token: client.conversation.token })).status, 404);
    } finally {
      await server.close();
    }
  });

  it('answers 429 with Retry-After when one conversation posts too fast', async () => {
    const server = await startServer({ settings: { rateLimit: { posts: 3, windowMs: 10_000 } } });
    try {
      const client = await RawClient.start(server);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await client.post({ type: 'typing', from: { id: 'u' } })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const limited = await client.post({ type: 'typing', from: { id: 'u' } });
      assert.equal(limited.headers.get('retry-after'), '10');
      server.clock.advance(10_001);
      assert.equal((await client.post({ type: 'typing', from: { id: 'u' } })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('keeps only the newest activities of a conversation and caps conversations nobody wrote in yet (429)', async () => {
    const server = await startServer({ settings: { maxActivitiesPerConversation: 3, maxPending: 2 } });
    try {
      const client = await RawClient.start(server);
      for (let i = 0; i < 5; i++) await client.post({ type: 'typing', from: { id: 'u' } });
      const kept = await client.poll();
      assert.equal(kept.length, 3);
      assert.equal(kept[2].id.split('|')[1], String(Number(client.watermark)).padStart(7, '0'));
      assert.equal((await call(`${server.domain}/tokens/generate`, { method: 'POST' })).status, 200);
      const full = await call(`${server.url}/api/directline/token`, { method: 'POST' });
      assert.equal(full.status, 429);
      assert.equal((await call(`${server.domain}/conversations`, { body: {} })).status, 429);
    } finally {
      await server.close();
    }
  });

  it('answers CORS preflights and refuses origins not on the list', async () => {
    const server = await startServer({ settings: { allowedOrigins: ['https://help.example.com'] } });
    try {
      const preflight = (origin: string) =>
        call(`${server.domain}/conversations/abc/activities`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization, content-type, x-ms-bot-agent',
          },
        });
      const allowed = await preflight('https://help.example.com');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://help.example.com');
      assert.equal(
        allowed.headers.get('access-control-allow-headers'),
        'Authorization, Content-Type, x-ms-bot-agent',
      );
      assert.equal(allowed.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
      assert.match(allowed.headers.get('vary') ?? '', /Origin/);
      assert.equal((await preflight('https://evil.example.com')).status, 403);
      const foreign = await call(`${server.url}/api/directline/token`, {
        method: 'POST',
        headers: { Origin: 'https://evil.example.com' },
      });
      assert.equal(foreign.status, 403);
      // The bot's own page (same origin) needs no list entry.
      const own = await call(`${server.url}/api/directline/token`, {
        method: 'POST',
        headers: { Origin: server.url },
      });
      assert.equal(own.status, 200);
      // Routes outside Direct Line are untouched.
      const health = await call(`${server.url}/healthz`, { headers: { Origin: 'https://evil.example.com' } });
      assert.equal(health.status, 200);
      assert.equal(health.headers.get('access-control-allow-origin'), null);
    } finally {
      await server.close();
    }
  });
});
