import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation } from '../helpers/scripts';
import { cardFacts } from '../helpers/cards';

describe('conversation: welcome', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: greets on join in German with the four quick replies', async () => {
    const r = await conversation(bot, 'de').join();
    r.says('Abrechnungsassistent', 'niemals Kartendaten', ASKS.de.menu);
    r.offers('Zahlungsmethode ändern', 'Abrechnungskontakt?', 'Welcher Kontotyp?', 'Zum Kundendienst');
  });

  it('en: greets on join in English with the four quick replies', async () => {
    const r = await conversation(bot, 'en').join();
    r.says('billing assistant', 'never type card details', ASKS.en.menu);
    r.offers('Change payment method', 'Billing contact?', 'Which account type?', 'Talk to a person');
  });

  it('falls back to the configured default language for an unknown locale', async () => {
    const en = await createTestBot({ DEFAULT_LOCALE: 'en' });
    const r = await new (await import('../helpers/conversation')).Conversation(en, 'fr-FR').join();
    r.says(ASKS.en.menu);
  });
});

describe('conversation: online account, the whole change', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: contact, portal, guide with exact labels, details, summary, where to enter, done', async () => {
    const c = conversation(bot, 'de');
    (await c.says('Ich möchte meine Zahlungsmethode ändern'))
      .says(ASKS.de.billingContact)
      .offers('Ja', 'Nein', 'Nicht sicher');
    (await c.says('ja')).says(ASKS.de.accountKind).offers('Online-Konto', 'Unternehmenskonto');
    (await c.says('Online-Konto')).says(
      'https://billing.logmeininc.com',
      '**Zahlungsmethode**',
      '**Bearbeiten**',
      '**Umsatzsteuer-Identifikationsnummer**',
      '**Anwenden**',
      '**Zahlungsmethode aktualisieren**',
      ASKS.de.offerCheck,
    );
    (await c.says('Angaben prüfen')).says(ASKS.de.country);
    (await c.says('Deutschland')).says(ASKS.de.vat, '**DE**');
    (await c.says('DE 136 695 976')).says('**DE136695976** hat ein gültiges Format', ASKS.de.company);
    (await c.says('Muster GmbH')).says(ASKS.de.email);
    (await c.says('max@muster.de')).says(ASKS.de.method).offers('Kredit- oder Debitkarte', 'PayPal');
    const summary = await c.says('Kreditkarte');
    summary.says(ASKS.de.confirm);
    assert.deepEqual(cardFacts(summary), [
      'Konto: Online-Konto',
      'Rechnungsland: Deutschland',
      'USt-IdNr.: DE136695976',
      'Firma: Muster GmbH',
      'E-Mail: max@muster.de',
      'Neue Zahlungsmethode: Kredit- oder Debitkarte',
    ]);
    (await c.says('Alles korrekt')).says(
      'angemeldet als **max@muster.de**',
      'Geben Sie die Umsatzsteuer-Identifikationsnummer **DE136695976** ein',
      'Wählen Sie **Kredit- oder Debitkarte**',
      ASKS.de.outcome,
    );
    (await c.says('hat geklappt'))
      .says('alles erledigt')
      .offers('Abonnementplan ändern', 'Rechnungshistorie');
  });

  it('en: contact, portal, guide with exact labels, details, summary, where to enter, done', async () => {
    const c = conversation(bot, 'en');
    // "a new card" is the new payment method: noted, and not asked for later.
    (await c.says('hi, we got a new card and need to update it'))
      .says('Noted: Credit or debit card.', ASKS.en.billingContact)
      .offers('Yes', 'No', 'Not sure');
    (await c.says('yes I am')).says(ASKS.en.accountKind);
    (await c.says('online')).says(
      'https://billing.logmeininc.com',
      '**Payment Method**',
      '**Edit**',
      '**VAT ID**',
      '**Apply**',
      '**Update Payment Method**',
      ASKS.en.offerCheck,
    );
    (await c.says('yes please')).says(ASKS.en.country);
    (await c.says('ireland')).says(
      'with the billing country Ireland, VAT is charged on every invoice',
      ASKS.en.vat,
      '**IE**',
    );
    (await c.says('IE6388047V')).says('**IE6388047V** has a valid format', ASKS.en.company);
    (await c.says('Acme Ltd')).says(ASKS.en.email);
    const summary = await c.says('my email is Jane@Acme.example');
    summary.doesNotSay(ASKS.en.method);
    assert.deepEqual(cardFacts(summary), [
      'Account: Online account',
      'Billing country: Ireland',
      'VAT ID: IE6388047V',
      'Company: Acme Ltd',
      'Email: jane@acme.example',
      'New payment method: Credit or debit card',
    ]);
    (await c.says('looks good')).says(
      'signed in as **jane@acme.example**',
      'enter the VAT ID **IE6388047V**',
      ASKS.en.outcome,
    );
    (await c.says('yes it worked')).says("that's done").offers('Change my plan', 'Invoice history');
  });

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: skipping the check goes straight to "did it work?"`, async () => {
      const c = conversation(bot, lang);
      await c.says(LINES[lang].start);
      await c.says(LINES[lang].yes);
      await c.says(LINES[lang].online);
      (await c.says(LINES[lang].skipCheck)).says(ASKS[lang].outcome).doesNotSay(ASKS[lang].country);
    });
  }
});

describe('conversation: corporate account, the whole change', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: User ID hint, Invalid User ID help, payment methods list, Zahlungsprofil steps', async () => {
    const c = conversation(bot, 'de');
    await c.says('Zahlungsmethode ändern');
    await c.says('ja');
    (await c.says('Unternehmenskonto')).says(
      'https://link.logmeininc.com/corp-billing',
      '**Benutzer-ID**',
      '**Zahlungsprofil**',
      '**Bearbeiten**',
      '**Zahlungsmethode**',
      '**Speichern**',
      '**Invalid User ID**',
      '**Forgot Password?**',
      'Kredit- oder Debitkarte, Banküberweisung, Scheck, Lastschrift, PayPal',
      'Discover (nur in USD)',
    );
    await c.says('Angaben prüfen');
    await c.says('Österreich');
    (await c.says('ATU13585627')).says('**ATU13585627** hat ein gültiges Format');
    (await c.says('Beispiel AG')).says(ASKS.de.userId);
    (await c.says('b.beispiel')).says(ASKS.de.method).offers('Banküberweisung', 'Lastschrift', 'Scheck');
    const summary = await c.says('wir wollen per SEPA-Lastschrift zahlen');
    assert.deepEqual(cardFacts(summary), [
      'Konto: Unternehmenskonto',
      'Rechnungsland: Österreich',
      'USt-IdNr.: ATU13585627',
      'Firma: Beispiel AG',
      'Benutzer-ID: b.beispiel',
      'Neue Zahlungsmethode: Lastschrift',
    ]);
    (await c.says('passt')).says(
      'Benutzer-ID **b.beispiel**',
      '**Zahlungsprofil** → **Bearbeiten**',
      '**Lastschrift**',
      ASKS.de.outcome,
    );
  });

  it('en: User ID hint, Invalid User ID help, Payment Profile steps; "didn\'t work" hands over with everything', async () => {
    const c = conversation(bot, 'en');
    await c.says('change payment method');
    await c.says('yes');
    (await c.says('corporate')).says(
      '**Corporate Billing Portal**',
      '**User ID**',
      '**Payment Profile**',
      '**Payment Type**',
      '**Save**',
      '**Invalid User ID**',
      '**Forgot Password?**',
      'Credit or debit card, Bank transfer, Check, Direct debit / ACH, PayPal',
    );
    await c.says('check my details');
    await c.says('Greece');
    (await c.says('EL094259216')).says('**EL094259216** has a valid format');
    await c.says('Hellas Shipping SA');
    await c.says('accounts@hellas.example');
    await c.says('bank transfer');
    (await c.says('All correct')).says(
      'User ID **accounts@hellas.example**',
      '**Bank transfer**',
      ASKS.en.outcome,
    );
    const r = await c.says("no, it didn't work");
    r.says(
      "I'm sorry it didn't work out",
      'Corporate accounts',
      'GoTo representative',
      'Contact Support',
      'take over this chat',
    );
    const [handoff] = r.events('handoff.initiate');
    assert.ok(handoff, 'a handoff.initiate event is sent');
    const value = handoff.value as {
      reason: string;
      language: string;
      accountKind: string;
      fields: Record<string, unknown>;
    };
    assert.equal(value.reason, 'selfServiceFailed');
    assert.equal(value.language, 'en');
    assert.equal(value.accountKind, 'corporate');
    assert.deepEqual(
      { ...value.fields },
      {
        isBillingContact: 'yes',
        accountKind: 'corporate',
        accountKindReason: 'stated',
        country: 'GR',
        vatId: 'EL094259216',
        companyName: 'Hellas Shipping SA',
        corporateUserId: 'accounts@hellas.example',
        paymentMethod: 'bankTransfer',
        outcome: 'notWorked',
      },
    );
    const transcript = (handoff.attachments ?? [])[0]?.content as { activities?: { text?: string }[] };
    assert.ok(
      transcript?.activities?.some((a) => a.text === 'Hellas Shipping SA'),
      'the transcript is attached',
    );
  });
});
