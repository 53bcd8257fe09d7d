import {
  TestAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type Storage,
  type TranscriptStore,
} from 'botbuilder';
import { compose, type App, type Overrides } from '../../index';
import { loadConfig } from '../../config/loadConfig';
import { createMemoryEngine } from '../../storage/memoryEngine';
import { NlpjsRecognizer } from '../../nlu/nlpjsRecognizer';
import type { IntentRecognizer } from '../../nlu/recognizer';

let recognizer: Promise<IntentRecognizer> | undefined;
/** Training takes a moment; one model serves every conversation test. */
export function sharedRecognizer(): Promise<IntentRecognizer> {
  recognizer ??= NlpjsRecognizer.train();
  return recognizer;
}

export interface TestBot {
  app: App;
  adapter: TestAdapter;
  storage: Storage;
  transcripts: TranscriptStore;
  /** Everything the bot sent, in order, across all conversations. */
  sent: Partial<Activity>[];
}

/** The composed bot (same middleware, dialogs and services as production) on botbuilder's TestAdapter. */
export async function createTestBot(
  env: NodeJS.ProcessEnv = {},
  overrides: Overrides = {},
): Promise<TestBot> {
  const engine = overrides.engine ?? createMemoryEngine();
  const { storage, transcripts } = engine;
  // The protocol gateway unless a test asks for the desk: its handoff.initiate event carries what an agent sees.
  const app = await compose(loadConfig({ STORAGE: 'memory', HANDOFF_GATEWAY: 'protocol', ...env }), {
    recognizer: await sharedRecognizer(),
    ...overrides,
    engine,
  });
  const adapter = new TestAdapter(async (context) => app.bot.run(context));
  for (const m of app.middleware) adapter.use(m);
  adapter.onTurnError = app.onTurnError;
  // The desk's proactive messages run through the same adapter; tests read them from its queue.
  // (TestAdapter has no continueConversation: a continuation event through its pipeline does the same.)
  app.proactive.connect({
    continueConversation: async (reference, logic) => {
      const activity = TurnContext.applyConversationReference(
        { type: 'event', name: 'ContinueConversation' },
        reference as unknown as Partial<ConversationReference>,
        true,
      );
      await adapter.processActivity(activity, logic);
    },
  });
  return { app, adapter, storage, transcripts, sent: [] };
}
