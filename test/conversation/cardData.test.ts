import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES, conversation, reachCountryQuestion } from '../helpers/scripts';

const CARD_DIGITS = [
  '4111111111111111',
  '4111 1111 1111 1111',
  '1111 1111',
  '5500000000000004',
  '5500-0000-0000-0004',
];

async function everythingStored(bot: TestBot, conversationId: string, userId: string): Promise<string> {
  const state = await bot.storage.read([`test/conversations/${conversationId}/`, `test/users/${userId}/`]);
  const transcript = await bot.transcripts.getTranscriptActivities('test', conversationId);
  return JSON.stringify(state) + JSON.stringify(transcript.items);
}

function assertNoCardData(where: string, text: string): void {
  for (const digits of CARD_DIGITS) assert.ok(!text.includes(digits), `${where} must not hold "${digits}"`);
}

describe('conversation: card data typed by mistake is caught, never echoed, stored, logged or handed over', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: a card number in an attachment (text, file name, card) reaches no reply, state, transcript or handoff`, async () => {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      const r = await c.sends({
        type: 'message',
        text: '',
        attachments: [
          {
            contentType: 'text/plain',
            name: 'karte 4111 1111 1111 1111.txt',
            content: 'Karte 5500-0000-0000-0004',
          },
          {
            contentType: 'image/png',
            name: 'scan.png',
            contentUrl: 'https://files.example/4111111111111111.png',
          },
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              body: [{ type: 'TextBlock', text: 'Card 4111 1111 1111 1111' }],
            },
          },
        ],
        channelData: { note: 'paste 4111111111111111' },
        entities: [{ type: 'clientInfo', text: '4111-1111-1111-1111' }],
      });
      r.says(lang === 'de' ? 'keine Kartennummern' : "don't send card numbers", ASKS[lang].country);
      const handoff = await c.says(lang === 'de' ? 'Mitarbeiter' : 'agent');
      assert.equal(handoff.events('handoff.initiate').length, 1);
      assertNoCardData('the replies', bot.sent.map((a: Partial<Activity>) => JSON.stringify(a)).join('\n'));
      assertNoCardData('state and transcript', await everythingStored(bot, c.id, `user-${c.id}`));
      assertNoCardData('the handoff', JSON.stringify(handoff.events('handoff.initiate')));
    });
  }

  it('de: a card number mid-form is removed, the user is told where to enter it, and the question comes again', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    const r = await c.says('meine neue Karte ist 4111 1111 1111 1111');
    r.says('Bitte senden Sie keine Kartennummern', 'Abrechnung', 'Machen wir weiter', ASKS.de.country);
    // The CVV that often follows is caught too.
    (await c.says('123')).says('keine Kartennummern oder Sicherheitscodes');
    (await c.says('Deutschland')).says(ASKS.de.vat);
    (await c.says(LINES.de.vat)).says(ASKS.de.company);
    const handoff = await c.says('Mitarbeiter');
    assertNoCardData('the replies', bot.sent.map((a: Partial<Activity>) => JSON.stringify(a)).join('\n'));
    assertNoCardData('state and transcript', await everythingStored(bot, c.id, `user-${c.id}`));
    assertNoCardData('the handoff', JSON.stringify(handoff.events('handoff.initiate')));
    const state = await everythingStored(bot, c.id, `user-${c.id}`);
    assert.ok(!/"text":"123"/.test(state), 'the CVV is not in the transcript');
    // The customer chats in German: where the number was, the transcript (and an agent) reads "[entfernt]".
    assert.ok(
      state.includes('meine neue Karte ist [entfernt]'),
      'the transcript shows in German what was removed',
    );
    assert.ok(!state.includes('[redacted]'), 'no English marker in a German conversation');
  });

  it('en: a card number with dashes and a named CVV are removed', async () => {
    const c = conversation(bot, 'en');
    await reachCountryQuestion(c, 'en', 'online');
    await c.says('Germany');
    await c.says('DE136695976');
    await c.says('Acme Ltd');
    await c.says('jane@acme.example');
    const r = await c.says('just charge 5500-0000-0000-0004, cvv 321');
    r.says("Please don't send card numbers or security codes", ASKS.en.method);
    assertNoCardData('the replies', r.text);
    assert.ok(!r.text.includes('321'));
    const stored = await everythingStored(bot, c.id, `user-${c.id}`);
    assertNoCardData('state and transcript', stored);
    assert.ok(stored.includes('just charge [redacted], cvv [redacted]'), 'marked in English');
    (await c.says('credit card')).says(ASKS.en.confirm);
  });

  it('en: a card number as the first message gets the warning and the menu', async () => {
    const c = conversation(bot, 'en');
    const r = await c.says('4111111111111111');
    r.says("Please don't send card numbers", ASKS.en.menu);
    assertNoCardData('state and transcript', await everythingStored(bot, c.id, `user-${c.id}`));
  });

  it('de: "meine neue Karte ist <Nummer>, bitte ändern" gets the warning, then the change starts without the number', async () => {
    const c = conversation(bot, 'de');
    const r = await c.says('meine neue Kreditkarte ist 4111 1111 1111 1111, bitte hinterlegen');
    r.says('Bitte senden Sie', ASKS.de.billingContact);
    assertNoCardData('the replies', r.text);
    assertNoCardData('state and transcript', await everythingStored(bot, c.id, `user-${c.id}`));
  });

  it('de: ordinary numbers (a VAT ID, an invoice number) are not mistaken for card data', async () => {
    const c = conversation(bot, 'de');
    await reachCountryQuestion(c, 'de', 'online');
    await c.says('Deutschland');
    (await c.says('DE136695976')).doesNotSay('Kartennummern').says(ASKS.de.company);
  });
});
