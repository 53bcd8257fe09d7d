/**
 * The recognizers botbuilder-dialogs loads and this bot never calls are loaded at their first use
 * (server/lazyPackages.ts): the framework's own prompts still recognise what they did, and app credentials
 * still get their token client.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import '../../server/lazyPackages';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { DateTimePrompt, DialogSet, DialogTurnStatus, PromptCultureModels } from 'botbuilder-dialogs';

describe('packages loaded at their first use', () => {
  it('the prompts’ culture table reads as before, and a DateTimePrompt still understands "tomorrow at 10am"', async () => {
    assert.equal(PromptCultureModels.German.locale, 'de-de');
    assert.equal(PromptCultureModels.English.locale, 'en-us');
    const state = new ConversationState(new MemoryStorage());
    const dialogs = new DialogSet(state.createProperty('dialogs'));
    dialogs.add(new DateTimePrompt('when'));
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.prompt('when', 'When?');
      else if (result.status === DialogTurnStatus.complete)
        await context.sendActivity(`type ${(result.result as Array<{ type?: string }>)[0]?.type}`);
      await state.saveChanges(context);
    });
    await adapter.send('hi').assertReply('When?').send('tomorrow at 10am').assertReply('type datetime');
  });

  it('botframework-connector still builds an msal-node client for an app with a password', () => {
    const fromConnector = createRequire(require.resolve('botframework-connector'));
    const msal = fromConnector('@azure/msal-node') as typeof import('@azure/msal-node');
    const app = new msal.ConfidentialClientApplication({
      auth: {
        clientId: '00000000-0000-4000-8000-000000000001',
        clientSecret: 'not-a-real-secret',
        authority: 'https://login.microsoftonline.com/botframework.com',
      },
    });
    assert.equal(typeof app.acquireTokenByClientCredential, 'function');
    assert.ok(app instanceof msal.ConfidentialClientApplication);
  });
});
