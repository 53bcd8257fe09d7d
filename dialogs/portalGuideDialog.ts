import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../domain/accountKind';
import { paymentMethodsFor } from '../domain/paymentMethods';
import { PORTAL_STEPS } from '../domain/portalSteps';
import type { Translator } from '../i18n/translator';
import { MessageFactory } from 'botbuilder';
import { guideCard } from '../cards/guideCard';
import { AskDialog, channelRendersCards, choice, choiceOf } from './ask/askDialog';
import { recordStep } from './shared/insightSteps';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';

export const PORTAL_GUIDE_DIALOG = 'portalGuideDialog';
const ASK = 'portalGuideDialog.ask';

export const portalGuideOptionsSchema = z.object({ kind: z.enum(ACCOUNT_KINDS) });
export type PortalGuideOptions = z.infer<typeof portalGuideOptionsSchema>;
/** 'check': the customer wants their details checked first; 'skip': straight to the portal. */
export const portalGuideResultSchema = z.enum(['check', 'skip']);
export type PortalGuideResult = z.infer<typeof portalGuideResultSchema>;

/** The step-by-step guide for one kind of account, as one Markdown message. */
export function portalGuide(kind: AccountKind, url: string, tr: Translator): string {
  const intro = tr.t(kind === 'online' ? 'flow.guide.onlineIntro' : 'flow.guide.corporateIntro');
  const steps = PORTAL_STEPS[kind].map((key, i) => `${i + 1}. ${tr.t(key, { url })}`).join('\n');
  const parts = [intro, steps];
  if (kind === 'corporate') {
    const methods = paymentMethodsFor('corporate')
      .map((m) => tr.t(`paymentMethods.${m}`))
      .join(', ');
    parts.push(tr.t('flow.guide.corporateMethods', { methods }), tr.t('flow.guide.corporateSignInHelp'));
  }
  parts.push(tr.t('flow.guide.cardNote'));
  return parts.join('\n\n');
}

/** The same guide as a card: numbered steps, the card note, the corporate extras behind a button, the portal. */
export function portalGuideCard(kind: AccountKind, url: string, tr: Translator) {
  const more =
    kind === 'corporate'
      ? {
          title: tr.t('flow.guide.moreCorporate'),
          notes: [
            tr.t('flow.guide.corporateMethods', {
              methods: paymentMethodsFor('corporate')
                .map((m) => tr.t(`paymentMethods.${m}`))
                .join(', '),
            }),
            tr.t('flow.guide.corporateSignInHelp'),
          ],
        }
      : undefined;
  return guideCard({
    intro: tr.t(kind === 'online' ? 'flow.guide.onlineIntro' : 'flow.guide.corporateIntro'),
    steps: PORTAL_STEPS[kind].map((key) => tr.t(key, { url })),
    notes: [tr.t('flow.guide.cardNote')],
    more,
    portal: { title: tr.t(kind === 'online' ? 'flow.guide.openOnline' : 'flow.guide.openCorporate'), url },
  });
}

/** Step 3: the portal flow for that kind of account, with the exact UI labels and the configured URL. */
export class PortalGuideDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(PORTAL_GUIDE_DIALOG);
    this.questions = [new AskDialog(ASK, services)];
    this.addStep(this.guideStep.bind(this));
    this.addStep(this.doneStep.bind(this));
  }

  private async guideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kind } = portalGuideOptionsSchema.parse(step.options);
    const tr = translatorFor(this.services, step.context);
    const url = this.services.portals[kind];
    await recordStep(this.services, step.context, { kind: 'portalShown' });
    // Where cards render (Web Chat, Teams): the steps as a card, short on a phone, with the portal as a link
    // button; elsewhere (a text channel) one Markdown message.
    await step.context.sendActivity(
      channelRendersCards(step.context.activity.channelId)
        ? MessageFactory.attachment(portalGuideCard(kind, url, tr))
        : portalGuide(kind, url, tr),
    );
    return step.beginDialog(ASK, {
      textKey: 'flow.guide.offerCheck',
      choices: [choice('checkDetails', 'yes'), choice('skipDetails', 'no')],
    });
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result: PortalGuideResult = choiceOf(step) === 'checkDetails' ? 'check' : 'skip';
    return step.endDialog(result);
  }
}
