import type { DialogInstance } from 'botbuilder-dialogs';
import type { PaymentChangeOptions } from './paymentChangeDialog';

/**
 * The stage of the payment change a dialog stack saved by an earlier version was at, read from the ids of
 * its dialogs: one flat stack now, nested ComponentDialogs before 2026-12 (each kept its inner stack in
 * `state.dialogs.dialogStack`). Only ids are read: the steps and prompts of that version are gone, the
 * customer's facts are in the case.
 */
const STAGE_OF: Record<string, NonNullable<PaymentChangeOptions['resumeAt']>> = {
  portalGuideDialog: 'guide',
  collectDetailsDialog: 'collect',
  confirmDetailsDialog: 'confirm',
  outcomeDialog: 'outcome',
};

export function legacyStage(stack: DialogInstance[]): {
  inPaymentChange: boolean;
  resumeAt?: PaymentChangeOptions['resumeAt'];
} {
  const ids: string[] = [];
  const walk = (instances: unknown): void => {
    if (!Array.isArray(instances)) return;
    for (const instance of instances as { id?: unknown; state?: { dialogs?: { dialogStack?: unknown } } }[]) {
      if (typeof instance?.id === 'string') ids.push(instance.id);
      walk(instance?.state?.dialogs?.dialogStack);
    }
  };
  walk(stack);
  // The outermost stage: a correction at the summary runs the details form inside it.
  const stage = ids.map((id) => STAGE_OF[id]).find((s) => s !== undefined);
  return { inPaymentChange: ids.includes('paymentChangeDialog'), resumeAt: stage };
}
