import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationOptions } from './escalationDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import { sendMenu } from './shared/menus';

export const OFFER_AGENT_DIALOG = 'offerAgentDialog';
const ASK = 'offerAgentDialog.ask';
const FLOW = 'offerAgentDialog.flow';

/** Not understood twice in a row: offer customer service, and hand over if the customer wants it. */
export class OfferAgentDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(OFFER_AGENT_DIALOG);
    this.addDialog(new AskDialog(ASK, services));
    this.addDialog(new EscalationDialog(services));
    this.addDialog(new WaterfallDialog(FLOW, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = FLOW;
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
