/**
 * The desk survives a crash: the real server in a child process with SQLite state, a customer on
 * /api/messages (the Emulator's way) waiting in the queue, the process killed and started again. The
 * customer is still in the queue, the agent is still signed in, and the agent's messages reach the
 * customer's channel as proactive messages.
 */
import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { Translations } from '../../i18n/translator';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { removeTempDirs, startBot } from '../helpers/botProcess';
import { HttpConversation } from '../helpers/httpConversation';

const PASSWORD = 'a long and secret passphrase';
const en = new Translations().for('en');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('agent desk across a restart (child process, SQLite state)', function () {
  this.timeout(120_000);
  let receiver: ReplyReceiver;
  before(async () => (receiver = await ReplyReceiver.start()));
  after(async () => {
    await receiver?.close();
    removeTempDirs();
  });

  it('keeps the waiting customer and the agent session; proactive messages reach the Emulator channel', async () => {
    const passwordHash = await hash(PASSWORD, { algorithm: 2 });
    const env = {
      HANDOFF_GATEWAY: 'desk',
      AGENT_ACCOUNTS: JSON.stringify([
        { username: 'ben', passwordHash, displayName: 'Ben Meyer', languages: ['en'] },
      ]),
    };
    const first = await startBot({ defaultLocale: 'en', env });
    const c = new HttpConversation(first.messagesUrl, receiver, 'en-US');
    await c.join();
    await c.says('Change payment method');
    await c.says('yes');
    const queued = await c.says('I want to talk to a human');
    queued.says('number 1');
    const ref = /GTM-[2-9A-Z]{6}/.exec(queued.text)?.[0];
    assert.ok(ref, queued.text);

    const login = await fetch(`${first.url}/agent/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'ben', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    const cookie = /desk_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    assert.equal(await first.stop('SIGKILL'), null);
    const second = await startBot({
      defaultLocale: 'en',
      env,
      storagePath: first.storagePath,
      port: Number(new URL(first.url).port),
    });
    try {
      const desk = await fetch(`${second.url}/agent/api/desk`, { headers: { Cookie: cookie } });
      assert.equal(desk.status, 200, 'the agent is still signed in');
      const waiting = ((await desk.json()) as { waiting: { ref: string }[] }).waiting;
      assert.deepEqual(
        waiting.map((w) => w.ref),
        [ref],
        'the customer is still in the queue',
      );

      // Live updates start with the current queue.
      const events = await fetch(`${second.url}/agent/api/events`, { headers: { Cookie: cookie } });
      assert.equal(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const reader = events.body!.getReader();
      let stream = '';
      while (!stream.includes('event: desk')) stream += new TextDecoder().decode((await reader.read()).value);
      assert.ok(stream.includes(ref!));
      await reader.cancel();

      const post = (path: string, body: unknown = {}) =>
        fetch(`${second.url}/agent/api/cases/${ref}/${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
          body: JSON.stringify(body),
        });
      assert.equal((await post('accept')).status, 204);
      assert.equal((await post('messages', { text: 'Hi, Ben here. How can I help?' })).status, 204);
      let proactive: string[] = [];
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !proactive.some((t) => t.includes('Ben here'))) {
        proactive = [...proactive, ...receiver.take(c.id).map((a) => a.text ?? '')];
        await sleep(50);
      }
      assert.ok(
        proactive.includes(en.t('escalation.desk.agentJoined', { name: 'Ben Meyer' })),
        proactive.join('\n'),
      );
      assert.ok(
        proactive.some((t) => t.includes('**Ben Meyer:** Hi, Ben here.')),
        proactive.join('\n'),
      );

      c.messagesUrl = second.messagesUrl;
      const quiet = await c.says('thanks, the card form shows an error');
      assert.equal(quiet.messages.length, 0, 'the bot stays quiet while the agent is there');
      assert.equal((await post('end', { note: 'explained the card form' })).status, 204);
    } finally {
      await second.stop();
    }
  });
});
