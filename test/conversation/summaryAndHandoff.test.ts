import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, conversation, reachSummary } from '../helpers/scripts';

describe('conversation: the summary can be corrected field by field', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: a Teams-style card submit corrects the company, the new summary shows it', async () => {
    const c = conversation(bot, 'de', 'msteams');
    const summary = await reachSummary(c, 'de', 'online');
    const card = summary.attachments[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    // Teams: each fact is a row that corrects it, then "Alles korrekt"; Universal Actions throughout.
    type Select = { type: string; title: string; data: { choice: string } };
    const rows = (
      card?.content as { body: { selectAction?: Select; columns?: { selectAction?: Select }[] }[] }
    ).body.flatMap((b) => [
      ...(b.columns ?? []).flatMap((c) => (c.selectAction ? [c.selectAction] : [])),
      ...(b.selectAction ? [b.selectAction] : []),
    ]);
    assert.deepEqual(
      rows.map((a) => a.title),
      ['Land ändern', 'USt-IdNr. ändern', 'Firma ändern', 'E-Mail ändern', 'Methode ändern', 'Alles korrekt'],
    );
    assert.ok(rows.every((a) => a.type === 'Action.Execute' && typeof a.data.choice === 'string'));
    (await c.submits({ choice: 'editCompanyName' })).says(ASKS.de.company);
    const updated = await c.says('Muster & Söhne GmbH');
    assert.match(JSON.stringify(updated.attachments[0]?.content), /Muster & Söhne GmbH/);
    (await c.submits({ choice: 'confirm' })).says('**Muster & Söhne GmbH**', ASKS.de.outcome);
  });

  it('en: changing the country re-checks the VAT ID for the new country', async () => {
    const c = conversation(bot, 'en');
    await reachSummary(c, 'en', 'online');
    (await c.says('change country')).says(ASKS.en.country);
    (await c.says('Austria')).says(ASKS.en.vat, '**AT**');
    (await c.says('ATU13585627')).says(ASKS.en.confirm);
    (await c.says('all correct')).says('enter the VAT ID **ATU13585627**', 'Austria');
  });

  it('de: "das Land stimmt auch nicht" asks for the country, it is not taken as "stimmt"', async () => {
    const c = conversation(bot, 'de');
    await reachSummary(c, 'de', 'online');
    (await c.says('nein, das Land stimmt nicht')).says(ASKS.de.country).doesNotSay(ASKS.de.outcome);
  });

  it('en: "the email is not correct" asks for the email', async () => {
    const c = conversation(bot, 'en');
    await reachSummary(c, 'en', 'online');
    (await c.says('the email is not correct')).says(ASKS.en.email).doesNotSay(ASKS.en.outcome);
  });

  it('en: a text-only channel gets the summary as text with quick replies', async () => {
    const c = conversation(bot, 'en', 'terminal');
    const summary = await reachSummary(c, 'en', 'corporate');
    assert.equal(summary.attachments.length, 0);
    summary.says(
      'Please check your details',
      '**Billing country:** Germany',
      '**User ID:** jane.doe',
      ASKS.en.confirm,
    );
    summary.offers('All correct', 'Change User ID', 'Change method');
    (await c.says('Change method')).says(ASKS.en.method);
  });

  it('de: an unknown card submission is asked again, not crashed on', async () => {
    const c = conversation(bot, 'de');
    await reachSummary(c, 'de', 'online');
    (await c.submits({ choice: 'dropTables' })).says(ASKS.de.confirm);
    (await c.submits({ unexpected: { nested: [1, 2, 3] } })).says(ASKS.de.confirm);
  });
});

describe('conversation: the agent side answers with handoff.status', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  const status = (state: string) => ({ type: 'event', name: 'handoff.status', value: { state } });

  it('de: accepted, then completed, are answered', async () => {
    const c = conversation(bot, 'de');
    await c.says('Mitarbeiter');
    (await c.sends(status('accepted'))).says('ist jetzt da und hilft Ihnen weiter');
    (await c.sends(status('completed'))).says('Das Gespräch mit unserem Kundendienst ist beendet');
  });

  it('de: failed brings the contact options again', async () => {
    const c = conversation(bot, 'de');
    await c.says('Mitarbeiter');
    (await c.sends(status('failed'))).says('Leider ist gerade niemand', 'So erreichen Sie den Kundendienst');
  });

  it('en: accepted and completed are answered; a malformed status and one after the end are ignored', async () => {
    const c = conversation(bot, 'en');
    await c.says('agent');
    const odd = await c.sends({ type: 'event', name: 'handoff.status', value: 'nonsense' });
    assert.equal(odd.messages.length, 0);
    (await c.sends(status('accepted'))).says('has joined');
    (await c.sends(status('completed'))).says('has ended');
    const afterClose = await c.sends(status('accepted'));
    assert.equal(afterClose.messages.length, 0, 'no status is answered once the handoff is over');
  });

  it('en: failed brings the contact options again', async () => {
    const c = conversation(bot, 'en');
    await c.says('agent');
    (await c.sends(status('failed'))).says('no colleague is available', 'You can reach customer service');
  });

  it('de: a status without a handoff is ignored (a client cannot fake "an agent has joined")', async () => {
    const c = conversation(bot, 'de');
    await c.says('Hallo');
    assert.equal((await c.sends(status('accepted'))).messages.length, 0);
  });

  it('en: configured contact options replace the defaults, per language', async () => {
    const custom = await createTestBot({
      CONTACT_OPTIONS_EN: JSON.stringify([
        { label: 'Billing hotline', phone: '+1 555 0100', hours: 'Mon-Fri 9-17' },
      ]),
    });
    const r = await conversation(custom, 'en').says('agent');
    r.says('**Billing hotline**: +1 555 0100 (Mon-Fri 9-17)').doesNotSay('My Cases');
    const de = await conversation(custom, 'de').says('Mitarbeiter');
    de.says('Ihre bisherigen Anfragen').doesNotSay('Billing hotline');
  });
});

describe('conversation: the help page resumes a saved conversation', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: webchat/resume repeats the open question', async () => {
    const c = conversation(bot, 'de');
    await c.says('Zahlungsmethode ändern');
    await c.says('ja');
    (await c.sends({ type: 'event', name: 'webchat/resume' })).says('Willkommen zurück', ASKS.de.accountKind);
  });

  it('en: webchat/resume outside a flow shows the menu', async () => {
    const c = conversation(bot, 'en');
    (await c.sends({ type: 'event', name: 'webchat/resume' })).says(ASKS.en.menu);
  });
});
