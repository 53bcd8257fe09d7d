import assert from 'node:assert/strict';
import { loadConfig } from '../../config/loadConfig';
import type { InsightEvent } from '../../insights/insightEvent';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, conversation } from '../helpers/scripts';

/** What the dashboard will count for each scripted conversation, in the order it happened. */
async function eventsOf(bot: TestBot): Promise<InsightEvent[]> {
  await bot.app.insights.flush();
  return bot.app.insights.rawEvents(1);
}
const steps = (events: InsightEvent[]) =>
  events.map((e) =>
    [e.kind, e.step ?? e.reason ?? (e.worked === undefined ? '' : String(e.worked))].join(':'),
  );

describe('insights: the events of scripted conversations', () => {
  it('de: a customer who serves themselves leaves started, each question, summary, portal, worked', async () => {
    const bot = await createTestBot();
    const c = conversation(bot, 'de');
    await c.join();
    (await c.says('Ich möchte meine Zahlungsmethode ändern')).says(ASKS.de.billingContact);
    await c.says('ja');
    await c.says('Online-Konto');
    await c.says('Angaben prüfen');
    await c.says('Österreich');
    (await c.says('ATU1234')).says('ATU');
    await c.says('ATU13585627');
    await c.says('ACME GmbH');
    await c.says('anna@example.com');
    await c.says('PayPal');
    await c.says('Alles korrekt');
    (await c.says('Ja, hat geklappt')).says('erledigt');

    const events = await eventsOf(bot);
    assert.deepEqual(steps(events), [
      'started:',
      'asked:isBillingContact',
      'answered:isBillingContact',
      'asked:accountKind',
      'answered:accountKind',
      'portalShown:',
      'asked:country',
      'answered:country',
      'asked:vatId',
      'failed:vatId',
      'answered:vatId',
      'asked:companyName',
      'answered:companyName',
      'asked:accountEmail',
      'answered:accountEmail',
      'asked:paymentMethod',
      'answered:paymentMethod',
      'summaryConfirmed:',
      'outcome:true',
    ]);
    assert.ok(events.every((e) => e.language === 'de' && e.channel === 'other'));
    assert.equal(new Set(events.map((e) => e.conversation)).size, 1);
    assert.equal(events.at(-1)?.accountKind, 'online');

    const report = await bot.app.insights.report({ days: 7 });
    assert.equal(report.outcomes.selfServed, 1);
    assert.deepEqual(
      report.fieldErrors.map((e) => e.step),
      ['vatId'],
    );
  });

  it('en: a customer who stops at the VAT question counts as abandoned there once idle', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const bot = await createTestBot({}, { now: () => now });
    const c = conversation(bot, 'en');
    await c.says('I need to change my payment method');
    await c.says('yes');
    await c.says('Corporate account');
    await c.says('Check my details');
    (await c.says('Germany')).says(ASKS.en.vat);

    assert.equal((await bot.app.insights.report({ days: 7 })).outcomes.inProgress, 1);
    now += 31 * 60_000; // past INSIGHTS_IDLE_MINUTES (30)
    const report = await bot.app.insights.report({ days: 7 });
    assert.equal(report.outcomes.abandoned, 1);
    const vat = report.funnel.find((f) => f.step === 'vatId');
    assert.deepEqual(vat, { step: 'vatId', reached: 1, droppedHere: 1 });
    assert.equal(report.funnel.find((f) => f.step === 'companyName')?.reached, 0);
    const events = await eventsOf(bot);
    assert.ok(events.every((e) => e.language === 'en' && e.accountKind !== 'online'));
  });

  it('de + en: asking for a person records the escalation with its reason', async () => {
    const bot = await createTestBot();
    const de = conversation(bot, 'de');
    await de.says('Zahlungsmethode ändern');
    (await de.says('nein, das ist mein Kollege')).says(
      'Möchten Sie sich deswegen an den Kundendienst wenden?',
    );
    (await de.says('ja')).says('So erreichen Sie den Kundendienst');
    const en = conversation(bot, 'en');
    await en.says('change payment method');
    (await en.says('I want to talk to a human')).says('colleague from customer service');

    const report = await bot.app.insights.report({ days: 7 });
    assert.equal(report.outcomes.escalated, 2, JSON.stringify(report.outcomes));
    assert.deepEqual(report.escalationReasons.map((r) => r.reason).sort(), [
      'notBillingContact',
      'userRequested',
    ]);
    const byLanguage = await bot.app.insights.report({ days: 7, language: 'en' });
    assert.equal(byLanguage.outcomes.escalated, 1);
  });

  it('keeps lines it did not understand (redacted) and never puts a value into an event', async () => {
    const bot = await createTestBot();
    const c = conversation(bot, 'de');
    await c.says('blubb fasel quatsch');
    await c.says('schreiben Sie an max.mustermann@example.com wegen der Karte 4111 1111 1111 1111');
    await c.says('Zahlungsmethode ändern');
    await c.says('ja');
    await c.says('Online-Konto');
    await c.says('Angaben prüfen');
    await c.says('Deutschland');
    await c.says('DE999999999');
    await c.says('Erika Musterfrau Handels GmbH');
    const groups = await bot.app.insights.reviewGroups('de');
    const lines = groups.flatMap((g) => g.lines.map((l) => l.text));
    assert.ok(lines.includes('blubb fasel quatsch'), JSON.stringify(lines));
    const all = JSON.stringify(lines);
    assert.doesNotMatch(all, /4111|mustermann@example/);

    const events = JSON.stringify(await eventsOf(bot));
    for (const value of ['DE999999999', 'Musterfrau', 'Deutschland', 'blubb', c.id, '4111', '@'])
      assert.ok(!events.includes(value), `an event holds "${value}"`);
  });

  it('config: the idle time and retention are named when wrong', () => {
    assert.throws(() => loadConfig({ INSIGHTS_IDLE_MINUTES: 'soon' }), /INSIGHTS_IDLE_MINUTES/);
    assert.throws(() => loadConfig({ MISSED_LINES_RETENTION_DAYS: '0' }), /MISSED_LINES_RETENTION_DAYS/);
  });
});
