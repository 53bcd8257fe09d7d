import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';

export const IDENTIFY_CONTACT_DIALOG = 'identifyContactDialog';
const ASK = 'identifyContactDialog.ask';
const FLOW = 'identifyContactDialog.flow';

const optionsSchema = z.object({ recheck: z.boolean().default(false) });

/** 'yes': go on; 'escalate': the customer wants customer service; 'done': the customer stops here. */
export const identifyContactResultSchema = z.enum(['yes', 'escalate', 'done']);
export type IdentifyContactResult = z.infer<typeof identifyContactResultSchema>;

/** Step 1: only the billing contact can change the payment method, so find out who we talk to. */
export class IdentifyContactDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(IDENTIFY_CONTACT_DIALOG);
    this.addDialog(new AskDialog(ASK, services));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.askStep.bind(this),
        this.answerStep.bind(this),
        this.offerStep.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
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
      // The waterfall, not the component: the component's own set must hold what runs inside it, or
      // botbuilder cannot find the dialog to reprompt it (help, a language switch, a resume).
      return step.replaceDialog(FLOW, { recheck: true });
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
