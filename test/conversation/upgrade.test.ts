import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { StoreItems } from 'botbuilder';
import { createMemoryEngine } from '../../storage/memoryEngine';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES } from '../helpers/scripts';
import { Conversation } from '../helpers/conversation';

interface Saved {
  conversationId: string;
  state: StoreItems;
}

/** Conversations saved by the version before the declared slots (test/fixtures/README.md). */
const saved = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'savedConversations-0.1.json'), 'utf8'),
) as Record<string, Saved>;

/**
 * A new version of the dialogs must not lose what a customer typed before the upgrade: the saved
 * conversation goes on at the question it was at, with every answer kept.
 */
describe('conversation: a conversation saved by the previous version goes on after the upgrade', () => {
  async function restore(name: string, locale: string): Promise<{ bot: TestBot; c: Conversation }> {
    const engine = createMemoryEngine();
    await engine.storage.write(structuredClone(saved[name].state));
    const bot = await createTestBot({}, { engine });
    return { bot, c: new Conversation(bot, locale, 'test', saved[name].conversationId) };
  }

  it('de: at the company question, the answer is taken, and country and VAT ID are not asked again', async () => {
    const { c } = await restore('deOnlineAtCompany', 'de-DE');
    const reply = await c.says('Muster GmbH');
    reply.says(ASKS.de.email).doesNotSay(ASKS.de.country, ASKS.de.vat, 'schiefgelaufen');
    (await c.says(LINES.de.email)).says(ASKS.de.method);
    const summary = await c.says('PayPal');
    const shown = JSON.stringify(summary.attachments);
    for (const fact of ['Deutschland', 'DE136695976', 'Muster GmbH', 'max@muster.de', 'PayPal'])
      assert.ok(shown.includes(fact), `summary should show ${fact}: ${shown}`);
  });

  it('en: at the summary, "all correct" is taken and the customer hears what to enter where', async () => {
    const { c } = await restore('enCorporateAtSummary', 'en-US');
    const reply = await c.says(LINES.en.confirm);
    reply.says('jane.doe', 'DE136695976', ASKS.en.outcome).doesNotSay('went wrong');
  });

  it('en: at the summary, the help page resume shows the summary again', async () => {
    const { c } = await restore('enCorporateAtSummary', 'en-US');
    const reply = await c.sends({ type: 'event', name: 'webchat/resume' });
    reply.says('Welcome back', ASKS.en.confirm);
  });

  it('de: at the account question, "Unternehmenskonto" answers it and the guide follows', async () => {
    const { c } = await restore('deAtAccountKind', 'de-DE');
    (await c.says(LINES.de.corporate))
      .says('Zahlungsprofil', ASKS.de.offerCheck)
      .doesNotSay(ASKS.de.billingContact);
  });
});
