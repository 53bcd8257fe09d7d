import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { requestErasure } from '../middleware/dataErasure';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { sendMenu } from './shared/menus';

export const DELETE_DATA_DIALOG = 'deleteDataDialog';
const ASK = 'deleteDataDialog.ask';

/**
 * "Meine Daten löschen" / "Delete my data": says what will go, asks once, and on a yes has everything deleted
 * when the turn is over (middleware/dataErasure). On a no, the question that was open is asked again.
 */
export class DeleteDataDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(DELETE_DATA_DIALOG);
    this.questions = [new AskDialog(ASK, services)];
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ASK, {
      textKey: 'privacy.confirm',
      choices: [choice('eraseData', 'yes'), choice('keepData', 'no')],
    });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const tr = translatorFor(this.services, step.context);
    if (choiceOf(step) === 'eraseData') {
      requestErasure(step.context);
      await step.context.sendActivity(tr.t('privacy.done'));
      // Nothing is resumed: the conversation's state is about to be deleted.
      return step.cancelAllDialogs(true);
    }
    // Asked in the middle of the form: the question before this one comes again (the router re-prompts).
    const inForm = step.stack.length > 1;
    if (inForm) await step.context.sendActivity(tr.t('privacy.kept'));
    else await sendMenu(step.context, tr, 'privacy.keptMenu');
    return step.endDialog();
  }
}
