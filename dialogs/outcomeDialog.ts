import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { AskPrompt, answerOf, askOptions, choice } from './prompts/askPrompt';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import { RELATED_TOPICS, sendMenu } from './shared/menus';

export const OUTCOME_DIALOG = 'outcomeDialog';
const ASK = 'outcomeDialog.ask';
const FLOW = 'outcomeDialog.flow';

export type Outcome = 'worked' | 'notWorked';

/** Step 6: did it work? A close with related topics, or (by the caller) escalation. */
export class OutcomeDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(OUTCOME_DIALOG);
    this.addDialog(new AskPrompt(ASK, services));
    this.addDialog(new WaterfallDialog(FLOW, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      ASK,
      askOptions({ textKey: 'flow.outcome.ask', choices: [choice('worked'), choice('notWorked')] }),
    );
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const outcome: Outcome = answerOf(step) === 'worked' ? 'worked' : 'notWorked';
    const record = await this.services.caseRecord.get(step.context, {});
    await this.services.caseRecord.set(step.context, { ...record, outcome });
    const tr = translatorFor(this.services, step.context);
    if (outcome === 'worked') await sendMenu(step.context, tr, 'flow.outcome.worked', RELATED_TOPICS);
    else await step.context.sendActivity(tr.t('flow.outcome.notWorked'));
    return step.endDialog(outcome);
  }
}
