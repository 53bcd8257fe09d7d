import assert from 'node:assert/strict';
import { TestAdapter } from 'botbuilder';
import { TypingIndicatorMiddleware } from '../../middleware/typingIndicator';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachCountryQuestion } from '../helpers/scripts';
import type { Conversation } from '../helpers/conversation';

/** Every interruption is tried in the middle of the form: at the company-name question. */
describe('conversation: interruptions at any prompt', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  async function midForm(lang: 'de' | 'en'): Promise<Conversation> {
    const c = conversation(bot, lang);
    await reachCountryQuestion(c, lang, 'online');
    await c.says(LINES[lang].country);
    (await c.says(LINES[lang].vat)).says(ASKS[lang].company);
    return c;
  }

  it('de: "hilfe" explains what works and asks the same question again', async () => {
    const c = await midForm('de');
    (await c.says('Hilfe')).says('**abbrechen**', '**von vorne**', '**Mitarbeiter**', ASKS.de.company);
    (await c.says('Muster GmbH')).says(ASKS.de.email);
  });

  it('en: "help" explains what works and asks the same question again', async () => {
    const c = await midForm('en');
    (await c.says('help')).says('**cancel**', '**start over**', '**agent**', ASKS.en.company);
    (await c.says('Acme Ltd')).says(ASKS.en.email);
  });

  it('de: "abbrechen" stops the form; the next message starts afresh', async () => {
    const c = await midForm('de');
    (await c.says('abbrechen')).says('ich habe abgebrochen').offers('Zahlungsmethode ändern');
    (await c.says('Muster GmbH')).doesNotSay(ASKS.de.email);
  });

  it('en: "cancel" stops the form', async () => {
    const c = await midForm('en');
    (await c.says('cancel')).says("I've stopped that").offers('Change payment method');
  });

  it('de: "von vorne" restarts the change and forgets the form', async () => {
    const c = await midForm('de');
    (await c.says('von vorne')).says('noch einmal von vorne', ASKS.de.billingContact);
    const state = JSON.stringify(await bot.storage.read([`test/conversations/${c.id}/`]));
    assert.ok(!state.includes('DE136695976'), 'the earlier answers are cleared');
  });

  it('en: "start over" restarts the change', async () => {
    const c = await midForm('en');
    (await c.says('start over')).says('start again from the beginning', ASKS.en.billingContact);
  });

  it('de: "English please" switches the language, repeats the question in English and remembers it', async () => {
    const c = await midForm('de');
    (await c.says('English please')).says("from now on I'll write in English", ASKS.en.company);
    (await c.says('Muster GmbH')).says(ASKS.en.email);
    // The choice is the user's, not the conversation's: it holds in a new conversation too.
    const again = await c.sends({
      type: 'message',
      text: 'hallo',
      conversation: { id: `${c.id}-2`, isGroup: false, conversationType: 'personal', name: '' },
    });
    again.says('billing assistant');
  });

  it('en: "auf Deutsch" switches to German and repeats the question in German', async () => {
    const c = await midForm('en');
    (await c.says('auf Deutsch bitte')).says('ab jetzt schreibe ich auf Deutsch', ASKS.de.company);
  });

  it('de: "Mitarbeiter" hands over to a person with what was collected', async () => {
    const c = await midForm('de');
    const r = await c.says('Mitarbeiter');
    r.says('So erreichen Sie den Kundendienst', 'Bitte bleiben Sie in diesem Chat');
    const [event] = r.events('handoff.initiate');
    const value = event?.value as { reason: string; fields: { country?: string; vatId?: string } };
    assert.equal(value.reason, 'userRequested');
    assert.equal(value.fields.country, 'DE');
    assert.equal(value.fields.vatId, 'DE136695976');
  });

  it('en: "I want to talk to a human" hands over to a person', async () => {
    const c = await midForm('en');
    const r = await c.says('can I talk to a human please');
    r.says('You can reach customer service');
    assert.equal(r.events('handoff.initiate').length, 1);
  });
});

describe('conversation: routing outside the form', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  it('de: twice not understood offers customer service', async () => {
    const c = conversation(bot, 'de');
    (await c.says('qwertz')).says('nicht verstanden').offers('Zahlungsmethode ändern');
    (await c.says('blablubb')).says('Möchten Sie mit dem Kundendienst sprechen?').offers('Ja', 'Nein, danke');
    assert.equal((await c.says('ja')).events('handoff.initiate').length, 1);
  });

  it('en: twice not understood offers customer service; "no thanks" closes', async () => {
    const c = conversation(bot, 'en');
    await c.says('asdf');
    (await c.says('what is the weather like in Paris')).says('Would you like to talk to customer service?');
    (await c.says('no thanks')).says('If you need anything else');
  });

  it('de: "Ich möchte mein Abo kündigen" is sent to customer service, not "not understood", and starts no flow', async () => {
    const c = conversation(bot, 'de');
    (await c.says('Ich möchte mein Abo kündigen'))
      .says('der Kundendienst aber schon')
      .doesNotSay('nicht verstanden', ASKS.de.billingContact)
      .offers('Zum Kundendienst');
  });

  it('en: "can I get a refund" and "my card got charged twice" are sent to customer service', async () => {
    const c = conversation(bot, 'en');
    (await c.says('can I get a refund'))
      .says('customer service can')
      .doesNotSay("didn't understand")
      .offers('Talk to a person');
    (await c.says('my card got charged twice'))
      .says('customer service can')
      .doesNotSay('Would you like to talk');
  });

  it('de: greeting and thanks', async () => {
    const c = conversation(bot, 'de');
    (await c.says('Hallo')).says('Wobei kann ich Ihnen helfen?');
    (await c.says('vielen Dank!')).says('Gern geschehen');
  });

  it('en: greeting and thanks', async () => {
    const c = conversation(bot, 'en');
    (await c.says('hello')).says('What can I do for you?');
    (await c.says('thanks a lot')).says("You're welcome");
  });

  it('en: "agent" as the first message hands over straight away', async () => {
    const c = conversation(bot, 'en');
    assert.equal((await c.says('agent')).events('handoff.initiate').length, 1);
  });

  it('de: an empty message and a picture get a clear answer, and the form goes on', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    (await c.sends({ type: 'message', text: '' })).says('Ihre Nachricht war leer', ASKS.de.country);
    (
      await c.sends({
        type: 'message',
        text: '',
        attachments: [{ contentType: 'image/png', contentUrl: 'https://x.invalid/a.png' }],
      })
    ).says('Ich kann nur Text lesen', ASKS.de.country);
    (await c.says('👍')).says('kenne ich nicht als Land');
    (await c.says('Deutschland')).says(ASKS.de.vat);
  });

  it('en: a message answered at once gets the answer, no typing indicator first; typing is never in the transcript', async () => {
    const c = conversation(bot, 'en');
    const r = await c.says('hello');
    assert.equal(r.activities[0]?.type, 'message');
    assert.ok(r.activities.every((a) => a.type !== 'typing'));
    const transcript = await bot.transcripts.getTranscriptActivities('test', c.id);
    assert.ok(transcript.items.length > 0 && transcript.items.every((a) => a.type !== 'typing'));
  });

  it('de: a turn that takes longer than the delay shows "typing" first, then the answer', async () => {
    const slow = new TestAdapter(async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await context.sendActivity('Einen Moment, ich prüfe das.');
    }).use(new TypingIndicatorMiddleware(30));
    await slow
      .send({ type: 'message', text: 'hallo', locale: 'de-DE' })
      .assertReply((a) => assert.equal(a.type, 'typing'))
      .assertReply('Einen Moment, ich prüfe das.');
  });

  it('en: an empty message gets a clear answer', async () => {
    const c = conversation(bot, 'en');
    (await c.sends({ type: 'message', text: '   ' })).says('I received an empty message');
  });
});
