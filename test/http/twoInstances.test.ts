/**
 * Two bot processes behind one (imagined) load balancer, on one Azure Blob store (Azurite): a customer's
 * turns alternate between them, one of them crashes and comes back mid-form, and messages of one
 * conversation reach both at the same moment. Nothing is lost, nothing is asked twice, nothing runs twice.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { Translations } from '../../i18n/translator';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { azuriteConnectionString, uniqueContainers } from '../helpers/azurite';
import { removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';
import { HttpConversation, readable } from '../helpers/httpConversation';
import { call } from '../directLine/helpers';

const de = new Translations().for('de');
const en = new Translations().for('en');

describe('two instances on one Blob store (Azurite)', function () {
  this.timeout(180_000);
  let receiver: ReplyReceiver;
  let env: Record<string, string>;
  let containers: { stateContainer: string; transcriptsContainer: string };
  const bots: BotProcess[] = [];

  async function instance(): Promise<BotProcess> {
    const bot = await startBot({ env });
    bots.push(bot);
    return bot;
  }

  before(async () => {
    receiver = await ReplyReceiver.start();
    containers = uniqueContainers();
    env = {
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: await azuriteConnectionString(),
      BLOB_STATE_CONTAINER: containers.stateContainer,
      BLOB_TRANSCRIPTS_CONTAINER: containers.transcriptsContainer,
      DIRECT_LINE_TOKEN_SECRET: randomBytes(32).toString('base64'),
    };
  });
  after(async () => {
    for (const bot of bots) await bot.stop('SIGKILL');
    await receiver?.close();
    removeTempDirs();
  });

  it('de: turns alternate between A and B, A crashes mid-form and comes back, the form ends with every answer', async () => {
    let a = await instance();
    const b = await instance();
    const c = new HttpConversation(a.messagesUrl, receiver, 'de-DE');
    const on = (bot: BotProcess) => ((c.messagesUrl = bot.messagesUrl), c);

    (await on(a).join()).says(de.t('flow.welcome.greeting'));
    (await on(b).says('Ich möchte die Zahlungsmethode ändern')).says(de.t('flow.identify.ask'));
    (await on(a).says('ja')).says(de.t('flow.portal.ask'));
    (await on(b).says('Online-Konto')).says(de.t('flow.guide.offerCheck'));
    (await on(a).says('Angaben prüfen')).says(de.t('flow.collect.askCountry'));
    const vat = await on(b).says('Österreich');
    vat.says('AT').doesNotSay(de.t('flow.collect.askCountry'));

    assert.equal(await a.stop('SIGKILL'), null);
    // B answers while A is down; A comes back on the same store.
    (await on(b).says('ATU13585627')).says(de.t('flow.collect.askCompany'));
    a = await instance();
    (await on(a).says('ACME GmbH'))
      .says(de.t('flow.collect.askEmail'))
      .doesNotSay(de.t('flow.collect.askCompany'));
    (await on(b).says('anna@example.com')).says(de.t('flow.collect.askPaymentMethod'));
    const summary = await on(a).says('PayPal');
    summary.says(de.t('flow.confirm.ask'));
    const card = readable(summary);
    for (const fact of ['Österreich', 'ATU13585627', 'ACME GmbH', 'anna@example.com', 'PayPal'])
      assert.ok(card.includes(fact), `the summary should hold "${fact}":\n${card}`);
    (await on(b).says('Alles korrekt')).says(de.t('flow.outcome.ask'));
  });

  it('en: one message delivered to both instances at once runs once; two messages at once both count', async () => {
    const [a, b] = [await instance(), await instance()];
    const c = new HttpConversation(a.messagesUrl, receiver, 'en-US');
    (await c.join()).says(en.t('flow.welcome.greeting'));
    (await c.says('I need to change how we pay')).says(en.t('flow.identify.ask'));

    // A channel retrying on another instance: the same activity at A and B at the same moment.
    const same = c.activity({ type: 'message', text: 'yes' });
    const results = await Promise.all(
      [a, b].map((bot) =>
        fetch(bot.messagesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(same),
        }).then((res) => res.status),
      ),
    );
    assert.deepEqual(results, [200, 200]);
    const replies = receiver.take(c.id).filter((activity) => activity.type === 'message');
    const asked = replies.filter((activity) => (activity.text ?? '').includes(en.t('flow.portal.ask')));
    assert.equal(
      asked.length,
      1,
      `the turn ran ${asked.length} times: ${JSON.stringify(replies.map((r) => r.text))}`,
    );

    // Two different messages at once, one per instance: both are remembered (no lost update).
    const first = c.activity({ type: 'message', text: 'Online account' });
    const second = c.activity({ type: 'message', text: 'what is a VAT ID?' });
    await Promise.all(
      [
        [a, first],
        [b, second],
      ].map(([bot, activity]) =>
        fetch((bot as BotProcess).messagesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        }),
      ),
    );
    const texts = receiver
      .take(c.id)
      .filter((activity) => activity.type === 'message')
      .map((activity) => activity.text ?? '');
    assert.ok(texts.length >= 2, `both messages were answered: ${JSON.stringify(texts)}`);
    assert.ok(!texts.some((text) => /went wrong|can't reach my storage/.test(text)), JSON.stringify(texts));
    const store = new BlobsStorage(env.BLOB_CONNECTION_STRING, containers.stateContainer);
    const key = `emulator/conversations/${c.id}/`;
    const state = (await store.read([key]))[key] as { recentDeliveries: string[]; caseRecord?: unknown };
    for (const activity of [same, first, second])
      assert.ok(
        state.recentDeliveries.includes(`id:${String(activity.id)}`),
        `delivery ${String(activity.id)} lost`,
      );
    assert.match(JSON.stringify(state.caseRecord), /online/);
  });

  it('de: one Web Chat conversation on the built-in Direct Line, its requests spread over A and B', async () => {
    const [a, b] = [await instance(), await instance()];
    const at = (i: number) => `${[a, b][i % 2].url}/v3/directline`;
    let request = 0;
    const token = (await call(`${a.url}/api/directline/token`, { method: 'POST' })).body as {
      token: string;
      conversationId: string;
    };
    let bearer = token.token;
    const started = await call(`${at(++request)}/conversations`, {
      token: bearer,
      body: { locale: 'de-DE' },
    });
    assert.equal(started.status, 201);
    bearer = (started.body as { token: string }).token;
    const conversationUrl = (i: number) => `${at(i)}/conversations/${token.conversationId}/activities`;

    const texts: string[] = [];
    let watermark = '';
    /** Polls (each time at the other instance) until the bot has said `expected`. */
    async function until(expected: string): Promise<void> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const polled = await call(
          `${conversationUrl(++request)}${watermark ? `?watermark=${watermark}` : ''}`,
          {
            token: bearer,
          },
        );
        assert.equal(polled.status, 200, JSON.stringify(polled.body));
        const body = polled.body as {
          activities: { id: string; text?: string; from: { role?: string } }[];
          watermark: string;
        };
        texts.push(
          ...body.activities.map((activity) => `${activity.from.role ?? ''}: ${activity.text ?? ''}`),
        );
        watermark = body.watermark;
        if (texts.some((text) => text.includes(expected))) return;
        assert.ok(Date.now() < deadline, `"${expected}" never arrived:\n${texts.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    async function say(text: string): Promise<void> {
      const posted = await call(conversationUrl(++request), {
        token: bearer,
        body: { type: 'message', text, from: { id: 'ignored' }, locale: 'de-DE' },
      });
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
    }

    await until(de.t('flow.welcome.greeting'));
    await say('Zahlungsmethode ändern');
    await until(de.t('flow.identify.ask'));
    // The page refreshes its token at one instance; the other honours the new one.
    const refreshed = await call(`${at(++request)}/tokens/refresh`, { method: 'POST', token: bearer });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    bearer = (refreshed.body as { token: string }).token;
    await say('ja');
    await until(de.t('flow.portal.ask'));
    await say('Unternehmenskonto');
    await until('Corporate Billing Portal');

    // Every activity once, in order, whichever instance wrote it or answered the poll.
    const all = (await call(conversationUrl(++request), { token: bearer })).body as {
      activities: { id: string; text?: string }[];
    };
    const ids = all.activities.map((activity) => activity.id);
    assert.equal(new Set(ids).size, ids.length, `no activity twice: ${ids.join(', ')}`);
    const seqs = ids.map((id) => Number(id.split('|')[1]));
    assert.deepEqual(
      [...seqs].sort((x, y) => x - y),
      seqs,
      'numbered in order',
    );
    const shown = all.activities.map((activity) => activity.text ?? '').join('\n');
    for (const line of ['Zahlungsmethode ändern', 'ja', 'Unternehmenskonto', de.t('flow.identify.ask')])
      assert.ok(shown.includes(line), `the conversation should hold "${line}":\n${shown}`);
  });
});
