import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';

export const IDENTIFY_CONTACT_DIALOG = 'identifyContactDialog';
const ASK = 'identifyContactDialog.ask';

const optionsSchema = z.object({ recheck: z.boolean().default(false) });

/** 'yes': go on; 'escalate': the customer wants customer service; 'done': the customer stops here. */
export const identifyContactResultSchema = z.enum(['yes', 'escalate', 'done']);
export type IdentifyContactResult = z.infer<typeof identifyContactResultSchema>;

/** Step 1: only the billing contact can change the payment method, so find out who we talk to. */
export class IdentifyContactDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(IDENTIFY_CONTACT_DIALOG);
    this.questions = [new AskDialog(ASK, services)];
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
    this.addStep(this.offerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { recheck } = optionsSchema.parse(step.options ?? {});
    return step.beginDialog(ASK, {
      textKey: recheck ? 'flow.identify.askAgain' : 'flow.identify.ask',
      choices: [choice('yes', 'yes'), choice('no', 'no'), choice('unsure')],
      slot: 'isBillingContact',
    });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = choiceOf(step);
    const { recheck } = optionsSchema.parse(step.options ?? {});
    const tr = translatorFor(this.services, step.context);
    await this.services.cases.update(step.context, {
      isBillingContact: answer === 'yes' ? 'yes' : answer === 'no' ? 'no' : 'unsure',
    });

    if (answer === 'yes') return step.endDialog('yes' satisfies IdentifyContactResult);
    if (answer === 'unsure' && !recheck) {
      await step.context.sendActivity(
        tr.t('flow.identify.howToCheck', { billingUrl: this.services.portals.online }),
      );
      return step.replaceDialog(IDENTIFY_CONTACT_DIALOG, { recheck: true });
    }
    await step.context.sendActivity(
      tr.t(answer === 'no' ? 'flow.identify.notContact' : 'flow.identify.stillUnsure'),
    );
    return step.beginDialog(ASK, {
      textKey: 'flow.identify.offerAgent',
      choices: [choice('yes', 'yes'), choice('noThanks', 'no')],
    });
  }

  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (choiceOf(step) === 'yes') return step.endDialog('escalate' satisfies IdentifyContactResult);
    const tr = translatorFor(this.services, step.context);
    await step.context.sendActivity(tr.t('flow.closing.goodbye'));
    return step.endDialog('done' satisfies IdentifyContactResult);
  }
}
