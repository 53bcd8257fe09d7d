import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, conversation } from '../helpers/scripts';
import { cardFacts } from '../helpers/cards';

/**
 * The core change typed the way customers type, no quick reply clicked: every answer is a
 * sentence, with the value somewhere inside it.
 */
describe('conversation: the whole change in free text', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: a new company card for an Austrian online account, all typed', async () => {
    const c = conversation(bot, 'de');
    (await c.says('hallo, wir haben eine neue firmenkreditkarte und ich muss die hinterlegen')).says(
      ASKS.de.billingContact,
    );
    (await c.says('ja das bin ich')).says(ASKS.de.accountKind);
    (await c.says('wir haben ein online konto')).says('https://billing.logmeininc.com', ASKS.de.offerCheck);
    (await c.says('ja bitte prüfen')).says(ASKS.de.country);
    (await c.says('wir sitzen in oesterreich')).says(ASKS.de.vat, '**AT**');
    (await c.says('unsere uid ist ATU13585627')).says(ASKS.de.company);
    (await c.says('Muster Handels GmbH')).says(ASKS.de.email);
    (await c.says('meine mail ist max@muster.at')).says(ASKS.de.method);
    const summary = await c.says('künftig lieber per paypal');
    summary.says(ASKS.de.confirm);
    assert.deepEqual(cardFacts(summary), [
      'Konto: Online-Konto',
      'Rechnungsland: Österreich',
      'USt-IdNr.: ATU13585627',
      'Firma: Muster Handels GmbH',
      'E-Mail: max@muster.at',
      'Neue Zahlungsmethode: PayPal',
    ]);
    (await c.says('passt so')).says('**ATU13585627**', ASKS.de.outcome);
    (await c.says('hat funktioniert, danke')).says('alles erledigt');
  });

  it('en: a corporate account switching to direct debit, all typed', async () => {
    const c = conversation(bot, 'en');
    (await c.says('hi, finance wants us to move to direct debit, how do i change that')).says(
      ASKS.en.billingContact,
    );
    (await c.says("yep that's me")).says(ASKS.en.accountKind);
    (await c.says('we get pdf invoices by email so corporate i guess')).says(
      'Corporate Billing Portal',
      ASKS.en.offerCheck,
    );
    (await c.says('sure, check them')).says(ASKS.en.country);
    (await c.says("we're based in germany")).says(ASKS.en.vat);
    (await c.says('vat number is DE 136 695 976')).says(ASKS.en.company);
    (await c.says('Acme Trading Ltd')).says(ASKS.en.userId);
    (await c.says('my user id is jane.doe')).says(ASKS.en.method);
    const summary = await c.says("we'd like direct debit from now on");
    summary.says(ASKS.en.confirm);
    assert.deepEqual(cardFacts(summary), [
      'Account: Corporate account',
      'Billing country: Germany',
      'VAT ID: DE136695976',
      'Company: Acme Trading Ltd',
      'User ID: jane.doe',
      'New payment method: Direct debit / ACH',
    ]);
    (await c.says('looks good')).says(ASKS.en.outcome);
    (await c.says('yes that worked, thanks')).says("that's done");
  });
});
