/**
 * The real server in a child process, over real HTTP, with SQLite state: the conversation, a crash
 * and restart mid-form, bad input and concurrency. Replies arrive at a local reply receiver.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Translations, type Translator } from '../../i18n/translator';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';
import type { Reply } from '../helpers/conversation';
import { HttpConversation, post, readable } from '../helpers/httpConversation';

const translations = new Translations();
const de = translations.for('de');
const en = translations.for('en');

const CARD_SPACED = '4111 1111 1111 1111';
const CARD_DIGITS = '4111111111111111';

/** The text before the portal name: the warning's wording without depending on which portal it names. */
function cardWarning(tr: Translator): string {
  return tr.t('general.cardLeak', { portal: '\u0000' }).split('\u0000')[0];
}

function askVatAustria(tr: Translator): string {
  return tr.t('flow.collect.askVat', {
    country: tr.language === 'de' ? 'Österreich' : 'Austria',
    prefix: 'AT',
  });
}

/** Join, start the change as the billing contact of an online account, and ask to check the details. */
async function toCountryQuestion(c: HttpConversation, tr: Translator): Promise<void> {
  (await c.join()).says(tr.t('flow.welcome.greeting'));
  (await c.says(tr.t('menu.changePaymentMethod'))).says(tr.t('flow.identify.ask'));
  (await c.says(tr.t('choices.yes.label'))).says(tr.t('flow.portal.ask'));
  (await c.says(tr.t('choices.online.label'))).says(tr.t('flow.guide.offerCheck'));
  (await c.says(tr.t('choices.checkDetails.label'))).says(tr.t('flow.collect.askCountry'));
}

async function toVatQuestion(c: HttpConversation, tr: Translator): Promise<void> {
  await toCountryQuestion(c, tr);
  (await c.says(tr.language === 'de' ? 'Österreich' : 'Austria')).says(askVatAustria(tr));
}

/** Every text column of every table, so a new table can't hide card data from the check. */
function dumpDatabase(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    assert.ok(tables.includes('state'), `tables: ${tables.join(', ')}`);
    assert.ok(
      tables.some((t) => t.startsWith('transcript')),
      `tables: ${tables.join(', ')}`,
    );
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

/** The raw bytes too: the database file, its WAL and shared-memory file (freed pages included). */
function rawFiles(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f)));
}

function assertNoCardNumber(where: string, text: string | Buffer): void {
  for (const needle of [CARD_DIGITS, CARD_SPACED, '1111 1111']) {
    assert.ok(!text.includes(needle), `${where} contains "${needle}"`);
  }
}

describe('server over HTTP (child process, SQLite state)', function () {
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

  it('answers GET /healthz with 200 and the process start time (the help page reconnects when it changes)', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; startedAt: string };
    assert.equal(body.status, 'ok');
    assert.ok(!Number.isNaN(Date.parse(body.startedAt)) && Date.parse(body.startedAt) <= Date.now());
  });

  it('holds a German conversation: welcome with the menu, then the billing-contact question', async () => {
    const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
    const welcome = await c.join();
    welcome.says(de.t('flow.welcome.greeting'), de.t('flow.welcome.menu'));
    welcome.offers(de.t('menu.changePaymentMethod'), de.t('menu.agent'));
    const ask = await c.says('Zahlungsmethode ändern');
    ask.says(de.t('flow.identify.ask')).offers('Ja', 'Nein', 'Nicht sicher');
    (await c.says('ja')).says(de.t('flow.portal.ask')).offers('Online-Konto', 'Unternehmenskonto');
    // Every reply went to this conversation and this user.
    for (const a of [...welcome.activities, ...ask.activities]) {
      assert.equal(a.conversation?.id, c.id);
      assert.equal(a.recipient?.id, c.userId);
    }
  });

  it('holds an English conversation when the channel says en-US', async () => {
    const c = new HttpConversation(bot.messagesUrl, receiver, 'en-US');
    (await c.join()).says(en.t('flow.welcome.greeting')).offers('Change payment method');
    (await c.says('I need to update our credit card'))
      .says(en.t('flow.identify.ask'))
      .offers('Yes', 'No', 'Not sure');
  });

  describe('restart mid-form', () => {
    it('continues after a crash (SIGKILL) with everything given before it', async () => {
      const first = await startBot();
      const c = new HttpConversation(first.messagesUrl, receiver, 'de-DE');
      await toVatQuestion(c, de);
      assert.equal(await first.stop('SIGKILL'), null, 'the process should die from the signal');

      const second = await startBot({ storagePath: first.storagePath });
      try {
        c.messagesUrl = second.messagesUrl;
        (await c.says('ATU13585627')).says(
          de.t('flow.collect.vatAccepted', { vatId: 'ATU13585627' }),
          de.t('flow.collect.askCompany'),
        );
        (await c.says('ACME GmbH')).says(de.t('flow.collect.askEmail'));
        (await c.says('anna@example.com')).says(de.t('flow.collect.askPaymentMethod'));
        const summary = await c.says('PayPal');
        summary.says(de.t('flow.confirm.ask'));
        assert.equal(summary.attachments[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
        const card = readable(summary);
        for (const fact of [
          'Rechnungsland: Österreich',
          'USt-IdNr.: ATU13585627',
          'Firma: ACME GmbH',
          'E-Mail: anna@example.com',
        ]) {
          assert.ok(card.includes(fact), `summary should hold "${fact}":\n${card}`);
        }
        // The card's "all correct" button, as Teams submits it.
        (await c.submits({ choice: 'confirm' })).says('ATU13585627', 'Österreich', de.t('flow.outcome.ask'));
      } finally {
        await second.stop();
      }
    });
  });

  describe('bad input', () => {
    let c: HttpConversation;

    before(async () => {
      c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      await toVatQuestion(c, de);
    });

    /** A rejected request must not have reached the bot: no reply to the conversation. */
    async function rejected(body: unknown, status = 400): Promise<void> {
      const result = await c.postRaw(body);
      assert.equal(result.status, status, result.body);
      assert.equal(result.reply.activities.length, 0, 'a rejected request got a reply');
    }

    it('answers malformed JSON with 400', async () => {
      await rejected(`{"type":"message","conversation":{"id":"${c.id}"},"text":`);
    });

    it('answers a body over 256 KB with 413', async () => {
      await rejected(c.activity({ type: 'message', text: 'x', padding: 'a'.repeat(300 * 1024) }), 413);
    });

    it('answers an activity without type, conversation or from with 400', async () => {
      for (const missing of ['type', 'conversation', 'from']) {
        const activity = c.activity({ type: 'message', text: 'ja' });
        delete activity[missing];
        await rejected(activity);
      }
    });

    it('answers non-activities, malformed member lists and absurdly deep JSON with 400', async () => {
      await rejected([c.activity({ type: 'message', text: 'ja' })]);
      await rejected('null');
      await rejected(c.activity({ type: 'message', text: 42 }));
      await rejected(c.activity({ type: 'conversationUpdate', membersAdded: 'everyone' }));
      await rejected(c.activity({ type: 'conversationUpdate', membersAdded: [null] }));
      // A card submit nested thousands deep would overflow the stack of the card-data redaction.
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      await rejected(
        JSON.stringify(c.activity({ type: 'message', text: 'ja', value: 0 })).replace(
          '"value":0',
          `"value":${deep}`,
        ),
      );
    });

    it('accepts an unknown activity type without answering it', async () => {
      const result = await c.postRaw(c.activity({ type: 'foo', text: 'ja' }));
      assert.ok(result.status >= 200 && result.status < 300, `status ${result.status}: ${result.body}`);
      assert.equal(result.reply.messages.length, 0);
    });

    it('answers an empty message and asks the open question again', async () => {
      (await c.says(''))
        .says(de.t('general.emptyMessage'), askVatAustria(de))
        .doesNotSay(de.t('general.error'));
    });

    it('answers a message of only an emoji and asks the open question again', async () => {
      (await c.says('😀')).says(askVatAustria(de)).doesNotSay(de.t('general.error'));
    });

    it('answers a message with only an attachment and asks the open question again', async () => {
      const attachment = { contentType: 'image/png', contentUrl: 'https://example.com/a.png', name: 'a.png' };
      (await c.send({ type: 'message', text: '', attachments: [attachment] }))
        .says(de.t('general.nonText'), askVatAustria(de))
        .doesNotSay(de.t('general.error'));
    });

    it('warns about a pasted card number without echoing it, then asks the open question again', async () => {
      const reply = await c.says(`meine Karte ist ${CARD_SPACED}`);
      reply.says(cardWarning(de), askVatAustria(de));
      assertNoCardNumber('the reply', JSON.stringify(reply.activities));
    });

    it('goes on after all that: the next real answer is accepted', async () => {
      (await c.says('ATU13585627')).says(
        de.t('flow.collect.vatAccepted', { vatId: 'ATU13585627' }),
        de.t('flow.collect.askCompany'),
      );
    });

    it('keeps the card number out of the database and the logs', async () => {
      // Transcript rows are written in batches within 100 ms: wait for this conversation's.
      let dump = dumpDatabase(bot.storagePath);
      for (let waited = 0; !dump.includes(de.t('general.redacted')) && waited < 2000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        dump = dumpDatabase(bot.storagePath);
      }
      // The conversation is there (so the check below is not vacuous), its card message redacted.
      assert.ok(
        dump.includes(c.id) && dump.includes('ATU13585627') && dump.includes(de.t('general.redacted')),
      );
      assertNoCardNumber('the database', dump);
      assertNoCardNumber('the database files', rawFiles(bot.storagePath));
      assertNoCardNumber('stdout', bot.stdout());
      assertNoCardNumber('stderr', bot.stderr());
    });

    it('keeps the card number out of the transcript handed to an agent', async () => {
      const d = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      await d.join();
      (await d.says(`${CARD_DIGITS} ist meine Karte`)).says(cardWarning(de));
      const reply = await d.says('Mitarbeiter');
      const [handoff] = reply.events('handoff.initiate');
      assert.ok(handoff, 'expected a handoff.initiate event');
      const sent = JSON.stringify(handoff);
      assert.ok(sent.includes(de.t('general.redacted')), 'the transcript should hold the redacted message');
      assertNoCardNumber('the handoff event', sent);
    });
  });

  describe('concurrency', () => {
    it('processes two messages of one conversation sent at once one after the other, losing neither', async () => {
      const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      await toVatQuestion(c, de);
      const vat = c.activity({ type: 'message', text: 'ATU13585627' });
      const company = c.activity({ type: 'message', text: 'ACME GmbH' });
      const results = await Promise.all([post(c.messagesUrl, vat), post(c.messagesUrl, company)]);
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200],
      );
      const replies = receiver.take(c.id);
      const order = replies.map((r) => r.replyToId);
      assert.ok(
        order.every((id) => id === vat.id || id === company.id),
        'a reply to neither message',
      );
      // Turns run one after the other: all replies to one message, then all to the other.
      const firstId = order[0];
      const switches = order.filter((id, i) => i > 0 && id !== order[i - 1]).length;
      assert.equal(switches, 1, `replies interleaved or one message unanswered: ${order.join(', ')}`);
      const textOf = (id: unknown) =>
        replies
          .filter((r) => r.replyToId === id)
          .map((r) => r.text ?? '')
          .join('\n');

      if (firstId === vat.id) {
        // VAT ID accepted, then "ACME GmbH" answered the company question.
        assert.ok(textOf(vat.id).includes(de.t('flow.collect.askCompany')), textOf(vat.id));
        assert.ok(textOf(company.id).includes(de.t('flow.collect.askEmail')), textOf(company.id));
      } else {
        // "ACME GmbH" is no VAT ID (re-asked), then the VAT ID was accepted and the company is next.
        assert.ok(textOf(company.id).includes(askVatAustria(de)), textOf(company.id));
        assert.ok(textOf(vat.id).includes(de.t('flow.collect.askCompany')), textOf(vat.id));
        (await c.says('ACME GmbH')).says(de.t('flow.collect.askEmail'));
      }
      (await c.says('anna@example.com')).says(de.t('flow.collect.askPaymentMethod'));
      const summary = readable(await c.says('PayPal'));
      assert.ok(summary.includes('USt-IdNr.: ATU13585627') && summary.includes('Firma: ACME GmbH'), summary);
    });

    it('keeps ten conversations at once apart, each in its own language', async () => {
      const conversations = Array.from(
        { length: 10 },
        (_, i) => new HttpConversation(bot.messagesUrl, receiver, i % 2 === 0 ? 'de-DE' : 'en-US'),
      );
      const run = async (c: HttpConversation) => {
        const [tr, other] = c.locale === 'de-DE' ? [de, en] : [en, de];
        const replies: Reply[] = [];
        replies.push(
          (await c.join()).says(tr.t('flow.welcome.greeting')).doesNotSay(other.t('flow.welcome.greeting')),
        );
        replies.push(
          (await c.says(tr.t('menu.changePaymentMethod')))
            .says(tr.t('flow.identify.ask'))
            .doesNotSay(other.t('flow.identify.ask')),
        );
        replies.push((await c.says(tr.t('choices.yes.label'))).says(tr.t('flow.portal.ask')));
        for (const a of replies.flatMap((r) => r.activities)) {
          assert.equal(a.conversation?.id, c.id);
          assert.equal(a.recipient?.id, c.userId);
        }
      };
      await Promise.all(conversations.map(run));
    });
  });
});
