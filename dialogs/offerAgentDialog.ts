import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { ESCALATION_DIALOG, type EscalationOptions } from './escalationDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { sendMenu } from './shared/menus';

export const OFFER_AGENT_DIALOG = 'offerAgentDialog';
const ASK = 'offerAgentDialog.ask';

/** Not understood twice in a row: offer customer service, and hand over if the customer wants it. */
export class OfferAgentDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(OFFER_AGENT_DIALOG);
    this.questions = [new AskDialog(ASK, services)];
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ASK, {
      textKey: 'general.notUnderstoodAgain',
      choices: [choice('yes', 'yes'), choice('noThanks', 'no')],
    });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (choiceOf(step) === 'yes') {
      const options: EscalationOptions = { reason: 'notUnderstood' };
      return step.replaceDialog(ESCALATION_DIALOG, options);
    }
    await sendMenu(step.context, translatorFor(this.services, step.context), 'flow.closing.goodbye');
    return step.endDialog();
  }
}
