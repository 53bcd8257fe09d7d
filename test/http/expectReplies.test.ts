import assert from 'node:assert/strict';
import { removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';

/** A client that reads the replies from the HTTP response (deliveryMode expectReplies) and has no serviceUrl to call. */
describe('http: deliveryMode expectReplies', () => {
  let bot: BotProcess;
  before(async () => (bot = await startBot()));
  after(async () => {
    await bot.stop('SIGTERM');
    removeTempDirs();
  });

  async function say(text: string, locale: string, conversationId: string) {
    const res = await fetch(bot.messagesUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text,
        locale,
        deliveryMode: 'expectReplies',
        channelId: 'directline',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: conversationId },
        from: { id: `user-${conversationId}` },
        recipient: { id: 'bot' },
      }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { activities: { type: string; text?: string }[] };
    return body.activities
      .filter((a) => a.type === 'message')
      .map((a) => a.text ?? '')
      .join('\n');
  }

  it('de: the replies come back in the response body, turn after turn', async () => {
    const id = `exp-de-${Date.now()}`;
    assert.match(await say('Zahlungsmethode ändern', 'de-DE', id), /Sind Sie der \*\*Abrechnungskontakt\*\*/);
    assert.match(await say('ja', 'de-DE', id), /Welche Art von Konto haben Sie/);
  });

  it('en: the replies come back in the response body', async () => {
    const id = `exp-en-${Date.now()}`;
    const reply = await say('I want to update our credit card', 'en-US', id);
    assert.match(reply, /are you the \*\*billing contact\*\*/);
    assert.doesNotMatch(reply, /something went wrong/);
  });
});
