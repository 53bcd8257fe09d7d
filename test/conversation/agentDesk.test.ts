import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import type { Activity } from 'botbuilder';
import type { Language } from '../../domain/language';
import type { DeskService } from '../../handoff/desk/deskService';
import { Translations } from '../../i18n/translator';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachCountryQuestion } from '../helpers/scripts';
import type { Conversation } from '../helpers/conversation';

const translations = new Translations();
const AGENT = { username: 'anna', displayName: 'Anna Schmidt', languages: ['de', 'en'] as Language[] };

/** A clock the tests move; Wednesday 2 December 2026, 11:00 in Berlin (inside Mon-Fri 08:00-18:00). */
class Clock {
  t = Date.parse('2026-12-02T10:00:00Z');
  readonly now = () => this.t;
}

async function deskBot(clock: Clock, env: Record<string, string> = {}): Promise<TestBot> {
  const passwordHash = await hash('correct horse battery', { algorithm: 2 });
  return createTestBot(
    {
      HANDOFF_GATEWAY: 'desk',
      AGENT_ACCOUNTS: JSON.stringify([{ ...AGENT, passwordHash }]),
      HANDOFF_TIMEOUT_SECONDS: '120',
      BUSINESS_HOURS: JSON.stringify({
        timeZone: 'Europe/Berlin',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        open: '08:00',
        close: '18:00',
      }),
      ...env,
    },
    { now: clock.now },
  );
}

const refIn = (text: string): string => {
  const ref = /GTM-[2-9A-Z]{6}/.exec(text)?.[0];
  assert.ok(ref, `a case reference in:\n${text}`);
  return ref;
};

const AGENT_LINE = { de: 'Mitarbeiter', en: 'agent' } as const;

describe('conversation: a person takes over through the built-in agent desk', () => {
  let clock: Clock;
  let bot: TestBot;
  let desk: DeskService;
  beforeEach(async () => {
    clock = new Clock();
    bot = await deskBot(clock);
    desk = bot.app.desk!;
  });

  /** A customer mid-form who asks for a person: in the queue, with their case reference. */
  async function queued(lang: Language): Promise<{ c: Conversation; ref: string }> {
    const c = conversation(bot, lang);
    await reachCountryQuestion(c, lang, 'online');
    await c.says(LINES[lang].country);
    const reply = await c.says(AGENT_LINE[lang]);
    reply.says(lang === 'de' ? 'Position 1' : 'number 1').doesNotSay('Bitte bleiben Sie in diesem Chat');
    assert.equal(reply.events('handoff.initiate').length, 0, 'the desk needs no protocol event');
    return { c, ref: refIn(reply.text) };
  }

  for (const lang of ['de', 'en'] as const) {
    const tr = translations.for(lang);

    it(`${lang}: accepted: the agent joins by name, both write, the agent ends and the bot takes over`, async () => {
      const { c, ref } = await queued(lang);
      const waiting = (await desk.snapshot(['de', 'en'])).waiting;
      assert.equal(waiting[0].ref, ref);
      assert.equal(waiting[0].fields.country, 'DE', 'the agent sees what was collected');
      assert.ok(waiting[0].transcript.some((e) => e.from === 'customer' && e.text === LINES[lang].country));

      await desk.accept(ref, AGENT);
      c.proactive().says(tr.t('escalation.desk.agentJoined', { name: 'Anna Schmidt' }));

      const quiet = await c.says(
        lang === 'de' ? 'Hallo, ich komme mit der Karte nicht weiter' : 'hi, the card form fails',
      );
      assert.equal(quiet.messages.length, 0, `the bot stays quiet while a person is there:\n${quiet.text}`);
      const live = await desk.get(ref);
      assert.ok(live?.transcript.at(-1)?.text.includes(lang === 'de' ? 'nicht weiter' : 'form fails'));

      await desk.toCustomer(
        ref,
        AGENT,
        lang === 'de' ? 'Ich sehe Ihre Angaben, einen Moment.' : 'I can see your details.',
      );
      c.proactive().says(
        lang === 'de' ? '**Anna Schmidt:** Ich sehe Ihre Angaben' : '**Anna Schmidt:** I can see',
      );

      await desk.end(ref, AGENT, 'Kunde geholfen');
      c.proactive()
        .says(tr.t('escalation.desk.ended', { name: 'Anna Schmidt' }))
        .offers(tr.t('menu.changePaymentMethod'));
      assert.equal((await desk.get(ref))?.closingNote, 'Kunde geholfen');
      // The bot has the conversation again.
      (await c.says(LINES[lang].start)).says(ASKS[lang].billingContact);
    });

    it(`${lang}: nobody accepts in time: contact options and the case reference, the case kept as missed`, async () => {
      const { c, ref } = await queued(lang);
      clock.t += 121_000;
      await desk.sweep();
      c.proactive().says(ref, tr.t('escalation.intro'));
      const missed = await desk.get(ref);
      assert.equal(missed?.status, 'missed');
      assert.equal(missed?.missedBecause, 'timeout');
      assert.equal(missed?.fields.country, 'DE', 'nothing collected is lost');
      assert.ok((await desk.snapshot(['de', 'en'])).recent.some((r) => r.ref === ref));
      (await c.says(LINES[lang].start)).says(ASKS[lang].billingContact);
    });

    it(`${lang}: out of hours: contact options and the case reference at once`, async () => {
      clock.t = Date.parse('2026-12-05T10:00:00Z'); // a Saturday
      const c = conversation(bot, lang);
      const reply = await c.says(AGENT_LINE[lang]);
      const ref = refIn(reply.text);
      reply.says(tr.t('escalation.desk.missed.outOfHours', { ref }), tr.t('escalation.intro'));
      assert.equal((await desk.get(ref))?.missedBecause, 'outOfHours');
    });

    it(`${lang}: the customer leaves the queue with "${lang === 'de' ? 'abbrechen' : 'cancel'}"`, async () => {
      const { c, ref } = await queued(lang);
      (await c.says(lang === 'de' ? 'abbrechen' : 'cancel'))
        .says(tr.t('escalation.desk.left', { ref }))
        .offers(tr.t('menu.changePaymentMethod'));
      assert.equal((await desk.get(ref))?.status, 'cancelled');
    });

    it(`${lang}: a message while waiting is kept for the agent and the place in the queue is repeated`, async () => {
      const { c, ref } = await queued(lang);
      (await c.says(lang === 'de' ? 'Dauert das noch lange?' : 'will this take long?')).says(
        tr.t('escalation.desk.stillWaiting', { position: 1 }),
      );
      assert.ok(
        (await desk.get(ref))?.transcript.some((e) => e.text.includes(lang === 'de' ? 'lange' : 'long')),
      );
    });

    it(`${lang}: a card number typed while an agent is connected is removed before the agent sees it`, async () => {
      const { c, ref } = await queued(lang);
      await desk.accept(ref, AGENT);
      c.proactive();
      const reply = await c.says(
        lang === 'de' ? 'meine Karte 4111 1111 1111 1111 geht nicht' : 'my card 4111 1111 1111 1111 fails',
      );
      reply.says(lang === 'de' ? 'keine Kartennummern' : "don't send card numbers").doesNotSay('4111');
      const seen = JSON.stringify(await desk.get(ref));
      assert.ok(!seen.includes('4111 1111') && !seen.includes('4111111111111111'), seen);
      // The agent reads what the customer wrote, with the number marked in the customer's language.
      assert.ok(
        seen.includes(lang === 'de' ? 'meine Karte [entfernt] geht nicht' : 'my card [redacted] fails'),
        seen,
      );
      const all = bot.sent.map((a: Partial<Activity>) => JSON.stringify(a)).join('\n');
      assert.ok(!all.includes('4111 1111'), 'no reply echoes it');
    });
  }

  it('de: the place in the queue is told again when it changes', async () => {
    const first = await queued('de');
    const second = conversation(bot, 'de');
    const reply = await second.says('Ich möchte mit einem Menschen sprechen');
    reply.says('Position 2');
    await desk.accept(first.ref, AGENT);
    second.proactive().says(translations.for('de').t('escalation.desk.position', { position: 1 }));
  });

  it('en: an agent who speaks only German does not see an English customer in the queue', async () => {
    const { ref } = await queued('en');
    assert.equal((await desk.snapshot(['de'])).waiting.length, 0);
    await assert.rejects(desk.accept(ref, { ...AGENT, languages: ['de'] }), /not in your languages/);
  });

  it('de: without any agent account the customer hears at once that nobody is available', async () => {
    const lonely = await createTestBot({ HANDOFF_GATEWAY: 'desk' }, { now: clock.now });
    const reply = await conversation(lonely, 'de').says('Mitarbeiter');
    const ref = refIn(reply.text);
    reply.says(
      translations.for('de').t('escalation.desk.missed.noAgents', { ref }),
      'So erreichen Sie den Kundendienst',
    );
    reply.doesNotSay('Bitte bleiben Sie in diesem Chat');
  });
});

describe('conversation: a contact-centre product answers with handoff.status (protocol)', () => {
  it('en: "failed" brings the contact options; the case reference travels in the handoff context', async () => {
    const bot = await createTestBot({ HANDOFF_GATEWAY: 'protocol' });
    const c = conversation(bot, 'en');
    const reply = await c.says('agent');
    const [event] = reply.events('handoff.initiate');
    const context = event?.value as { caseReference: string; language: string };
    assert.match(context.caseReference, /^GTM-/);
    assert.equal(context.language, 'en');
    (await c.sends({ type: 'event', name: 'handoff.status', value: { state: 'failed' } })).says(
      translations.for('en').t('escalation.handoffFailed'),
    );
  });
});
