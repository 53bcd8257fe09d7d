import { Conversation } from '../helpers/conversation';
import { createTestBot } from '../helpers/testBot';

describe('smoke', () => {
  it('runs a German online flow', async () => {
    const bot = await createTestBot();
    const c = new Conversation(bot, 'de-DE');
    for (const line of [null, 'Zahlungsmethode ändern', 'ja', 'Online-Konto', 'Angaben prüfen', 'Deutschland', 'DE136695976', 'Muster GmbH', 'max@muster.de', 'Lastschrift', 'PayPal', 'Alles korrekt', 'Ja, hat geklappt']) {
      const r = line === null ? await c.join() : await c.says(line);
      console.log(`\n>>> ${line}\n${r.text}\n   [${r.suggestions.join(' | ')}] ${r.attachments.length ? '(card)' : ''}`);
    }
  });
});
