/**
 * Requests an outside probe found that stopped the server or misled it: compressed bodies, asset names
 * that are Object.prototype members, a conversation id that forges log lines, a busy port. The real
 * server in a child process, over real HTTP.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import { Translations } from '../../i18n/translator';
import { ReplyReceiver } from '../../tools/replyReceiver';
import {
  freePort,
  removeTempDirs,
  spawnIndex,
  startBot,
  watch,
  type BotProcess,
} from '../helpers/botProcess';
import { HttpConversation } from '../helpers/httpConversation';

const de = new Translations().for('de');

async function postBody(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('hostile requests to the real server (child process)', function () {
  this.timeout(90_000);
  let receiver: ReplyReceiver;
  let bot: BotProcess;

  before(async () => {
    receiver = await ReplyReceiver.start();
    bot = await startBot();
  });

  after(async () => {
    await bot?.stop();
    await receiver?.close();
    removeTempDirs();
  });

  async function stillServes(): Promise<void> {
    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200, 'the process must still be serving');
    const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
    (await c.join()).says(de.t('flow.welcome.greeting'));
  }

  describe('compressed bodies', () => {
    const routes = [
      '/api/messages',
      '/v3/directline/conversations',
      '/v3/directline/tokens/generate',
      '/api/directline/token',
      '/no/such/route',
    ];

    it('a "gzip" body that is not gzip gets 415 on every route, and the process keeps serving', async () => {
      for (const route of routes) {
        for (const encoding of ['gzip', 'deflate', 'br', 'GZIP', 'identity, gzip']) {
          const res = await postBody(`${bot.url}${route}`, 'hi', {
            'Content-Type': 'application/json',
            'Content-Encoding': encoding,
          });
          assert.equal(res.status, 415, `${route} with ${encoding}: ${res.status} ${res.text}`);
          assert.equal(res.headers.get('accept-encoding'), 'identity');
        }
      }
      await stillServes();
    });

    it('a small gzip body that inflates to 60 MB is refused, not turned into an activity', async () => {
      const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      await c.join();
      const huge = JSON.stringify(c.activity({ type: 'message', text: 'x'.repeat(60 * 1024 * 1024) }));
      for (const [encoding, body] of [
        ['gzip', gzipSync(huge)],
        ['deflate', deflateSync(huge)],
      ] as const) {
        assert.ok(body.length < 256 * 1024, `the compressed body is small (${body.length} bytes)`);
        const res = await postBody(bot.messagesUrl, body, {
          'Content-Type': 'application/json',
          'Content-Encoding': encoding,
        });
        assert.equal(res.status, 415, res.text);
      }
      assert.equal(receiver.take(c.id).length, 0, 'the bot must not have answered it');
      await stillServes();
    });

    it('an uncompressed body (Content-Encoding identity) is still accepted', async () => {
      const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      const res = await postBody(
        bot.messagesUrl,
        JSON.stringify(c.activity({ type: 'message', text: 'hallo' })),
        { 'Content-Type': 'application/json', 'Content-Encoding': 'identity' },
      );
      assert.equal(res.status, 200, res.text);
      assert.ok(receiver.take(c.id).length > 0);
    });
  });

  it('asset names that are members of every JavaScript object are 404, not 500', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'nope.js']) {
      const res = await fetch(`${bot.url}/assets/${name}`);
      const text = await res.text();
      assert.equal(res.status, 404, `/assets/${name}: ${res.status} ${text}`);
      assert.ok(!/TypeError|stack|at /.test(text), text);
    }
    assert.equal((await fetch(`${bot.url}/assets/help.js`)).status, 200);
  });

  it('a conversation id with line breaks cannot forge a log line, nor put a card number in the log', async () => {
    const forged = '{"level":50,"msg":"forged 4111111111111111"}';
    const deadServiceUrl = `http://127.0.0.1:${await freePort()}`;
    // Replies go to a port nobody listens on: the turn fails, and onTurnError logs the conversation id.
    const res = await postBody(
      bot.messagesUrl,
      JSON.stringify({
        type: 'message',
        id: 'evil-1',
        text: 'hallo',
        channelId: 'emulator',
        serviceUrl: deadServiceUrl,
        conversation: { id: `abc\n${forged}\r\nINFO admin logged in` },
        from: { id: 'u1' },
        recipient: { id: 'bot' },
      }),
      { 'Content-Type': 'application/json' },
    );
    assert.ok(res.status < 500 || res.status === 502, `status ${res.status}`);
    const deadline = Date.now() + 5_000;
    while (!bot.stderr().includes('turn failed') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const lines = bot.stderr().split('\n').filter(Boolean);
    assert.ok(
      lines.some((l) => l.includes('turn failed')),
      `the failed turn is logged:\n${bot.stderr()}`,
    );
    for (const line of lines) {
      assert.notEqual(line.trim(), forged, 'a forged line appeared in the log');
      assert.ok(!line.startsWith('INFO admin'), `a forged line appeared in the log: ${line}`);
      assert.ok(!line.includes('4111111111111111'), `a card number reached the log: ${line}`);
    }
    const failed = lines
      .filter((l) => l.includes('turn failed'))
      .map((l) => JSON.parse(l) as { conversationId: string });
    assert.ok(failed.some((entry) => entry.conversationId.startsWith('abc\n')));
  });
});

describe('a delivery repeated by the channel (child process, SQLite state)', function () {
  this.timeout(90_000);
  let receiver: ReplyReceiver;
  before(async () => (receiver = await ReplyReceiver.start()));
  after(async () => {
    await receiver?.close();
    removeTempDirs();
  });

  it('is acknowledged without running the turn again, also after a crash and restart', async () => {
    const first = await startBot();
    const c = new HttpConversation(first.messagesUrl, receiver, 'de-DE');
    await c.join();
    (await c.says('Zahlungsmethode ändern')).says(de.t('flow.identify.ask'));
    const answer = c.activity({ type: 'message', text: 'ja' });
    const once = await c.postRaw(answer);
    assert.equal(once.status, 200);
    once.reply.says(de.t('flow.portal.ask'));
    const again = await c.postRaw(answer);
    assert.ok(again.status >= 200 && again.status < 300, `status ${again.status}`);
    assert.equal(again.reply.messages.length, 0, `the repeat was answered:\n${again.reply.text}`);

    assert.equal(await first.stop('SIGKILL'), null);
    const second = await startBot({ storagePath: first.storagePath });
    try {
      c.messagesUrl = second.messagesUrl;
      const afterRestart = await c.postRaw(answer);
      assert.ok(afterRestart.status >= 200 && afterRestart.status < 300, `status ${afterRestart.status}`);
      assert.equal(afterRestart.reply.messages.length, 0, afterRestart.reply.text);
      // The account question is still the open one.
      (await c.says('Online-Konto')).says(de.t('flow.guide.offerCheck'));
    } finally {
      await second.stop();
    }
  });
});

describe('start-up on a busy port', function () {
  this.timeout(30_000);

  it('names the port and how to choose another, without a stack trace', async () => {
    const holder = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, resolve));
    try {
      const output = watch(
        spawnIndex({ PORT: String(port), STORAGE: 'memory', MicrosoftAppId: '', MicrosoftAppPassword: '' }),
      );
      const code = await output.exited;
      assert.equal(code, 1, output.stderr());
      assert.match(output.stderr(), new RegExp(`PORT: port ${port} is already in use`));
      assert.match(output.stderr(), /PORT=\d+ npm start/);
      assert.doesNotMatch(output.stderr(), /^\s+at /m, 'no stack trace');
      assert.doesNotMatch(output.stderr(), /EADDRINUSE/);
    } finally {
      holder.close();
    }
  });
});
