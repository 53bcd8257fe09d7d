import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachCountryQuestion } from '../helpers/scripts';

describe('conversation: the language follows the customer', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de -> en: a whole English sentence switches to English and it stays English', async () => {
    const c = conversation(bot, 'de');
    await c.join();
    (await c.says('I would like to change the credit card on our account')).says(ASKS.en.billingContact);
    (await c.says('ja')).says(ASKS.en.accountKind);
  });

  it('en -> de: a whole German sentence mid-flow switches to German', async () => {
    const c = conversation(bot, 'en');
    await c.says(LINES.en.start);
    (await c.says('ja, das bin ich selbst')).says('ab jetzt schreibe ich auf Deutsch', ASKS.de.accountKind);
  });

  it('en: a company name that looks German does not switch the language', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    await c.says('Germany');
    await c.says('DE136695976');
    (await c.says('Deutsche Software Vertriebs GmbH')).says(ASKS.en.email).doesNotSay('Deutsch');
  });

  it('de: a short English line is understood, and the answer stays German', async () => {
    const c = conversation(bot, 'de');
    await c.join();
    (await c.says('forgot my password')).says('Melden Sie sich bei', 'Passwort').doesNotSay('Sign in');
  });

  it('en: a short German line is understood, and the answer stays English', async () => {
    const c = conversation(bot, 'en');
    await c.join();
    (await c.says('Rechnungskopie')).says('download your invoices').doesNotSay('Rechnungen');
  });

  it('de: short words like "ok" or "PayPal" never switch', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    await c.says('USA');
    await c.says('Muster Inc');
    await c.says('max@muster.de');
    (await c.says('PayPal')).says(ASKS.de.confirm);
    (await c.says('ok')).says(ASKS.de.outcome);
  });
});

describe('conversation: yes and no, typed freely', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  for (const [lang, answer] of [
    ['de', 'ja klar'],
    ['de', 'jawohl'],
    ['en', 'yeah sure'],
    ['en', 'yep that is me'],
  ] as const) {
    it(`${lang}: "${answer}" counts as yes`, async () => {
      const c = conversation(bot, lang);
      await c.says(LINES[lang].start);
      (await c.says(answer)).says(ASKS[lang].accountKind);
    });
  }

  for (const [lang, answer] of [
    ['de', 'nö'],
    ['en', 'nope, not me'],
  ] as const) {
    it(`${lang}: "${answer}" counts as no`, async () => {
      const c = conversation(bot, lang);
      await c.says(LINES[lang].start);
      (await c.says(answer)).says(
        lang === 'de' ? 'Dann muss der Abrechnungskontakt' : 'Then the billing contact has to',
      );
    });
  }
});

describe('conversation: when unsure, the bot offers its best guesses', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('en: "billing" alone gets a choice of meanings, and a click answers it', async () => {
    const c = conversation(bot, 'en');
    const r = await c.says('billing');
    r.says("I'm not quite sure what you mean");
    const [first] = r.suggestions;
    (await c.says(first)).doesNotSay("I'm not quite sure");
  });

  it('de: "Abo" alone gets a choice of meanings', async () => {
    const c = conversation(bot, 'de');
    (await c.says('Abo'))
      .says('Ich bin nicht ganz sicher')
      .offers('Abonnementplan ändern', 'Zum Kundendienst');
  });
});

describe('conversation: answers typed the way customers type', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('en: "how do i know if im the billing contact?" is explained, then asked again', async () => {
    const c = conversation(bot, 'en');
    await c.says(LINES.en.start);
    (await c.says('how do i know if im the billing contact?')).says(
      '**Subscriptions**',
      ASKS.en.billingContact,
    );
    (await c.says('yes')).says(ASKS.en.accountKind);
  });

  it('de: "woher weiß ich das" is taken as "nicht sicher"', async () => {
    const c = conversation(bot, 'de');
    await c.says(LINES.de.start);
    (await c.says('woher weiß ich das?')).says('**Subscriptions**');
  });

  it('en: "sure" accepts the offer to check the details', async () => {
    const c = conversation(bot, 'en');
    await c.says(LINES.en.start);
    await c.says('yes');
    await c.says('online');
    (await c.says('sure')).says(ASKS.en.country);
  });

  it('en: a company name that reads like a request is still taken as the company name', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    await c.says('USA');
    (await c.says('Blue Sky Consulting Help Desk Ltd')).says(ASKS.en.email);
  });

  it('de: "nö, zeigt noch die alte Karte" means it did not work', async () => {
    const c = conversation(bot, 'de');
    await c.says(LINES.de.start);
    await c.says('ja');
    await c.says('Online-Konto');
    await c.says('nein danke');
    (await c.says('nö, zeigt noch die alte Karte')).says('Ich schalte den Kundendienst ein');
  });
});

describe('conversation: a related question at a prompt is answered, then the question comes again', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('en: "what is the difference between online and corporate accounts?" at the account question', async () => {
    const c = conversation(bot, 'en');
    await c.says(LINES.en.start);
    await c.says('yes');
    const r = await c.says('what is the difference between online and corporate accounts?');
    r.says('**Online account:**', '**Corporate account**', ASKS.en.accountKind).doesNotSay(
      "didn't understand",
    );
    (await c.says('corporate')).says('**Corporate Billing Portal**');
  });

  it('de: "wie bezahle ich eine einzelne Rechnung?" at the account question', async () => {
    const c = conversation(bot, 'de');
    await c.says(LINES.de.start);
    await c.says('ja');
    const r = await c.says('wie bezahle ich eine offene Rechnung online?');
    r.says('**Pay Now**', ASKS.de.accountKind).doesNotSay('nicht verstanden');
    (await c.says('Unternehmenskonto')).says('**Zahlungsprofil**');
  });

  it('de: asking a related question three times does not count as wrong answers', async () => {
    const c = conversation(bot, 'de');
    await c.says(LINES.de.start);
    await c.says('ja');
    await c.says('wie bezahle ich eine offene Rechnung online?');
    await c.says('wie bezahle ich eine offene Rechnung online?');
    const third = await c.says('wie bezahle ich eine offene Rechnung online?');
    third.doesNotSay('mit einem Menschen klären');
  });
});

describe('conversation: typos of commands and answers', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: "abbrechn" at a question still cancels', async () => {
    const c = conversation(bot, 'de');
    (await c.says(LINES.de.start)).says(ASKS.de.billingContact);
    (await c.says('abbrechn')).says('ich habe abgebrochen');
  });

  it('de: "Hlife" is a request for help', async () => {
    const c = conversation(bot, 'de');
    await c.join();
    (await c.says('Hlife')).says('**abbrechen**', '**von vorne**');
  });

  it('en: "startover" at a question starts the change again', async () => {
    const c = conversation(bot, 'en');
    await c.says(LINES.en.start);
    (await c.says('yes')).says(ASKS.en.accountKind);
    (await c.says('startover')).says('start again from the beginning', ASKS.en.billingContact);
  });

  it('en: "corprate" answers the account question', async () => {
    const c = conversation(bot, 'en');
    await c.says(LINES.en.start);
    await c.says('yes');
    (await c.says('corprate')).says('Corporate Billing Portal').doesNotSay(ASKS.en.accountKind);
  });

  it('de: "jaa", "firmenkunde", "Schwiez" and "kreditkate" are understood', async () => {
    const c = conversation(bot, 'de');
    await c.says(LINES.de.start);
    (await c.says('jaa')).says(ASKS.de.accountKind);
    (await c.says('firmenkunde')).says('eines Unternehmenskontos');
    (await c.says('ja')).says(ASKS.de.country);
    (await c.says('Schwiez')).says('Schweiz', ASKS.de.company);
    await c.says('Muster AG');
    (await c.says('mm.muster')).says(ASKS.de.method);
    (await c.says('kreditkate')).says(ASKS.de.confirm);
  });

  it('de: "Unternehmenskonot" answers the account question', async () => {
    const c = conversation(bot, 'de');
    await c.says(LINES.de.start);
    await c.says('ja');
    (await c.says('Unternehmenskonot')).says('Corporate Billing Portal').doesNotSay(ASKS.de.accountKind);
  });
});

describe('conversation: saying goodbye', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: "tschüss" gets a goodbye, not "I did not understand"', async () => {
    const c = conversation(bot, 'de');
    await c.join();
    (await c.says('tschüss')).says('Auf Wiedersehen').doesNotSay('nicht verstanden');
  });

  it('en: "bye" at a question ends the flow with a goodbye; the next message starts afresh', async () => {
    const c = conversation(bot, 'en');
    (await c.says(LINES.en.start)).says(ASKS.en.billingContact);
    (await c.says('bye')).says('Goodbye').doesNotSay(ASKS.en.billingContact);
    (await c.says('hello')).says(ASKS.en.menu);
  });

  it('de: a company called "Ciao GmbH" is a company name, not a goodbye', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    await c.says('Deutschland');
    await c.says('DE136695976');
    (await c.says('Ciao GmbH')).says(ASKS.de.email).doesNotSay('Auf Wiedersehen');
  });
});
