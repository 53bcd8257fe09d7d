import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { newCaseReference } from '../handoff/caseReference';
import { HANDOFF_REASONS, type HandoffContext } from '../handoff/handoffContext';
import { contactOptionsText } from './shared/contactOptions';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';

export const ESCALATION_DIALOG = 'escalationDialog';

export const escalationOptionsSchema = z.object({ reason: z.enum(HANDOFF_REASONS) });
export type EscalationOptions = z.infer<typeof escalationOptionsSchema>;

/**
 * Hands the conversation to a person with everything collected so far and a case reference. With a
 * contact-centre product (the handoff protocol) the customer gets the contact options and waits for it;
 * with the built-in desk they join its queue, or hear that nobody is available and how to reach us.
 */
export class EscalationDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[] = [];

  constructor(private readonly services: DialogServices) {
    super(ESCALATION_DIALOG);
    this.addStep(this.handOffStep.bind(this));
  }

  private async handOffStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { reason } = escalationOptionsSchema.parse(step.options);
    const { context } = step;
    const tr = translatorFor(this.services, context);
    const record = await this.services.cases.get(context);
    const handoffContext: HandoffContext = {
      caseReference: newCaseReference(),
      reason,
      language: tr.language,
      accountKind: record.accountKind,
      isBillingContact: record.isBillingContact,
      fields: record,
      requestedAt: new Date().toISOString(),
    };
    const ref = handoffContext.caseReference;
    this.services.insights.record(context, {
      kind: 'escalated',
      reason,
      language: tr.language,
      accountKind: record.accountKind,
    });
    const contacts = contactOptionsText(this.services, tr, record.accountKind);
    if (this.services.handoff.kind === 'protocol') await context.sendActivity(contacts);
    const outcome = await this.services.handoff.initiate(context, handoffContext);
    switch (outcome.kind) {
      case 'sent':
        await this.services.handoffSessions.opened(context, { gateway: 'protocol', caseReference: ref });
        await context.sendActivity(tr.t('escalation.handoffStarted'));
        break;
      case 'queued':
        await this.services.handoffSessions.opened(context, { gateway: 'desk', caseReference: ref });
        await context.sendActivity(tr.t('escalation.desk.queued', { position: outcome.position, ref }));
        break;
      case 'unavailable':
        await context.sendActivity(
          `${tr.t(`escalation.desk.missed.${outcome.reason}`, { ref })}\n\n${contacts}`,
        );
        break;
    }
    return step.endDialog();
  }
}
