import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { HANDOFF_REASONS, type HandoffContext } from '../handoff/handoffContext';
import { contactOptionsText } from './shared/contactOptions';
import { translatorFor, type DialogServices } from './shared/dialogServices';

export const ESCALATION_DIALOG = 'escalationDialog';
const FLOW = 'escalationDialog.flow';

export const escalationOptionsSchema = z.object({ reason: z.enum(HANDOFF_REASONS) });
export type EscalationOptions = z.infer<typeof escalationOptionsSchema>;

/**
 * Contact options for the customer's language and account kind, then a handoff to a live agent with
 * everything collected so far (the gateway decides how the agent side receives it).
 */
export class EscalationDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(ESCALATION_DIALOG);
    this.addDialog(new WaterfallDialog(FLOW, [this.handOffStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async handOffStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { reason } = escalationOptionsSchema.parse(step.options);
    const tr = translatorFor(this.services, step.context);
    const record = await this.services.cases.get(step.context);
    await step.context.sendActivity(contactOptionsText(this.services, tr, record.accountKind));
    const handoffContext: HandoffContext = {
      reason,
      language: tr.language,
      accountKind: record.accountKind,
      fields: record,
      requestedAt: new Date().toISOString(),
    };
    await this.services.handoff.initiate(step.context, handoffContext);
    await this.services.handoffSessions.opened(step.context);
    await step.context.sendActivity(tr.t('escalation.handoffStarted'));
    return step.endDialog();
  }
}
