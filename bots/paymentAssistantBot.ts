import {
  ActivityTypes,
  TeamsActivityHandler,
  type BotState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { handoffStatusSchema } from '../handoff/handoffContext';
import type { Translations, Translator } from '../i18n/translator';
import { turnLanguage } from '../i18n/turnLanguage';
import type { Language } from '../domain/language';
import { cardLeakOf } from '../middleware/cardDataRedaction';
import { REDACTED } from '../domain/cardData';
import { sendMenu, sendWelcome } from '../dialogs/shared/menus';
import { contactOptionsText } from '../dialogs/shared/contactOptions';
import type { DialogServices } from '../dialogs/shared/dialogServices';
import { DEFAULT_FLAGS } from '../dialogs/shared/caseRecord';

export interface PaymentAssistantBotDeps {
  conversationState: BotState;
  userState: BotState;
  dialogState: StatePropertyAccessor<DialogState>;
  mainDialog: Dialog;
  services: DialogServices;
}

/**
 * The activity handler: welcome on join, messages to the dialogs, handoff.status events answered.
 * It knows nothing of restify or storage engines; state is saved once at the end of every turn.
 */
export class PaymentAssistantBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: PaymentAssistantBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.mainDialog);

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
      if (joined) await sendWelcome(context, this.tr(context));
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === 'handoff.status') await this.handleHandoffStatus(context);
      if (context.activity.name === 'webchat/resume') await this.handleResume(context);
      await next();
    });
  }

  private language(context: TurnContext): Language {
    return turnLanguage(context, this.deps.services.defaultLanguage);
  }

  private tr(context: TurnContext): Translator {
    return this.translations.for(this.language(context));
  }

  private get translations(): Translations {
    return this.deps.services.translations;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const tr = this.tr(context);
    const leak = cardLeakOf(context);
    const text = (context.activity.text ?? '').trim();
    const hasValue = context.activity.value !== undefined && context.activity.value !== null;

    // A leaked card number is never treated as an answer: warn, then ask the open question again.
    if (leak) {
      await context.sendActivity(tr.t('general.cardLeak', { portal: tr.t('general.cardLeakPortalAny') }));
      if (dc.activeDialog) {
        await context.sendActivity(tr.t('general.cardLeakContinue'));
        await dc.repromptDialog();
      } else if (await this.hasRequest(text, this.language(context))) {
        // "my card is [redacted], please update it": the request still counts, without the number.
        await dc.beginDialog(this.deps.mainDialog.id);
      } else {
        await sendMenu(context, tr, 'flow.welcome.menu');
      }
      return;
    }
    if (!text && !hasValue) {
      const attachmentsOnly = (context.activity.attachments ?? []).length > 0;
      await context.sendActivity(tr.t(attachmentsOnly ? 'general.nonText' : 'general.emptyMessage'));
      if (dc.activeDialog) await dc.repromptDialog();
      return;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.mainDialog.id);
  }

  /** Whether the (redacted) text asks for something the assistant does, besides the card number. */
  private async hasRequest(text: string, language: Language): Promise<boolean> {
    const rest = text.split(REDACTED).join(' ').trim();
    if (rest.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length < 2) return false;
    const result = await this.deps.services.recognizer.recognize(rest, language);
    return result.intent !== 'none';
  }

  /** The help page reconnected to a saved conversation (reload, bot restart): repeat the open question. */
  private async handleResume(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const tr = this.tr(context);
    if (dc.activeDialog) {
      await context.sendActivity(tr.t('general.welcomeBack'));
      await dc.repromptDialog();
    } else {
      await sendMenu(context, tr, 'flow.welcome.menu');
    }
  }

  private async handleHandoffStatus(context: TurnContext): Promise<void> {
    // Only answered while a handoff is open: a stray or made-up status (any Direct Line client can
    // post events) must not tell the user that an agent has joined.
    const flags = await this.deps.services.flags.get(context, { ...DEFAULT_FLAGS });
    const status = handoffStatusSchema.safeParse(context.activity.value);
    if (!status.success || !flags.handoffOpen) return;
    if (status.data.state !== 'accepted')
      await this.deps.services.flags.set(context, { ...flags, handoffOpen: false });
    const tr = this.tr(context);
    switch (status.data.state) {
      case 'accepted':
        await context.sendActivity(tr.t('escalation.handoffAccepted'));
        break;
      case 'failed': {
        const record = await this.deps.services.caseRecord.get(context, {});
        await context.sendActivity(tr.t('escalation.handoffFailed'));
        await context.sendActivity(contactOptionsText(this.deps.services, tr, record.accountKind));
        break;
      }
      case 'completed':
        await context.sendActivity(tr.t('escalation.handoffCompleted'));
        break;
    }
  }

  /**
   * Saves state after every turn. A turn that threw saves nothing, so the state from the last good
   * turn (everything the user had given until then) stays as it was.
   */
  async run(context: TurnContext): Promise<void> {
    await super.run(context);
    if (context.activity.type !== ActivityTypes.Typing) {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    }
  }
}
