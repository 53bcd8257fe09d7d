/**
 * What the real server survives and refuses, without credentials (the default): where replies may go,
 * content types, odd ids and values, long texts, unknown invokes, rate limits, probes, page headers, a quiet
 * start and a graceful SIGTERM. A child process over real HTTP.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Translations } from '../../i18n/translator';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';
import { HttpConversation } from '../helpers/httpConversation';

const de = new Translations().for('de');

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('hardening of the real server (child process, no credentials)', function () {
  this.timeout(120_000);
  let receiver: ReplyReceiver;
  let bot: BotProcess;

  before(async () => {
    receiver = await ReplyReceiver.start();
    bot = await startBot({ env: { ALLOWED_SERVICE_URLS: 'https://smba.trafficmanager.net/emea/' } });
  });
  after(async () => {
    await bot?.stop();
    await receiver?.close();
    removeTempDirs();
  });

  const base = (overrides: Record<string, unknown> = {}) => ({
    type: 'message',
    id: randomUUID(),
    text: 'hallo',
    channelId: 'emulator',
    serviceUrl: receiver.url,
    conversation: { id: `hard-${randomUUID()}` },
    from: { id: 'u1' },
    recipient: { id: 'bot' },
    locale: 'de-DE',
    ...overrides,
  });

  describe('where replies may go', () => {
    const refused: [string, string][] = [
      ['another host', 'https://evil.example.com/'],
      ['javascript:', 'javascript:alert(1)'],
      ['mailto:', 'mailto:someone@example.com'],
      ['data:', 'data:text/plain,hi'],
      ['a query', `${'http://127.0.0.1:9'}/?to=elsewhere`],
      ['credentials', 'http://user:pass@127.0.0.1:9/'],
      ['file:', 'file:///etc/passwd'],
    ];
    for (const [what, serviceUrl] of refused) {
      it(`refuses a serviceUrl with ${what} (4xx, no turn)`, async () => {
        const res = await postJson(bot.messagesUrl, base({ serviceUrl }));
        assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text}`);
      });
    }

    it('accepts loopback and a configured channel prefix', async () => {
      const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      (await c.says('hallo')).says(de.t('flow.welcome.greeting'));
      // A configured prefix passes the check; its replies fail (no such host here) within the timeout.
      const res = await postJson(
        bot.messagesUrl,
        base({ serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
      );
      assert.ok(res.status < 500 || res.status === 502, `${res.status}`);
    });

    it('a slow channel holds a turn no longer than the reply timeout', async () => {
      const slow = http.createServer(() => {
        /* never answers */
      });
      await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
      try {
        const started = Date.now();
        const res = await postJson(
          bot.messagesUrl,
          base({ serviceUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` }),
        );
        const took = Date.now() - started;
        assert.ok(res.status < 500, `${res.status}`);
        assert.ok(took < 25_000, `the turn took ${took} ms`);
      } finally {
        slow.closeAllConnections();
        slow.close();
      }
    });
  });

  describe('bad input', () => {
    it('refuses bodies that are not JSON (415): a form post from another site cannot reach the bot', async () => {
      for (const type of [
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await fetch(bot.messagesUrl, {
          method: 'POST',
          headers: { 'Content-Type': type },
          body: 'type=message&text=hi',
        });
        assert.equal(res.status, 415, type);
      }
    });

    it('answers a very long text with a clear message', async () => {
      const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      (await c.says('x'.repeat(50_000))).says(de.t('general.tooLong', { max: 2000 }));
    });

    it('takes odd but valid ids, and refuses a 5,000-character conversation id', async () => {
      for (const id of ['a/b', '../../etc', 'x%00y', `quote"s'`, 'ümlaut ids', 'a\\b']) {
        const res = await postJson(bot.messagesUrl, base({ conversation: { id } }));
        assert.ok(res.status < 500, `${id}: ${res.status} ${res.text}`);
      }
      assert.equal(
        (await postJson(bot.messagesUrl, base({ conversation: { id: 'x'.repeat(5000) } }))).status,
        400,
      );
    });

    it('survives card values of every odd shape', async () => {
      for (const value of [
        [],
        'text',
        42,
        null,
        { choice: 5 },
        { choice: { a: 1 } },
        { form: 'details', country: { x: 1 }, vatId: [1, 2] },
        { form: 'details' },
      ]) {
        const res = await postJson(bot.messagesUrl, base({ text: '', value }));
        assert.ok(res.status < 500, `${JSON.stringify(value)}: ${res.status} ${res.text}`);
      }
    });

    it('answers an unknown invoke with 400, not 501', async () => {
      const res = await postJson(
        bot.messagesUrl,
        base({ type: 'invoke', name: 'task/fetch', value: {}, text: undefined }),
      );
      assert.equal(res.status, 400, res.text);
    });

    it('limits one conversation: 429 with Retry-After', async () => {
      const conversation = { id: `flood-${randomUUID()}` };
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 35; i++) {
        const res = await postJson(bot.messagesUrl, base({ conversation, type: 'foo' }));
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      assert.ok(statuses.includes(429), JSON.stringify(statuses));
      assert.ok(Number(retryAfter) >= 1);
    });
  });

  describe('operations', () => {
    it('answers /healthz and /readyz', async () => {
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
      const ready = await fetch(`${bot.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready' });
    });

    it('sends security headers with its pages: a CSP without inline scripts, nosniff, a referrer policy', async () => {
      for (const path of ['/', '/agent']) {
        const res = await fetch(`${bot.url}${path}`);
        if (path === '/agent' && res.status === 404) continue; // the desk only with HANDOFF_GATEWAY=desk
        const csp = res.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self'(;|$)/, `${path}: ${csp}`);
        assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
        assert.match(csp, /frame-ancestors 'self'/);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('referrer-policy'), 'same-origin');
      }
    });

    it('starts without deprecation warnings or NLP.js noise, and logs JSON lines', () => {
      const stderr = bot.stderr();
      assert.doesNotMatch(stderr, /DeprecationWarning|PinoWarning|DEP0111|prettyPrint/);
      for (const line of stderr.split('\n').filter(Boolean))
        assert.doesNotThrow(() => JSON.parse(line), line);
    });
  });
});

describe('graceful shutdown (child process)', function () {
  this.timeout(60_000);

  it('on SIGTERM a turn in flight finishes, new requests get 503, the process exits 0', async () => {
    const bot = await startBot({ env: { REPLY_TIMEOUT_SECONDS: '20' } });
    // A channel that takes 2 s to accept each reply keeps a turn in flight.
    const slow = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => res.end('{"id":"1"}'), 2000);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const serviceUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const inFlight = postJson(bot.messagesUrl, {
        type: 'message',
        id: randomUUID(),
        text: 'Zahlungsmethode ändern',
        channelId: 'emulator',
        serviceUrl,
        conversation: { id: `term-${randomUUID()}` },
        from: { id: 'u' },
        recipient: { id: 'bot' },
      });
      await new Promise((r) => setTimeout(r, 500));
      const exited = bot.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      const late = await fetch(`${bot.url}/healthz`).catch(() => undefined);
      if (late) assert.equal(late.status, 503, 'a new request while draining');
      const first = await inFlight;
      assert.equal(first.status, 200, 'the turn in flight finished');
      assert.equal(await exited, 0);
      assert.match(bot.stderr(), /shutting down/);
    } finally {
      slow.close();
      removeTempDirs();
    }
  });
});
