import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachCountryQuestion, reachSummary } from '../helpers/scripts';
import { readable } from '../helpers/httpConversation';
import type { Conversation } from '../helpers/conversation';

/**
 * Whatever the customer says fills every slot it carries, and nothing already said is asked again.
 * Lines written the way customers type, apart from the training lines.
 */
describe('conversation: every detail a message carries is taken, and none is asked twice', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  describe('facts in the opening line', () => {
    const corporateTransfer = [
      {
        lang: 'de',
        line: 'Hallo, wir haben ein Unternehmenskonto und möchten künftig per Überweisung zahlen',
        noted: 'Notiert: Unternehmenskonto, Banküberweisung.',
        method: 'Banküberweisung',
      },
      {
        lang: 'de',
        line: 'wir sind firmenkunde und wollen ab sofort per lastschrift bezahlen',
        noted: 'Notiert: Unternehmenskonto, Lastschrift',
        method: 'Lastschrift',
      },
      {
        lang: 'en',
        line: 'Hi, we have a corporate account and would like to pay by bank transfer from now on',
        noted: 'Noted: Corporate account, Bank transfer.',
        method: 'Bank transfer',
      },
      {
        lang: 'en',
        line: 'our corporate account needs to switch to direct debit pls',
        noted: 'Noted: Corporate account, Direct debit',
        method: 'Direct debit',
      },
    ] as const;

    for (const { lang, line, noted, method } of corporateTransfer) {
      it(`${lang}: "${line}" starts the change; kind and method are never asked`, async () => {
        const c = conversation(bot, lang);
        (await c.says(line)).says(noted, ASKS[lang].billingContact).doesNotSay(ASKS[lang].accountKind);
        const guide = await c.says(LINES[lang].yes);
        guide.says(lang === 'de' ? 'Zahlungsprofil' : 'Payment Profile', ASKS[lang].offerCheck);
        guide.doesNotSay(ASKS[lang].accountKind);
        (await c.says(LINES[lang].check)).says(ASKS[lang].country);
        await c.says(LINES[lang].country);
        await c.says(LINES[lang].vat);
        (await c.says(LINES[lang].company)).says(ASKS[lang].userId);
        const summary = await c.says(LINES[lang].userId);
        summary.doesNotSay(ASKS[lang].method);
        const card = readable(summary);
        assert.ok(card.includes(method), `the summary shows ${method}:\n${card}`);
        assert.ok(card.includes(lang === 'de' ? 'Unternehmenskonto' : 'Corporate account'), card);
      });
    }

    it('de: account kind and billing country in the opening are not asked again', async () => {
      const c = conversation(bot, 'de');
      (
        await c.says(
          'Guten Tag, wir haben ein Online-Konto in Österreich und möchten die Zahlungsmethode ändern',
        )
      ).says('Notiert: Online-Konto, Österreich.', ASKS.de.billingContact);
      (await c.says('ja')).says('**Zahlungsmethode**', ASKS.de.offerCheck).doesNotSay(ASKS.de.accountKind);
      (await c.says('gerne')).says('Für Österreich beginnt sie mit **AT**').doesNotSay(ASKS.de.country);
    });

    it('en: "I\'m the billing contact, online account, Germany, need to change how we pay"', async () => {
      const c = conversation(bot, 'en');
      const reply = await c.says(
        "I'm the billing contact, online account, Germany, need to change how we pay",
      );
      reply.says('you are the billing contact', 'Online account', 'Germany');
      reply.doesNotSay(ASKS.en.billingContact, ASKS.en.accountKind);
      reply.says(ASKS.en.offerCheck);
      (await c.says('yes')).says(ASKS.en.vat, '**DE**').doesNotSay(ASKS.en.country);
    });

    it('de: a question about account kinds that is no change request is still answered as a question', async () => {
      const c = conversation(bot, 'de');
      (await c.says('was ist ein Unternehmenskonto?')).doesNotSay('Notiert', ASKS.de.billingContact);
    });
  });

  describe('several details in one answer', () => {
    it('de: "Österreich, ATU13585627, Muster GmbH" at the country question', async () => {
      const c = conversation(bot, 'de');
      await reachCountryQuestion(c, 'de', 'online');
      const reply = await c.says('Österreich, ATU13585627, Muster GmbH');
      reply
        .says('Notiert: ATU13585627, Muster GmbH.', ASKS.de.email)
        .doesNotSay(ASKS.de.vat, ASKS.de.company);
    });

    it('en: "austria; ATU 135 856 27; Acme Ltd" at the country question', async () => {
      const c = conversation(bot, 'en');
      await reachCountryQuestion(c, 'en', 'online');
      (await c.says('austria; ATU 135 856 27; Acme Ltd')).says('ATU13585627', 'Acme Ltd', ASKS.en.email);
    });

    it('de: company and email in one line at the company question', async () => {
      const c = conversation(bot, 'de');
      await reachCountryQuestion(c, 'de', 'online');
      await c.says(LINES.de.country);
      await c.says(LINES.de.vat);
      const reply = await c.says('Muster GmbH, max@muster.de');
      reply.says('Notiert: max@muster.de.', ASKS.de.method).doesNotSay(ASKS.de.email);
      const summary = readable(await c.says('PayPal'));
      assert.ok(summary.includes('Firma: Muster GmbH') && summary.includes('E-Mail: max@muster.de'), summary);
    });

    it('en: country, VAT ID, company, email and method all at once', async () => {
      const c = conversation(bot, 'en');
      await reachCountryQuestion(c, 'en', 'online');
      const summary = await c.says('Germany, DE136695976, Acme Ltd, jane@acme.example, PayPal');
      summary.says(ASKS.en.confirm);
      const card = readable(summary);
      for (const fact of ['Germany', 'DE136695976', 'Acme Ltd', 'jane@acme.example', 'PayPal'])
        assert.ok(card.includes(fact), `${fact} in:\n${card}`);
    });
  });

  describe('a VAT ID where the country is asked for', () => {
    it('de: "ATU13585627" gives the country and the VAT ID', async () => {
      const c = conversation(bot, 'de');
      await reachCountryQuestion(c, 'de', 'online');
      (await c.says('ATU13585627'))
        .says(
          'Notiert: Österreich (aus der Umsatzsteuer-Identifikationsnummer), ATU13585627.',
          ASKS.de.company,
        )
        .doesNotSay('nicht erkannt', ASKS.de.vat);
    });

    it('en: "our VAT number is DE 136 695 976" gives Germany', async () => {
      const c = conversation(bot, 'en');
      await reachCountryQuestion(c, 'en', 'online');
      (await c.says('our VAT number is DE 136 695 976')).says('Noted: DE136695976.', ASKS.en.company);
      const summary = readable(await c.says('Acme Ltd, jane@acme.example, PayPal'));
      assert.ok(summary.includes('Billing country: Germany'), summary);
    });
  });

  describe('a VAT ID that contradicts the country', () => {
    it('de: typed at the company question, the bot asks which country is right', async () => {
      const c = conversation(bot, 'de');
      await reachCountryQuestion(c, 'de', 'online');
      await c.says('Österreich');
      await c.says('keine');
      (await c.says('DE136695976'))
        .says('aus Deutschland', 'Österreich genannt')
        .offers('Rechnungsland Deutschland', 'Rechnungsland Österreich');
      (await c.says('Deutschland stimmt')).says('**DE136695976** hat ein gültiges Format', ASKS.de.company);
    });

    it('en: the customer keeps the billing country; the VAT ID is asked for that country', async () => {
      const c = conversation(bot, 'en');
      await reachCountryQuestion(c, 'en', 'online');
      await c.says('Austria');
      (await c.says('DE136695976')).says('is a VAT ID from Germany');
      (await c.submits({ choice: 'keptCountry' })).says('the billing country stays Austria', '**AT**');
    });
  });

  describe('a correction at the summary that carries its value', () => {
    it('de: "das Land ist falsch, es ist Österreich" takes Austria and asks for an Austrian VAT ID', async () => {
      const c = conversation(bot, 'de');
      await reachSummary(c, 'de', 'online');
      const reply = await c.says('das Land ist falsch, es ist Österreich');
      reply.says(
        'DE136695976 passt nicht zum Rechnungsland Österreich',
        'Für Österreich beginnt sie mit **AT**',
      );
      reply.doesNotSay(ASKS.de.country);
      const summary = readable(await c.says('ATU13585627'));
      assert.ok(
        summary.includes('Rechnungsland: Österreich') && summary.includes('USt-IdNr.: ATU13585627'),
        summary,
      );
    });

    it('en: "the country is wrong, it\'s Austria" does the same', async () => {
      const c = conversation(bot, 'en');
      await reachSummary(c, 'en', 'online');
      const reply = await c.says("the country is wrong, it's Austria");
      reply.says("DE136695976 doesn't fit the billing country Austria", '**AT**').doesNotSay(ASKS.en.country);
      (await c.says('ATU13585627')).says(ASKS.en.confirm);
    });

    it('en: "company is Example Inc actually" corrects the company without a question', async () => {
      const c = conversation(bot, 'en');
      await reachSummary(c, 'en', 'online');
      const summary = await c.says('our company is Example Inc actually');
      summary.says(ASKS.en.confirm).doesNotSay(ASKS.en.company);
      assert.ok(readable(summary).includes('Company: Example Inc'), readable(summary));
    });

    it('de: a changed account kind re-checks the payment method', async () => {
      const c = conversation(bot, 'de');
      await reachCountryQuestion(c, 'de', 'corporate');
      await c.says('Deutschland, DE136695976, Muster GmbH, Benutzer-ID max.muster');
      (await c.says('Lastschrift')).says(ASKS.de.confirm);
      const reply = await c.says('eigentlich ist es ein Online-Konto');
      reply.says('Lastschrift steht für ein Online-Konto nicht zur Verfügung', ASKS.de.email);
    });
  });

  describe('what is not a fact', () => {
    it('de: "nein, es zeigt noch die alte Karte" at "did it work?" changes no payment method', async () => {
      const c = conversation(bot, 'de');
      await reachSummary(c, 'de', 'online');
      await c.says(LINES.de.confirm);
      const reply = await c.says('nein, es zeigt noch die alte Karte');
      reply.doesNotSay('Notiert');
      const [event] = reply.events('handoff.initiate');
      assert.equal((event?.value as { fields: { paymentMethod?: string } }).fields.paymentMethod, 'paypal');
    });

    it('en: a company called "Austria Telekom GmbH" is a company, not a country', async () => {
      const c = conversation(bot, 'en');
      await reachCountryQuestion(c, 'en', 'online');
      await c.says('Germany');
      await c.says(LINES.en.vat);
      (await c.says('Austria Telekom GmbH')).says(ASKS.en.email).doesNotSay('Noted', 'Austria (');
    });
  });

  describe('an extracted value that fails its check is reported with its reason', () => {
    it('de: a wrong VAT check digit given with the country', async () => {
      const c = conversation(bot, 'de');
      await reachCountryQuestion(c, 'de', 'online');
      (await c.says('Deutschland, DE123456789')).says('die Prüfziffer stimmt nicht', ASKS.de.vat);
    });

    it('en: a method an online account does not offer, named in the opening', async () => {
      const c = conversation(bot, 'en');
      const reply = await c.says('we have an online account and want to switch to bank transfer');
      reply.says("Bank transfer isn't offered", 'Credit or debit card, PayPal', ASKS.en.billingContact);
    });
  });

  describe('interruptions take one path, at the top level and inside the form', () => {
    async function midForm(lang: 'de' | 'en'): Promise<Conversation> {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      return c;
    }

    for (const lang of ['de', 'en'] as const) {
      const lines = {
        help: lang === 'de' ? 'hilfe' : 'help',
        cancel: lang === 'de' ? 'abbrechen' : 'cancel',
        bye: lang === 'de' ? 'tschüss' : 'bye',
        agent: lang === 'de' ? 'Mitarbeiter' : 'agent',
        restart: lang === 'de' ? 'von vorne' : 'start over',
      };

      it(`${lang}: help gives the same explanation in both places`, async () => {
        const top = await conversation(bot, lang).says(lines.help);
        const inForm = await (await midForm(lang)).says(lines.help);
        const help = top.text.split('\n\n')[0];
        assert.ok(inForm.text.includes(help), `${inForm.text}\n--- should contain ---\n${help}`);
        inForm.says(ASKS[lang].country);
      });

      it(`${lang}: cancel, goodbye and "agent" answer alike in both places`, async () => {
        for (const line of [lines.cancel, lines.bye, lines.agent]) {
          const top = await conversation(bot, lang).says(line);
          const inForm = await (await midForm(lang)).says(line);
          assert.equal(inForm.text, top.text, `"${line}"`);
        }
      });

      it(`${lang}: start over begins the change in both places`, async () => {
        const top = await conversation(bot, lang).says(lines.restart);
        const inForm = await (await midForm(lang)).says(lines.restart);
        top.says(ASKS[lang].billingContact);
        assert.equal(inForm.text, top.text);
      });
    }

    it('de: a language switch at the top level answers in English with what the assistant can do', async () => {
      const reply = await conversation(bot, 'de').says('English please');
      reply.says("from now on I'll write in English", ASKS.en.menu).offers('Change payment method');
      reply.doesNotSay('cancel', 'stopped', 'abgebrochen');
    });

    it('en: "auf Deutsch bitte" at the top level answers in German with the menu', async () => {
      const reply = await conversation(bot, 'en').says('auf Deutsch bitte');
      reply.says('ab jetzt schreibe ich auf Deutsch', ASKS.de.menu).doesNotSay('abgebrochen', 'stopped');
    });
  });
});
