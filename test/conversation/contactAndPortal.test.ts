import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation } from '../helpers/scripts';

describe('conversation: am I the billing contact?', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: "nein" explains who may change it and how to reach them; "ja" hands over', async () => {
    const c = conversation(bot, 'de');
    await c.says('Zahlungsmethode ändern');
    const r = await c.says('nein, das ist mein Kollege');
    r.says(
      'Nur er kann Zahlungs- und Rechnungsinformationen ändern',
      'Kontoadministrator',
      'Corporate Account Services',
    );
    r.says('Möchten Sie sich deswegen an den Kundendienst wenden?').offers('Ja', 'Nein, danke');
    const handoff = await c.says('ja');
    handoff.says('So erreichen Sie den Kundendienst', 'Contact Support');
    const [event] = handoff.events('handoff.initiate');
    assert.equal((event?.value as { reason: string }).reason, 'notBillingContact');
  });

  it('en: "no" explains who may change it; "no thanks" closes politely', async () => {
    const c = conversation(bot, 'en');
    await c.says('change payment method');
    (await c.says('no')).says('only they can change payment and billing details', 'account admin');
    const r = await c.says('no thanks');
    r.says('If you need anything else');
    assert.equal(r.events('handoff.initiate').length, 0);
  });

  it('de: "nicht sicher" explains how to check (Subscriptions / wrong place), then asks again', async () => {
    const c = conversation(bot, 'de');
    await c.says('Zahlungsmethode ändern');
    const r = await c.says('weiß nicht');
    r.says(
      '**Subscriptions**',
      '**You seem to have landed in the wrong place**',
      'https://billing.logmeininc.com',
    );
    r.says('Wenn Sie nachgesehen haben: Sind Sie der Abrechnungskontakt?');
    (await c.says('ja')).says(ASKS.de.accountKind);
  });

  it('en: unsure twice offers customer service', async () => {
    const c = conversation(bot, 'en');
    await c.says('change payment method');
    (await c.says('not sure')).says('**Subscriptions**', "Once you've checked");
    (await c.says('still dont know')).says(
      'customer service can check it for you',
      'Would you like to contact customer service',
    );
  });
});

describe('conversation: online or corporate account?', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  async function atAccountKind(lang: 'de' | 'en') {
    const c = conversation(bot, lang);
    await c.says(LINES[lang].start);
    await c.says(LINES[lang].yes);
    return c;
  }

  it('de: "wir bekommen PDF-Rechnungen per Mail" answers the question: corporate', async () => {
    const c = await atAccountKind('de');
    (await c.says('wir bekommen pdf rechnungen per mail'))
      .says('eines Unternehmenskontos', 'Corporate Billing Portal')
      .doesNotSay('Welche Art von Konto');
  });

  it('en: "we have a sales rep" answers the question: corporate; "signed up on the website": online', async () => {
    (await (await atAccountKind('en')).says('we have a sales rep')).says('of a corporate account');
    (await (await atAccountKind('en')).says('we signed up on the website')).says('of an online account');
  });

  it('de: PDF invoices with a User ID mean a corporate account, and the bot says why', async () => {
    const c = await atAccountKind('de');
    (await c.says('keine Ahnung')).says('als PDF', '**Benutzer-ID**');
    (await c.says('ja')).says(
      'Dann haben Sie ein **Unternehmenskonto**',
      'Rechnungen als PDF',
      'Corporate Billing Portal',
    );
  });

  it('en: a sales representative means a corporate account, and the bot says why', async () => {
    const c = await atAccountKind('en');
    await c.says("I don't know");
    (await c.says('no')).says('sales representative', 'purchase orders');
    (await c.says('yes')).says(
      'Then you have a **corporate account**',
      'representative',
      '**Corporate Billing Portal**',
    );
  });

  it('de: no corporate signals means an online account, with the way back if it is wrong', async () => {
    const c = await atAccountKind('de');
    await c.says('nicht sicher');
    await c.says('nein');
    (await c.says('nein')).says(
      '**Online-Konto**',
      'You seem to have landed in the wrong place',
      '„von vorne“',
      '**Abrechnung**',
    );
  });

  it('en: no corporate signals means an online account', async () => {
    const c = await atAccountKind('en');
    await c.says('not sure');
    await c.says('no');
    (await c.says('nope')).says('most likely have an **online account**', 'https://billing.logmeininc.com');
  });
});
