/**
 * What a new customer notices first: the welcome's promise, a "hallo" after it, a goodbye said in passing,
 * and how the bot closes once the change is done.
 */
import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachSummary } from '../helpers/scripts';
import { cardChoices, cardFacts } from '../helpers/cards';

describe('conversation: the first minutes', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  describe('the welcome', () => {
    it('de: explains how to find out who the billing contact is, and promises no name', async () => {
      const r = await conversation(bot, 'de').join();
      r.says('wie Sie herausfinden, wer Ihr Abrechnungskontakt ist').doesNotSay('sage Ihnen, wer');
    });

    it('en: explains how to find out who the billing contact is, and promises no name', async () => {
      const r = await conversation(bot, 'en').join();
      r.says('how to find out who your billing contact is').doesNotSay('tell you who');
    });
  });

  describe('"hallo" after the welcome', () => {
    it('de: a short hello and the menu question, not the whole welcome again', async () => {
      const c = conversation(bot, 'de');
      await c.join();
      const r = await c.says('hallo');
      r.says('Guten Tag!', 'Wie kann ich Ihnen').offers('Zahlungsmethode ändern');
      r.doesNotSay('Abrechnungsassistent für GoToMeeting', 'niemals Kartendaten');
      assert.equal(r.messages.length, 1, 'one short message');
    });

    it('en: a short hello and the menu question, not the whole welcome again', async () => {
      const c = conversation(bot, 'en');
      await c.join();
      const r = await c.says('Hello');
      r.says('Hello!', 'How can I help').offers('Change payment method');
      r.doesNotSay('billing assistant', 'never type card details');
    });

    it('de: without a welcome before (no join from the channel), "hallo" gets the whole welcome', async () => {
      const r = await conversation(bot, 'de').says('hallo');
      r.says('Abrechnungsassistent für GoToMeeting', ASKS.de.menu);
    });

    it('de: in the middle of a question, a short hello and the same question again', async () => {
      const c = conversation(bot, 'de');
      await c.join();
      await c.says(LINES.de.start);
      const r = await c.says('Guten Morgen');
      r.says('Hallo!', ASKS.de.billingContact).offers('Ja', 'Nein').doesNotSay('nicht verstanden');
      (await c.says('ja')).says(ASKS.de.accountKind);
    });

    it('en: in the middle of a question, a short hello and the same question again', async () => {
      const c = conversation(bot, 'en');
      await c.join();
      await c.says(LINES.en.start);
      (await c.says('hi there')).says('Hello!', ASKS.en.billingContact).doesNotSay('didn’t understand');
    });

    it('de: where the company is asked for, "Servus" is taken as the company name', async () => {
      const c = conversation(bot, 'de');
      await reachSummary(c, 'de', 'online');
      await c.says('Firma ändern');
      (await c.says('Servus')).says(ASKS.de.confirm);
    });
  });

  describe('a goodbye inside a longer line', () => {
    it('de: "nein danke, das wars. tschüss" closes politely, without "sonst noch" and its buttons', async () => {
      const c = conversation(bot, 'de');
      await c.join();
      const r = await c.says('nein danke, das wars. tschüss');
      r.says('Auf Wiedersehen').doesNotSay('sonst noch', 'Gern geschehen');
      assert.deepEqual(r.suggestions, [], 'no buttons');
    });

    it('en: "no thanks, that’s all. bye" closes politely, without "anything else" and its buttons', async () => {
      const c = conversation(bot, 'en');
      await c.join();
      const r = await c.says("no thanks, that's all. bye");
      r.says('Goodbye').doesNotSay('Anything else', 'You’re welcome');
      assert.deepEqual(r.suggestions, []);
    });

    it('de: at an open question it ends the change; the next message starts afresh', async () => {
      const c = conversation(bot, 'de');
      await c.says(LINES.de.start);
      (await c.says('danke, das war’s, ciao')).says('Auf Wiedersehen').doesNotSay(ASKS.de.billingContact);
      (await c.says('ja')).doesNotSay(ASKS.de.accountKind);
    });

    it('en: "thanks and bye" at an open question ends the change', async () => {
      const c = conversation(bot, 'en');
      await c.says(LINES.en.start);
      (await c.says('thanks and bye')).says('Goodbye').doesNotSay(ASKS.en.billingContact);
    });

    it('de: a farewell with a request in the same line is no goodbye', async () => {
      const c = conversation(bot, 'de');
      await c.join();
      (await c.says('Tschüss, ich möchte aber noch die Zahlungsmethode ändern')).says(ASKS.de.billingContact);
    });

    it('en: a farewell with a request in the same line is no goodbye', async () => {
      const c = conversation(bot, 'en');
      await c.join();
      (await c.says('bye, but first I want to change my payment method')).says(ASKS.en.billingContact);
    });
  });

  describe('the summary card', () => {
    it('de: each fact a row with its name above the value and "Ändern"; one "Alles korrekt" at the end', async () => {
      const summary = await reachSummary(conversation(bot, 'de'), 'de', 'online');
      assert.deepEqual(cardFacts(summary), [
        'Konto: Online-Konto',
        'Rechnungsland: Deutschland',
        'USt-IdNr.: DE136695976',
        'Firma: Muster GmbH',
        'E-Mail: max@muster.de',
        'Neue Zahlungsmethode: PayPal',
      ]);
      assert.deepEqual(cardChoices(summary), [
        'Land ändern',
        'USt-IdNr. ändern',
        'Firma ändern',
        'E-Mail ändern',
        'Methode ändern',
        'Alles korrekt',
      ]);
      const card = JSON.stringify(summary.attachments[0]?.content);
      assert.ok(
        !card.includes('"FactSet"'),
        'no two-column fact set, whose narrow titles break inside words',
      );
      assert.equal(card.match(/"style":"emphasis"/g)?.length, 1, 'one full-width button: "Alles korrekt"');
      assert.equal(
        card.match(/"text":"Ändern"/g)?.length,
        5,
        'every fact but the account kind says "Ändern"',
      );
    });

    it('en: the account kind is capitalised like every other value ("Corporate account")', async () => {
      const summary = await reachSummary(conversation(bot, 'en'), 'en', 'corporate');
      assert.equal(cardFacts(summary)[0], 'Account: Corporate account');
    });
  });

  describe('after the change', () => {
    for (const [lang, kind, topics] of [
      ['de', 'online', ['Rechnungshistorie', 'Abonnementplan ändern', 'Fragen zur Zahlung']],
      ['en', 'corporate', ['Pay an invoice', 'Invoice history', 'Payment FAQ']],
    ] as const) {
      it(`${lang}: three related topics and "no, thanks", which closes politely`, async () => {
        const c = conversation(bot, lang);
        await reachSummary(c, lang, kind);
        await c.says(LINES[lang].confirm);
        const done = await c.says(LINES[lang].worked);
        const noThanks = lang === 'de' ? 'Nein, danke' : 'No, thanks';
        assert.deepEqual(done.suggestions, [...topics, noThanks]);
        const closed = await c.says(noThanks);
        closed.says(lang === 'de' ? 'Wenn Sie noch etwas brauchen' : 'If you need anything else');
        assert.deepEqual(closed.suggestions, [], 'no buttons after "no, thanks"');
      });
    }

    it('de: a related topic still gets its answer, with a way to say "no, thanks"', async () => {
      const c = conversation(bot, 'de');
      await reachSummary(c, 'de', 'online');
      await c.says(LINES.de.confirm);
      await c.says(LINES.de.worked);
      const r = await c.says('Rechnungshistorie');
      r.says('Rechnungen anzusehen').offers('Nein, danke');
      assert.ok(r.suggestions.length <= 5, `at most five buttons: ${JSON.stringify(r.suggestions)}`);
    });

    it('en: "no thanks" to "anything else?" closes without offering the menu again', async () => {
      const c = conversation(bot, 'en');
      await c.join();
      await c.says('thank you');
      const r = await c.says('no thanks');
      r.says('If you need anything else').doesNotSay('Anything else I can do');
      assert.deepEqual(r.suggestions, []);
    });
  });
});
