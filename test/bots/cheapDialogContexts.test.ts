import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { DialogSet, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import '../../bots/cheapDialogContexts';

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
