import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { ACCOUNT_KINDS } from '../domain/accountKind';
import { AskPrompt, answerOf, askOptions, choice } from './prompts/askPrompt';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import { portalGuide } from './shared/portalSteps';

export const PORTAL_GUIDE_DIALOG = 'portalGuideDialog';
const ASK = 'portalGuideDialog.ask';
const FLOW = 'portalGuideDialog.flow';

export const portalGuideOptionsSchema = z.object({ kind: z.enum(ACCOUNT_KINDS) });
export type PortalGuideOptions = z.infer<typeof portalGuideOptionsSchema>;
/** 'check': the user wants their details checked first; 'skip': straight to the portal. */
export type PortalGuideResult = 'check' | 'skip';

/** Step 3: the portal flow for that kind of account, with the exact UI labels and the configured URL. */
export class PortalGuideDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(PORTAL_GUIDE_DIALOG);
    this.addDialog(new AskPrompt(ASK, services));
    this.addDialog(new WaterfallDialog(FLOW, [this.guideStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async guideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kind } = portalGuideOptionsSchema.parse(step.options);
    const tr = translatorFor(this.services, step.context);
    await step.context.sendActivity(portalGuide(kind, this.services.portals[kind], tr));
    return step.prompt(
      ASK,
      askOptions({
        textKey: 'flow.guide.offerCheck',
        choices: [choice('checkDetails'), choice('skipDetails')],
      }),
    );
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result: PortalGuideResult = answerOf(step) === 'checkDetails' ? 'check' : 'skip';
    return step.endDialog(result);
  }
}
