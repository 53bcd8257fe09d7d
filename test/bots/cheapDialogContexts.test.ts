import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogSet,
  WaterfallDialog,
  type DialogContext,
  type DialogEvent,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import '../../bots/cheapDialogContexts';
import { PaymentAssistantBot } from '../../bots/paymentAssistantBot';

describe('dialog contexts built cheaply', () => {
  it('a path a dialog watches is still marked when it changes', async () => {
    const state = new ConversationState(new MemoryStorage());
    const dialogs = new DialogSet(state.createProperty('dialogs'));
    const seen: boolean[] = [];
    dialogs.add(
      new WaterfallDialog('watching', [
        async (step: WaterfallStepContext) => {
          step.state.setValue('dialog.eventCounter', 5);
          const paths = step.state.trackPaths(['dialog.answer']);
          seen.push(step.state.anyPathChanged(0, paths));
          step.state.setValue('dialog.answer', 42);
          seen.push(step.state.anyPathChanged(0, paths));
          return step.endDialog();
        },
      ]),
    );
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      await dc.beginDialog('watching');
      await state.saveChanges(context);
    });
    await adapter.send('hello');
    assert.deepEqual(seen, [false, true]);
  });
});

describe('the bot and the activity announcement', () => {
  it('announces an activity to the dialogs only on the first turn of a process (no dialog listens)', async () => {
    const conversationState = new ConversationState(new MemoryStorage());
    const userState = new UserState(new MemoryStorage());
    const events: string[] = [];
    class Listening extends ComponentDialog {
      constructor() {
        super('root');
        this.addDialog(
          new WaterfallDialog('ask', [async () => Dialog.EndOfTurn, async (step) => step.endDialog()]),
        );
      }
      protected async onPreBubbleEvent(_dc: DialogContext, event: DialogEvent): Promise<boolean> {
        events.push(event.name);
        return false;
      }
    }
    const bot = new PaymentAssistantBot({
      conversationState,
      userState,
      dialogState: conversationState.createProperty<DialogState>('dialogState'),
      rootDialog: new Listening(),
    });
    const adapter = new TestAdapter((context) => bot.run(context));
    for (const text of ['one', 'two', 'three', 'four']) await adapter.send(text);
    assert.ok(events.filter((e) => e === 'activityReceived').length <= 1, events.join(', '));
  });
});
