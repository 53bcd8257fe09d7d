/**
 * The recognizers botbuilder-dialogs loads and this bot never calls are loaded at their first use
 * (server/lazyPackages.ts): the framework's own prompts still recognise what they did, and app credentials
 * still get their token client; the file transcript store and the skill client work.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import '../../server/lazyPackages';
import { ConversationState, FileTranscriptStore, MemoryStorage, TestAdapter } from 'botbuilder';
import {
  ChoicePrompt,
  DateTimePrompt,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  PromptCultureModels,
} from 'botbuilder-dialogs';

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

  it('a ChoicePrompt still takes "the second one" and "3" (the number recognizer)', async () => {
    const state = new ConversationState(new MemoryStorage());
    const dialogs = new DialogSet(state.createProperty('dialogs'));
    const prompt = new ChoicePrompt('pick', undefined, 'en-us');
    prompt.style = ListStyle.none;
    dialogs.add(prompt);
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty)
        await dc.prompt('pick', { prompt: 'Which?', choices: ['PayPal', 'Credit card', 'Direct debit'] });
      else if (result.status === DialogTurnStatus.complete)
        await context.sendActivity(`picked ${(result.result as { value: string }).value}`);
      await state.saveChanges(context);
    });
    await adapter.send('hi').assertReply('Which?').send('the second one').assertReply('picked Credit card');
    await adapter.send('hi').assertReply('Which?').send('3').assertReply('picked Direct debit');
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

  it('loading the whole bot loads none of the deferred packages, one zod 3 of the five copies and zod’s English only', function () {
    this.timeout(60_000);
    const script = `
      require('./index.ts');
      const loaded = Object.keys(require.cache).map((f) => f.replace(/\\\\/g, '/'));
      const names = ['recognizers-text-date-time', 'recognizers-text-number', 'msal-node', 'jsonwebtoken', 'node-fetch', 'axios',
        'fs-extra', 'http-signature', 'sshpk', 'csv'];
      const zodCopies = new Set(loaded.map((f) => /^(.*\\/node_modules\\/zod)\\//.exec(f)?.[1]).filter(Boolean));
      console.log(JSON.stringify({
        deferred: names.filter((n) => loaded.some((f) => f.includes('/node_modules/' + n + '/'))),
        zodCopies: zodCopies.size,
        zodLocales: loaded.filter((f) => f.includes('/node_modules/zod/v4/locales/')).map((f) => f.split('/').pop()),
      }));`;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    // Ours (zod 4) and one of the identical zod 3 copies nested under the framework's packages.
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), {
      deferred: [],
      zodCopies: 2,
      zodLocales: ['en.cjs'],
    });
  });

  it('botbuilder’s file transcript store still writes and reads a transcript (fs-extra)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transcripts-'));
    try {
      const store = new FileTranscriptStore(dir);
      await store.logActivity({
        type: 'message',
        text: 'hallo',
        channelId: 'test',
        id: '1',
        timestamp: new Date(),
        conversation: { id: 'c1' },
        from: { id: 'u1' },
        recipient: { id: 'bot' },
      } as never);
      const page = await store.getTranscriptActivities('test', 'c1');
      assert.equal(page.items[0]?.text, 'hallo');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('botframework-connector’s skill client still has axios behind it', () => {
    const fromConnector = createRequire(require.resolve('botframework-connector'));
    const axios = (fromConnector('axios') as { default: { create: unknown } }).default;
    assert.equal(typeof axios.create, 'function');
  });
});
