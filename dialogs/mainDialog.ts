import {
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Intent, IntentOrNone } from '../nlu/intents';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationOptions } from './escalationDialog';
import { InterruptibleDialog } from './interruptibleDialog';
import { PAYMENT_CHANGE_DIALOG, PaymentChangeDialog } from './paymentChangeDialog';
import { AskPrompt, answerOf, askOptions, choice } from './prompts/askPrompt';
import { DEFAULT_FLAGS } from './shared/caseRecord';
import type { DialogServices } from './shared/dialogServices';
import { mentionsBillingMatter } from './shared/billingTopics';
import { FAQ_INTENTS, MAIN_MENU, RELATED_TOPICS, sendMenu, sendWelcome } from './shared/menus';

export const MAIN_DIALOG = 'mainDialog';
const FLOW = 'mainDialog.flow';
const ASK = 'mainDialog.ask';

/** Misunderstood this many times in a row: offer customer service. */
const MISUNDERSTOOD_LIMIT = 2;

/** The root: routes free text to an intent and runs the flow or the answer for it. */
export class MainDialog extends InterruptibleDialog {
  constructor(services: DialogServices) {
    super(MAIN_DIALOG, services);
    this.addDialog(new AskPrompt(ASK, services));
    this.addDialog(new PaymentChangeDialog(services));
    this.addDialog(new EscalationDialog(services));
    this.addDialog(new WaterfallDialog(FLOW, [this.routeStep.bind(this), this.offerAgentStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async setMisunderstood(context: TurnContext, count: number): Promise<void> {
    const flags = await this.services.flags.get(context, { ...DEFAULT_FLAGS });
    await this.services.flags.set(context, { ...flags, misunderstood: count });
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const text = context.activity.text ?? '';
    const interruption = await this.classifier.interruption(text, this.language(context));
    if (interruption?.kind === 'language') {
      await this.switchLanguage(context, interruption.language);
      await sendMenu(context, this.tr(context), 'flow.welcome.menu');
      return step.endDialog();
    }
    if (interruption?.kind === 'goodbye') {
      await this.setMisunderstood(context, 0);
      await context.sendActivity(this.tr(context).t('general.goodbye'));
      return step.endDialog();
    }
    if (!interruption) await this.followLanguage(context);
    const recognized = interruption
      ? { intent: interruption.kind, unsure: [] }
      : await this.classifier.intent(text, this.language(context));
    const intent: IntentOrNone = recognized.intent;
    const tr = this.tr(context);
    if (intent !== 'none') await this.setMisunderstood(context, 0);

    if (intent === 'changePaymentMethod' || intent === 'startOver')
      return step.beginDialog(PAYMENT_CHANGE_DIALOG);
    if (intent === 'agent') return this.escalate(step, 'userRequested');
    if (FAQ_INTENTS.has(intent as Intent)) {
      await context.sendActivity(
        tr.t(`faq.${intent}`, {
          billingUrl: this.services.portals.online,
          corporateUrl: this.services.portals.corporate,
        }),
      );
      await sendMenu(context, tr, 'faq.more', [
        'changePaymentMethod',
        ...RELATED_TOPICS.filter((t) => t !== intent).slice(0, 3),
        'agent',
      ]);
      return step.endDialog();
    }
    switch (intent) {
      case 'greeting':
        await sendWelcome(context, tr);
        return step.endDialog();
      case 'thanks':
        await sendMenu(context, tr, 'general.thanks');
        return step.endDialog();
      case 'help':
        await sendMenu(context, tr, 'general.help');
        return step.endDialog();
      case 'cancel':
        await sendMenu(context, tr, 'general.cancelled');
        return step.endDialog();
      default:
        break;
    }
    if (recognized.unsure.length) {
      // Unsure: offer the likely meanings instead of guessing.
      await sendMenu(context, tr, 'general.didYouMean', [...recognized.unsure, 'agent']);
      return step.endDialog();
    }
    if (mentionsBillingMatter(text)) {
      // A refund, a cancellation, a disputed charge: understood as a billing matter, not ours.
      await this.setMisunderstood(context, 0);
      await sendMenu(context, tr, 'general.billingMatter', [
        'agent',
        ...MAIN_MENU.filter((i) => i !== 'agent'),
      ]);
      return step.endDialog();
    }
    const flags = await this.services.flags.get(context, { ...DEFAULT_FLAGS });
    const misunderstood = flags.misunderstood + 1;
    await this.setMisunderstood(context, misunderstood);
    if (misunderstood < MISUNDERSTOOD_LIMIT) {
      await sendMenu(context, tr, 'general.notUnderstood');
      return step.endDialog();
    }
    return step.prompt(
      ASK,
      askOptions({ textKey: 'general.notUnderstoodAgain', choices: [choice('yes'), choice('noThanks')] }),
    );
  }

  private async offerAgentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (typeof step.result !== 'object' || step.result === null) return step.endDialog();
    await this.setMisunderstood(step.context, 0);
    if (answerOf(step) === 'yes') return this.escalate(step, 'notUnderstood');
    await sendMenu(step.context, this.tr(step.context), 'flow.closing.goodbye');
    return step.endDialog();
  }

  private async escalate(
    step: WaterfallStepContext,
    reason: EscalationOptions['reason'],
  ): Promise<DialogTurnResult> {
    const options: EscalationOptions = { reason };
    return step.beginDialog(ESCALATION_DIALOG, options);
  }

  protected async onCancelled(innerDc: DialogContext): Promise<void> {
    await sendMenu(innerDc.context, this.tr(innerDc.context), 'general.cancelled');
  }

  protected async onStartOver(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(this.tr(innerDc.context).t('general.startOver'));
    return innerDc.beginDialog(PAYMENT_CHANGE_DIALOG);
  }

  protected async onAgentRequested(innerDc: DialogContext): Promise<DialogTurnResult> {
    const options: EscalationOptions = { reason: 'userRequested' };
    const result = await innerDc.beginDialog(ESCALATION_DIALOG, options);
    return result.status === DialogTurnStatus.waiting ? result : { status: DialogTurnStatus.complete };
  }
}
