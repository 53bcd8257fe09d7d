import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { COLLECT_DETAILS_DIALOG } from './collectDetailsDialog';
import { CONFIRM_DETAILS_DIALOG } from './confirmDetailsDialog';
import { ESCALATION_DIALOG, type EscalationOptions } from './escalationDialog';
import { IDENTIFY_CONTACT_DIALOG, identifyContactResultSchema } from './identifyContactDialog';
import { OUTCOME_DIALOG, outcomeResultSchema } from './outcomeDialog';
import { PICK_PORTAL_DIALOG, pickPortalResultSchema } from './pickPortalDialog';
import { PORTAL_GUIDE_DIALOG, portalGuideResultSchema, type PortalGuideOptions } from './portalGuideDialog';
import type { DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { recordStep } from './shared/insightSteps';

export const PAYMENT_CHANGE_DIALOG = 'paymentChangeDialog';

/** Where a conversation saved by an earlier version goes on (see RouterDialog: after an upgrade). */
export const RESUME_STAGES = ['guide', 'collect', 'confirm', 'outcome'] as const;
export const paymentChangeOptionsSchema = z.object({ resumeAt: z.enum(RESUME_STAGES).optional() });
export type PaymentChangeOptions = z.infer<typeof paymentChangeOptionsSchema>;

const after = (stage: PaymentChangeOptions['resumeAt'], than: (typeof RESUME_STAGES)[number]): boolean =>
  stage !== undefined && RESUME_STAGES.indexOf(stage) > RESUME_STAGES.indexOf(than);

/**
 * The payment-method flow of DESIGN.md: contact, portal, guide, details, summary, outcome. A step whose
 * fact the case already holds (the customer said it in their first message) is passed over.
 */
export class PaymentChangeDialog extends WaterfallDialog implements FlowDialog {
  /** Its parts (contact, portal, guide, details, summary, outcome, escalation) sit beside it in the router's set. */
  readonly questions: Dialog[] = [];

  constructor(private readonly services: DialogServices) {
    super(PAYMENT_CHANGE_DIALOG);
    this.addStep(this.identifyStep.bind(this));
    this.addStep(this.portalStep.bind(this));
    this.addStep(this.guideStep.bind(this));
    this.addStep(this.collectStep.bind(this));
    this.addStep(this.confirmStep.bind(this));
    this.addStep(this.outcomeStep.bind(this));
    this.addStep(this.finishStep.bind(this));
  }

  private options(step: WaterfallStepContext): PaymentChangeOptions {
    return paymentChangeOptionsSchema.parse(step.options ?? {});
  }

  private async identifyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // A conversation resumed after an upgrade started long ago.
    if (this.options(step).resumeAt === undefined)
      await recordStep(this.services, step.context, { kind: 'started' });
    const record = await this.services.cases.get(step.context);
    if (record.isBillingContact === 'yes') return step.next('yes');
    return step.beginDialog(IDENTIFY_CONTACT_DIALOG);
  }

  private async portalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = identifyContactResultSchema.parse(step.result);
    if (result === 'done') return step.endDialog();
    if (result === 'escalate') {
      const options: EscalationOptions = { reason: 'notBillingContact' };
      return step.replaceDialog(ESCALATION_DIALOG, options);
    }
    const record = await this.services.cases.get(step.context);
    if (record.accountKind) return step.next(record.accountKind);
    return step.beginDialog(PICK_PORTAL_DIALOG);
  }

  private async guideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const kind = pickPortalResultSchema.parse(step.result);
    if (after(this.options(step).resumeAt, 'guide')) return step.next('check');
    const options: PortalGuideOptions = { kind };
    return step.beginDialog(PORTAL_GUIDE_DIALOG, options);
  }

  private async collectStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = portalGuideResultSchema.parse(step.result);
    if (result === 'skip') return step.next(false);
    if (after(this.options(step).resumeAt, 'confirm')) return step.next(false);
    return step.beginDialog(COLLECT_DETAILS_DIALOG);
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === false) return step.next();
    return step.beginDialog(CONFIRM_DETAILS_DIALOG);
  }

  private async outcomeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(OUTCOME_DIALOG);
  }

  private async finishStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (outcomeResultSchema.parse(step.result) === 'notWorked') {
      const options: EscalationOptions = { reason: 'selfServiceFailed' };
      return step.replaceDialog(ESCALATION_DIALOG, options);
    }
    return step.endDialog();
  }
}
