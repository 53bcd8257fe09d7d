import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../domain/accountKind';
import { COLLECT_DETAILS_DIALOG, CollectDetailsDialog, type CollectOptions } from './collectDetailsDialog';
import { CONFIRM_DETAILS_DIALOG, ConfirmDetailsDialog } from './confirmDetailsDialog';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationOptions } from './escalationDialog';
import { IDENTIFY_CONTACT_DIALOG, IdentifyContactDialog } from './identifyContactDialog';
import { OUTCOME_DIALOG, OutcomeDialog } from './outcomeDialog';
import { PICK_PORTAL_DIALOG, PickPortalDialog } from './pickPortalDialog';
import { PORTAL_GUIDE_DIALOG, PortalGuideDialog, type PortalGuideOptions } from './portalGuideDialog';
import type { DialogServices } from './shared/dialogServices';

export const PAYMENT_CHANGE_DIALOG = 'paymentChangeDialog';
const FLOW = 'paymentChangeDialog.flow';

const valuesSchema = z.object({ kind: z.enum(ACCOUNT_KINDS) });

/** The payment-method flow of DESIGN.md: contact, portal, guide, collect, confirm, outcome. */
export class PaymentChangeDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(PAYMENT_CHANGE_DIALOG);
    this.addDialog(new IdentifyContactDialog(services));
    this.addDialog(new PickPortalDialog(services));
    this.addDialog(new PortalGuideDialog(services));
    this.addDialog(new CollectDetailsDialog(services));
    this.addDialog(new ConfirmDetailsDialog(services));
    this.addDialog(new OutcomeDialog(services));
    this.addDialog(new EscalationDialog(services));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.identifyStep.bind(this),
        this.portalStep.bind(this),
        this.guideStep.bind(this),
        this.collectStep.bind(this),
        this.confirmStep.bind(this),
        this.outcomeStep.bind(this),
        this.finishStep.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private kind(step: WaterfallStepContext): AccountKind {
    return valuesSchema.parse(step.values).kind;
  }

  private async identifyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // A new change starts from a clean form; the language stays with the user.
    await this.services.caseRecord.set(step.context, {});
    return step.beginDialog(IDENTIFY_CONTACT_DIALOG);
  }

  private async portalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = z.enum(['yes', 'escalate', 'done']).parse(step.result);
    if (result === 'done') return step.endDialog();
    if (result === 'escalate') {
      const options: EscalationOptions = { reason: 'notBillingContact' };
      return step.replaceDialog(ESCALATION_DIALOG, options);
    }
    return step.beginDialog(PICK_PORTAL_DIALOG);
  }

  private async guideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const kind = z.enum(ACCOUNT_KINDS).parse(step.result);
    Object.assign(step.values, { kind });
    const options: PortalGuideOptions = { kind };
    return step.beginDialog(PORTAL_GUIDE_DIALOG, options);
  }

  private async collectStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== 'check') return step.next(false);
    const options: CollectOptions = { kind: this.kind(step) };
    return step.beginDialog(COLLECT_DETAILS_DIALOG, options);
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === false) return step.next();
    return step.beginDialog(CONFIRM_DETAILS_DIALOG, { kind: this.kind(step) });
  }

  private async outcomeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(OUTCOME_DIALOG);
  }

  private async finishStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === 'notWorked') {
      const options: EscalationOptions = { reason: 'selfServiceFailed' };
      return step.replaceDialog(ESCALATION_DIALOG, options);
    }
    return step.endDialog();
  }
}
