import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { requestErasure } from '../middleware/dataErasure';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import { sendMenu } from './shared/menus';

export const DELETE_DATA_DIALOG = 'deleteDataDialog';
const ASK = 'deleteDataDialog.ask';
const FLOW = 'deleteDataDialog.flow';

/**
 * "Meine Daten löschen" / "Delete my data": says what will go, asks once, and on a yes has everything deleted
 * when the turn is over (middleware/dataErasure). On a no, the question that was open is asked again.
 */
export class DeleteDataDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(DELETE_DATA_DIALOG);
    this.addDialog(new AskDialog(ASK, services));
    this.addDialog(new WaterfallDialog(FLOW, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = FLOW;
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
    // Asked in the middle of the form: the question before this one comes again (the parent re-prompts).
    const inForm = (step.parent?.stack.length ?? 0) > 1;
    if (inForm) await step.context.sendActivity(tr.t('privacy.kept'));
    else await sendMenu(step.context, tr, 'privacy.keptMenu');
    return step.endDialog();
  }
}
