import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { FOLLOW_UP_TOPICS } from '../nlu/topics';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { recordStep } from './shared/insightSteps';
import { sendMenu } from './shared/menus';

export const OUTCOME_DIALOG = 'outcomeDialog';
const ASK = 'outcomeDialog.ask';

export const outcomeResultSchema = z.enum(['worked', 'notWorked']);
export type Outcome = z.infer<typeof outcomeResultSchema>;

/** Step 6: did it work? A close with related topics, or (by the caller) escalation. */
export class OutcomeDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(OUTCOME_DIALOG);
    this.questions = [new AskDialog(ASK, services)];
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ASK, {
      textKey: 'flow.outcome.ask',
      choices: [choice('worked', 'yes'), choice('notWorked', 'no')],
    });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const outcome: Outcome = choiceOf(step) === 'worked' ? 'worked' : 'notWorked';
    await this.services.cases.update(step.context, { outcome });
    await recordStep(this.services, step.context, { kind: 'outcome', worked: outcome === 'worked' });
    const tr = translatorFor(this.services, step.context);
    if (outcome === 'worked') {
      // A few topics and a way to say no: the rest is a question away (and in "Hilfe").
      const { accountKind } = await this.services.cases.get(step.context);
      await sendMenu(step.context, tr, 'flow.outcome.worked', FOLLOW_UP_TOPICS[accountKind ?? 'online'], [
        tr.t('choices.noThanks.label'),
      ]);
    } else await step.context.sendActivity(tr.t('flow.outcome.notWorked'));
    return step.endDialog(outcome);
  }
}
