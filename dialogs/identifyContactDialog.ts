import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { AskPrompt, answerOf, askOptions, choice } from './prompts/askPrompt';
import { translatorFor, type DialogServices } from './shared/dialogServices';

export const IDENTIFY_CONTACT_DIALOG = 'identifyContactDialog';
const ASK = 'identifyContactDialog.ask';
const FLOW = 'identifyContactDialog.flow';

const optionsSchema = z.object({ recheck: z.boolean().default(false) });
/** 'yes': go on; 'escalate': the user wants customer service; 'done': the user stops here. */
export type IdentifyContactResult = 'yes' | 'escalate' | 'done';

/** Step 1: only the billing contact can change the payment method, so find out who we talk to. */
export class IdentifyContactDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(IDENTIFY_CONTACT_DIALOG);
    this.addDialog(new AskPrompt(ASK, services));
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
    return step.prompt(
      ASK,
      askOptions({
        textKey: recheck ? 'flow.identify.askAgain' : 'flow.identify.ask',
        choices: [choice('yes'), choice('no'), choice('unsure')],
      }),
    );
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = answerOf(step);
    const { recheck } = optionsSchema.parse(step.options ?? {});
    const tr = translatorFor(this.services, step.context);
    const record = await this.services.caseRecord.get(step.context, {});
    await this.services.caseRecord.set(step.context, {
      ...record,
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
    return step.prompt(
      ASK,
      askOptions({ textKey: 'flow.identify.offerAgent', choices: [choice('yes'), choice('noThanks')] }),
    );
  }

  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = answerOf(step);
    if (answer === 'yes') return step.endDialog('escalate' satisfies IdentifyContactResult);
    const tr = translatorFor(this.services, step.context);
    await step.context.sendActivity(tr.t('flow.closing.goodbye'));
    return step.endDialog('done' satisfies IdentifyContactResult);
  }
}
