/**
 * The Web Chat widget across a restart of the bot: its token still verifies (the key is kept in a file next to
 * the SQLite state), its conversation comes back on the next request, the watermarks keep rising and the
 * dialog goes on where it stopped. With memory storage a restart still ends open chats.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/loadConfig';
import { Translations } from '../../i18n/translator';
import { directLineSettingsFrom } from '../../server/directLine';
import { loadOrCreateTokenKey } from '../../server/directLine/tokenKey';
import { TokenIssuer } from '../../server/directLine/tokens';
import { removeTempDirs, startBot, tempDir, type BotProcess } from '../helpers/botProcess';
import { ASKS } from '../helpers/scripts';
import {
  asConversation,
  botMessages,
  call,
  RawClient,
  startServer,
  type Conversation,
  type TestServer,
  type WireActivity,
} from './helpers';

const TOKEN_SECRET = 'test-token-secret-0123456789abcdef';
const GREETING = new Translations().for('de').t('flow.welcome.greeting');
const KEY_FILE = 'directline-token.key';

const greeted = (seen: WireActivity[]) => botMessages(seen).some((a) => a.text === GREETING);
const asks = (question: string) => (seen: WireActivity[]) =>
  botMessages(seen).some((a) => a.text?.includes(question));
const seqOf = (activity: WireActivity): number => Number(activity.id.split('|')[1]);
/** The user a token is bound to, as directlinejs reads it. */
const userOf = (token: string): string | undefined =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { user?: string }).user;
const errorCode = (body: unknown): string | undefined => (body as { error?: { code?: string } })?.error?.code;

/** A token as the page gets it. */
async function pageToken(url: string): Promise<Conversation> {
  const response = await call(`${url}/api/directline/token`, { method: 'POST' });
  assert.equal(response.status, 200, response.text);
  return asConversation(response.body);
}

describe('built-in Direct Line across a restart (child process, SQLite state)', function () {
  this.timeout(120_000);
  const running: BotProcess[] = [];
  const start = async (options: Parameters<typeof startBot>[0] = {}) => {
    const bot = await startBot(options);
    running.push(bot);
    return bot;
  };

  afterEach(async () => {
    for (const bot of running.splice(0)) await bot.stop('SIGKILL');
  });
  after(() => removeTempDirs());

  it('goes on after a crash with the same token and watermark: the dialog continues', async () => {
    const first = await start();
    const token = await pageToken(first.url);
    const started = await call(`${first.url}/v3/directline/conversations`, {
      token: token.token,
      body: { locale: 'de-DE' },
    });
    assert.equal(started.status, 201, started.text);
    const before = new RawClient(`${first.url}/v3/directline`, token);
    const welcome = await before.pollUntil(greeted, 20_000);
    assert.equal((await before.say('Zahlungsmethode ändern')).status, 200);
    const seenBefore = [...welcome, ...(await before.pollUntil(asks(ASKS.de.billingContact), 20_000))];
    const watermark = before.watermark;
    assert.match(watermark, /^\d+$/);

    const keyFile = path.join(path.dirname(first.storagePath), KEY_FILE);
    assert.ok(existsSync(keyFile), 'the token key is kept next to the state file');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const key = readFileSync(keyFile, 'utf8');

    assert.equal(await first.stop('SIGKILL'), null, 'the process should die from the signal');
    const second = await start({ storagePath: first.storagePath });
    const after = new RawClient(`${second.url}/v3/directline`, token);
    after.watermark = watermark;

    const posted = await after.say('ja');
    assert.equal(posted.status, 200, posted.text);
    const seen = await after.pollUntil(asks(ASKS.de.accountKind), 20_000);
    assert.equal(readFileSync(keyFile, 'utf8'), key, 'the key file is read, not made again');

    // The echo of "ja" and the bot's next question: nothing from before again, no second welcome.
    const echo = seen.find((a) => a.from.role === 'user');
    assert.equal(echo?.text, 'ja');
    assert.match(echo.from.id, /^dl_/);
    assert.equal(echo.from.id, userOf(token.token), 'the user comes from the token');
    assert.ok(!greeted(seen), 'no second welcome');
    // Numbers above the old watermark, ids never issued before the restart.
    const oldIds = new Set(seenBefore.map((a) => a.id));
    for (const activity of seen) {
      assert.ok(seqOf(activity) > Number(watermark), `${activity.id} is not above ${watermark}`);
      assert.ok(!oldIds.has(activity.id), `${activity.id} was issued before the restart`);
      assert.ok(activity.id.startsWith(`${token.conversationId}|`));
    }
    assert.ok(Number(after.watermark) > Number(watermark));

    // The old token refreshes; tokens of another key, tampered or missing ones are still refused.
    const refreshed = await call(`${after.domain}/tokens/refresh`, { method: 'POST', token: token.token });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.equal(asConversation(refreshed.body).conversationId, token.conversationId);
    const otherKey = new TokenIssuer({ secret: 'x'.repeat(32), ttlSeconds: 600, now: Date.now });
    for (const conversationId of [token.conversationId, 'never-seen-conversation']) {
      const foreign = otherKey.issue({ conversationId, userId: 'dl_intruder_0001' }).token;
      const url = `${after.domain}/conversations/${conversationId}/activities`;
      assert.equal((await call(url, { token: foreign })).status, 403);
      const message = { type: 'message', text: 'ja', from: { id: 'u' } };
      assert.equal((await call(url, { token: foreign, body: message })).status, 403);
    }
    const [h, p, s] = token.token.split('.');
    const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await call(after.activitiesUrl, { token: forged })).status, 403);
    assert.equal((await call(after.activitiesUrl)).status, 401);
  });

  it('with memory storage, a restart still ends open chats (a new key) and no key file is written', async () => {
    const env = { STORAGE: 'memory' };
    const first = await start({ env });
    const token = await pageToken(first.url);
    const client = new RawClient(`${first.url}/v3/directline`, token);
    assert.equal((await client.say('Zahlungsmethode ändern')).status, 200);
    await client.pollUntil(asks(ASKS.de.billingContact), 20_000);
    assert.equal(await first.stop('SIGKILL'), null);

    const second = await start({ storagePath: first.storagePath, env });
    const url = `${second.url}/v3/directline/conversations/${token.conversationId}/activities`;
    const response = await call(url, { token: token.token });
    assert.equal(response.status, 403);
    assert.equal(errorCode(response.body), 'Forbidden');
    assert.ok(!existsSync(path.join(path.dirname(first.storagePath), KEY_FILE)));
  });
});

describe('built-in Direct Line: resuming conversations (in process)', () => {
  let server: TestServer;
  let issuer: TokenIssuer;
  before(async () => {
    server = await startServer({ settings: { tokenSecret: TOKEN_SECRET, resumeConversations: true } });
    issuer = new TokenIssuer({ secret: TOKEN_SECRET, ttlSeconds: 600, now: server.clock.now });
  });
  after(() => server?.close());

  /** A client for a conversation the server never held, as after a restart. */
  const unknown = (conversationId: string, userId?: string, watermark = '') => {
    const client = new RawClient(server.domain, issuer.issue({ conversationId, userId }));
    client.watermark = watermark;
    return client;
  };

  it('a poll brings the conversation back, numbered above any watermark it had', async () => {
    const client = unknown('resumed-poll', 'dl_resumed_poll_1', '41');
    assert.deepEqual(await client.poll(), []);
    assert.ok(Number(client.watermark) >= Date.now() - 60_000, `watermark ${client.watermark}`);
    assert.equal((await client.say('Zahlungsmethode ändern')).status, 200);
    const seen = await client.pollUntil(asks(ASKS.de.billingContact));
    assert.ok(!greeted(seen), 'its user joined before: no welcome');
    const echo = seen.find((a) => a.from.role === 'user');
    // The token's user, whatever the client says it is.
    assert.equal(echo?.from.id, 'dl_resumed_poll_1');
    assert.ok(seen.every((a) => seqOf(a) > 41));
  });

  it('a post, a refresh and a reconnect bring it back too', async () => {
    const posted = unknown('resumed-post', 'dl_resumed_post_1');
    assert.equal((await posted.say('Zahlungsmethode ändern')).status, 200);
    assert.ok(!greeted(await posted.pollUntil(asks(ASKS.de.billingContact))));

    const refreshed = unknown('resumed-refresh', 'dl_resumed_refresh');
    const refresh = await call(`${server.domain}/tokens/refresh`, {
      method: 'POST',
      token: refreshed.conversation.token,
    });
    assert.equal(refresh.status, 200, refresh.text);
    assert.equal(asConversation(refresh.body).conversationId, 'resumed-refresh');

    const reconnected = unknown('resumed-reconnect', 'dl_resumed_reconnect');
    const reconnect = await call(`${server.domain}/conversations/resumed-reconnect?watermark=3`, {
      token: reconnected.conversation.token,
    });
    assert.equal(reconnect.status, 200, reconnect.text);
    assert.deepEqual(await reconnected.poll(), []);
  });

  it('a start (POST /conversations) with such a token welcomes its user, who had not joined yet', async () => {
    const client = unknown('resumed-start', 'dl_resumed_start');
    const started = await call(`${server.domain}/conversations`, {
      token: client.conversation.token,
      body: { locale: 'de-DE' },
    });
    assert.equal(started.status, 201, started.text);
    await client.pollUntil(greeted);
  });

  it('a conversation without a bound user comes back without a welcome for whoever posts', async () => {
    const client = unknown('resumed-unbound');
    assert.equal((await client.say('Zahlungsmethode ändern')).status, 200);
    const seen = await client.pollUntil(asks(ASKS.de.billingContact));
    assert.ok(!greeted(seen));
    assert.equal(seen.find((a) => a.from.role === 'user')?.from.id, 'web-user');
  });

  it('a conversation dropped for idleness comes back with higher numbers than before', async () => {
    const client = await RawClient.start(server, { locale: 'de-DE' });
    const before = await client.pollUntil(greeted);
    const watermark = client.watermark;
    const userId = userOf(client.conversation.token);
    server.clock.advance(31 * 60 * 1000);
    // Its token (30 min) expired meanwhile: a newer one for the same conversation, as a refresh gives it.
    client.conversation = issuer.issue({ conversationId: client.conversation.conversationId, userId });
    assert.equal((await client.say('Zahlungsmethode ändern')).status, 200);
    const after = await client.pollUntil(asks(ASKS.de.billingContact));
    assert.ok(!greeted(after), 'no second welcome');
    // Above the watermark, so the client sees its own message too.
    assert.ok(after.some((a) => a.from.role === 'user' && a.text === 'Zahlungsmethode ändern'));
    const oldIds = new Set(before.map((a) => a.id));
    assert.ok(after.every((a) => seqOf(a) > Number(watermark) && !oldIds.has(a.id)));
  });

  it('refuses tokens of another key (403) and answers bad watermarks with 400 as before', async () => {
    const other = new TokenIssuer({ secret: 'y'.repeat(32), ttlSeconds: 600, now: server.clock.now });
    const { token } = other.issue({ conversationId: 'resumed-foreign', userId: 'dl_foreign_user' });
    const url = `${server.domain}/conversations/resumed-foreign/activities`;
    assert.equal((await call(url, { token })).status, 403);
    assert.equal((await call(`${server.domain}/tokens/refresh`, { method: 'POST', token })).status, 403);
    const client = unknown('resumed-bad-watermark', 'dl_resumed_bad_wm');
    const bad = await call(`${client.activitiesUrl}?watermark=abc`, { token: client.conversation.token });
    assert.equal(bad.status, 400);
  });

  it('is bounded by the open-conversation limit (429)', async () => {
    const full = await startServer({
      settings: { tokenSecret: TOKEN_SECRET, resumeConversations: true, maxPending: 1 },
    });
    try {
      assert.equal((await call(`${full.url}/api/directline/token`, { method: 'POST' })).status, 200);
      const { token } = new TokenIssuer({ secret: TOKEN_SECRET, ttlSeconds: 600, now: full.clock.now }).issue(
        {
          conversationId: 'resumed-too-many',
          userId: 'dl_resumed_too_many',
        },
      );
      const response = await call(`${full.domain}/conversations/resumed-too-many/activities`, { token });
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '60');
    } finally {
      await full.close();
    }
  });

  it('without resumeConversations (memory storage) a token of an unknown conversation still gets 404', async () => {
    const plain = await startServer({ settings: { tokenSecret: TOKEN_SECRET } });
    try {
      const { token } = new TokenIssuer({
        secret: TOKEN_SECRET,
        ttlSeconds: 600,
        now: plain.clock.now,
      }).issue({
        conversationId: 'not-resumed',
      });
      assert.equal(
        (await call(`${plain.domain}/conversations/not-resumed/activities`, { token })).status,
        404,
      );
    } finally {
      await plain.close();
    }
  });
});

describe('built-in Direct Line token key file', () => {
  after(() => removeTempDirs());

  it('is made once with 32 random bytes, readable by the owner only, and read on later starts', () => {
    const file = path.join(tempDir(), 'nested', KEY_FILE);
    const key = loadOrCreateTokenKey(file);
    assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(loadOrCreateTokenKey(file), key);
    assert.notEqual(loadOrCreateTokenKey(path.join(tempDir(), KEY_FILE)), key);
  });

  it('refuses a file without a usable key rather than replacing it', () => {
    const dir = tempDir();
    const file = path.join(dir, KEY_FILE);
    writeFileSync(file, 'short\n', { mode: 0o600 });
    assert.throws(() => loadOrCreateTokenKey(file), /holds no usable key/);
    assert.equal(readFileSync(file, 'utf8'), 'short\n');
  });

  it('lets tokens of one server verify on the next one with the same file', async () => {
    const tokenKeyFile = path.join(tempDir(), KEY_FILE);
    const settings = { tokenKeyFile, resumeConversations: true };
    const first = await startServer({ settings });
    const token = await pageToken(first.url);
    await first.close();
    const second = await startServer({ settings });
    try {
      const url = `${second.domain}/conversations/${token.conversationId}/activities`;
      assert.equal((await call(url, { token: token.token })).status, 200);
    } finally {
      await second.close();
    }
  });

  it('is not used when DIRECT_LINE_TOKEN_SECRET is set', async () => {
    const tokenKeyFile = path.join(tempDir(), KEY_FILE);
    const server = await startServer({ settings: { tokenSecret: TOKEN_SECRET, tokenKeyFile } });
    await server.close();
    assert.ok(!existsSync(tokenKeyFile));
  });

  it('lies next to the SQLite file; with memory storage there is none and nothing is resumed', () => {
    const sqlite = directLineSettingsFrom(
      loadConfig({ STORAGE_PATH: '/srv/bot/state/bot.sqlite' }).directLine,
    );
    assert.equal(sqlite.tokenKeyFile, path.join('/srv/bot/state', KEY_FILE));
    assert.equal(sqlite.resumeConversations, true);
    assert.equal(
      loadConfig({}).directLine.tokenKeyFile,
      path.join('data', KEY_FILE),
      'default: ./data, beside ./data/bot-state.sqlite',
    );
    const memory = directLineSettingsFrom(loadConfig({ STORAGE: 'memory' }).directLine);
    assert.equal(memory.tokenKeyFile, undefined);
    assert.equal(memory.resumeConversations, false);
    assert.equal(loadConfig({ STORAGE_PATH: ':memory:' }).directLine.resumeConversations, false);
  });
});
