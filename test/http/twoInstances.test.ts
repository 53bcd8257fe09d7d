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
});
