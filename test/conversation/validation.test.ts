import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachCountryQuestion } from '../helpers/scripts';
import type { Conversation } from '../helpers/conversation';

describe('conversation: the VAT ID is checked and a wrong one hears why', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  async function atVat(lang: 'de' | 'en', country: string): Promise<Conversation> {
    const c = conversation(bot, lang);
    await reachCountryQuestion(c, lang, 'online');
    await c.says(country);
    return c;
  }

  it('de: a wrong check digit is named as a likely typo, then the right ID is accepted', async () => {
    const c = await atVat('de', 'Deutschland');
    (await c.says('DE123456789')).says('die Prüfziffer stimmt nicht', 'Tippfehler', ASKS.de.vat);
    (await c.says('DE136695976')).says('**DE136695976** hat ein gültiges Format', ASKS.de.company);
  });

  it('en: a wrong check digit is named as a likely typo', async () => {
    const c = await atVat('en', 'Germany');
    (await c.says('DE123456789')).says('check digit is wrong', 'typo', ASKS.en.vat);
  });

  it('de: a valid ID of another country: the bot asks which billing country is right, and keeps Germany', async () => {
    const c = await atVat('de', 'Deutschland');
    (await c.says('ATU13585627'))
      .says(
        '**ATU13585627** ist eine Umsatzsteuer-Identifikationsnummer aus Österreich',
        'Deutschland genannt',
      )
      .offers('Rechnungsland Österreich', 'Rechnungsland Deutschland');
    (await c.says('Rechnungsland Deutschland')).says(
      'das Rechnungsland bleibt Deutschland',
      ASKS.de.vat,
      '**DE**',
    );
    (await c.says('DE136695976')).says('**DE136695976** hat ein gültiges Format', ASKS.de.company);
  });

  it("en: a valid ID of another country: the customer says the VAT ID's country is right", async () => {
    const c = await atVat('en', 'Austria');
    (await c.says('DE136695976'))
      .says('**DE136695976** is a VAT ID from Germany, but you gave Austria')
      .offers('Billing country Germany', 'Billing country Austria');
    (await c.says('germany'))
      .says('**DE136695976** has a valid format', ASKS.en.company)
      .doesNotSay(ASKS.en.vat);
  });

  it('de: an ID that is no valid ID of any country is refused with the expected prefix', async () => {
    const c = await atVat('de', 'Deutschland');
    (await c.says('ATU12345678')).says(
      'aus einem anderen Land',
      'Ihr Rechnungsland ist Deutschland',
      'mit DE beginnen',
    );
  });

  it('de: garbage is refused as a format error and the conversation goes on', async () => {
    const c = await atVat('de', 'Österreich');
    (await c.says('weiß ich gerade nicht auswendig')).says('Das Format passt nicht', 'mit AT beginnen');
    (await c.says('keine')).says(
      ASKS.de.company,
      'Ohne gültige Umsatzsteuer-Identifikationsnummer wird Ihnen Umsatzsteuer berechnet',
    );
  });

  it('en: garbage is refused as a format error', async () => {
    const c = await atVat('en', 'France');
    (await c.says('12')).says("the format doesn't fit", 'must start with FR');
  });

  it('en: Greece uses EL, and GR gets that explained', async () => {
    const c = await atVat('en', 'Greece');
    (await c.says('GR094259216')).says('Greek VAT IDs use the prefix EL, not GR');
    (await c.says('EL094259216')).says('**EL094259216** has a valid format');
  });

  it('de: Griechenland nutzt EL', async () => {
    const c = await atVat('de', 'Griechenland');
    (await c.says('GR094259216')).says('beginnen mit EL, nicht mit GR');
  });

  it('en: UK customers hear they are taxed regardless and a GB ID is accepted', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    (await c.says('UK')).says(
      'with the billing country United Kingdom, VAT is charged on every invoice',
      ASKS.en.vat,
      '**GB**',
    );
    (await c.says('GB980780684')).says('**GB980780684** has a valid format');
  });

  it('de: Irland – Umsatzsteuer auf jede Rechnung, auch ohne ID', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    (await c.says('Irland')).says('Beim Rechnungsland Irland wird auf jede Rechnung Umsatzsteuer erhoben');
  });

  it('en: no VAT ID question outside the EU and the UK', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    (await c.says('USA')).says('no VAT ID is needed', ASKS.en.company).doesNotSay(ASKS.en.vat);
  });

  it('de: keine USt-IdNr. in der Schweiz', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    (await c.says('Schweiz')).says('keine Umsatzsteuer-Identifikationsnummer benötigt', ASKS.de.company);
  });
});

describe('conversation: every other field is validated with a reason', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: unknown country, company without letters, bad email, then accepted', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    (await c.says('Atlantis')).says('„Atlantis“ kenne ich nicht als Land', ASKS.de.country);
    await c.says('oesterreich');
    await c.says('keine');
    (await c.says('123')).says('Ein Firmenname braucht Buchstaben', ASKS.de.company);
    await c.says('Alpen Software GmbH');
    (await c.says('max at alpen punkt at')).says('keine gültige E-Mail-Adresse', ASKS.de.email);
    (await c.says('max@alpen.at')).says(ASKS.de.method);
  });

  it('en: unknown country, too short company name, bad email', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    (await c.says('Narnia')).says('I don\'t recognise "Narnia" as a country');
    await c.says('united states');
    (await c.says('A')).says('too short', ASKS.en.company);
    await c.says('Acme Inc');
    (await c.says('jane@')).says("isn't a valid email address");
  });

  it('de: Benutzer-ID mit Leerzeichen wird abgelehnt', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'corporate');
    await c.says('Deutschland');
    await c.says('keine');
    await c.says('Muster AG');
    (await c.says('max muster')).says('Das sieht nicht nach einer Benutzer-ID aus', ASKS.de.userId);
  });

  it('en: a payment method an online account does not offer is refused with the list', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    await c.says('USA');
    await c.says('Acme Inc');
    await c.says('jane@acme.example');
    (await c.says('direct debit')).says(
      "Direct debit / ACH isn't offered for your kind of account (online account)",
      'Credit or debit card, PayPal',
    );
  });

  it('de: eine unbekannte Zahlungsmethode nennt die Liste', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'corporate');
    await c.says('USA');
    await c.says('Muster Inc');
    await c.says('muster');
    (await c.says('Bitcoin')).says('Ich habe nicht erkannt, welche Zahlungsmethode', 'Banküberweisung');
  });

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: after three wrong answers a person is offered, and the form still goes on`, async () => {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      await c.says('xx1');
      const second = await c.says('xx2');
      assert.ok(!second.suggestions.includes(lang === 'de' ? 'Zum Kundendienst' : 'Talk to a person'));
      const third = await c.says('xx3');
      third.says(lang === 'de' ? 'mit einem Menschen klären' : 'sort this out with a person');
      third.offers(lang === 'de' ? 'Zum Kundendienst' : 'Talk to a person');
      (await c.says(LINES[lang].country)).says(ASKS[lang].vat);
    });
  }
});

describe('conversation: a question about the field asked for is answered, then the field is asked again', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: "was ist das?" and "wo finde ich die" at the VAT question explain the USt-IdNr.; not counted as wrong', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    (await c.says('Deutschland')).says(ASKS.de.vat);
    (await c.says('was ist das?')).says('Steuernummer Ihres Unternehmens', ASKS.de.vat).doesNotSay('Format');
    (await c.says('wo finde ich die')).says('Impressum', ASKS.de.vat).doesNotSay('Rechnungshistorie');
    (await c.says('wozu brauchen Sie die?'))
      .says('Umsatzsteuer berechnet', ASKS.de.vat)
      .doesNotSay('Kundendienst');
    (await c.says('DE136695976')).says(ASKS.de.company);
  });

  it('en: "why do you need this" at the email question explains it; "What If Ltd" stays a company name', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    await c.says('United States');
    (await c.says('What If Ltd')).says(ASKS.en.email);
    (await c.says('why do you need this'))
      .says('sign in to Billing with', ASKS.en.email)
      .doesNotSay("isn't a valid");
    (await c.says('jane@whatif.example')).says(ASKS.en.method);
  });
});
