import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../domain/accountKind';
import type { CaseRecord } from '../domain/caseRecord';
import { AskDialog, choice, choiceOf } from './ask/askDialog';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';

export const PICK_PORTAL_DIALOG = 'pickPortalDialog';
const ASK = 'pickPortalDialog.ask';

/** The kind of account; the case holds it too, with the reason. */
export const pickPortalResultSchema = z.enum(ACCOUNT_KINDS);

type Reason = NonNullable<CaseRecord['accountKindReason']>;
const DECISION_MESSAGE: Record<Exclude<Reason, 'stated'>, string> = {
  invoicePdf: 'flow.portal.decidedCorporateInvoices',
  representative: 'flow.portal.decidedCorporateRepresentative',
  selfService: 'flow.portal.decidedOnline',
};

/** Step 2: online account (Billing) or corporate account (Corporate Billing Portal)? Ends with the kind. */
export class PickPortalDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(PICK_PORTAL_DIALOG);
    this.questions = [new AskDialog(ASK, services)];
    this.addStep(this.askKindStep.bind(this));
    this.addStep(this.askInvoicesStep.bind(this));
    this.addStep(this.askRepresentativeStep.bind(this));
    this.addStep(this.decideStep.bind(this));
  }

  private async askKindStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ASK, {
      textKey: 'flow.portal.ask',
      choices: [choice('online'), choice('corporate'), choice('unsure')],
      slot: 'accountKind',
    });
  }

  private async askInvoicesStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = choiceOf(step);
    if (answer === 'online' || answer === 'corporate') return this.decide(step, answer, 'stated');
    return this.askSignal(step, 'flow.portal.askInvoices');
  }

  private async askRepresentativeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (choiceOf(step) === 'yes') return this.decide(step, 'corporate', 'invoicePdf');
    return this.askSignal(step, 'flow.portal.askRepresentative');
  }

  /** One of the corporate-account signals, answered yes / no / not sure. */
  private askSignal(step: WaterfallStepContext, textKey: string): Promise<DialogTurnResult> {
    return step.beginDialog(ASK, {
      textKey,
      choices: [choice('yes', 'yes'), choice('no', 'no'), choice('unsure')],
      slot: 'accountKind',
    });
  }

  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return choiceOf(step) === 'yes'
      ? this.decide(step, 'corporate', 'representative')
      : this.decide(step, 'online', 'selfService');
  }

  /** Records the kind and, when we worked it out from the signals, says which and why. */
  private async decide(
    step: WaterfallStepContext,
    kind: AccountKind,
    reason: Reason,
  ): Promise<DialogTurnResult> {
    await this.services.cases.update(step.context, { accountKind: kind, accountKindReason: reason });
    if (reason !== 'stated')
      await step.context.sendActivity(translatorFor(this.services, step.context).t(DECISION_MESSAGE[reason]));
    return step.endDialog(kind);
  }
}
