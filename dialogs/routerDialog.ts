import {
  ActivityTypes,
  INVOKE_RESPONSE_KEY,
  StringUtils,
  type Activity,
  type Attachment,
  type TurnContext,
} from 'botbuilder';
import { answeredCard } from '../cards/choiceCard';
import { addressedToBot } from '../middleware/teamsMentions';
import { inTeams, isCardAction, isFormSubmit } from './shared/teams';
import {
  ComponentDialog,
  Dialog,
  DialogContainer,
  DialogEvents,
  DialogTurnStatus,
  type DialogContext,
  type DialogEvent,
  type DialogSet,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { Culture, recognizeBoolean } from '@microsoft/recognizers-text-choice';
import type { SlotName } from '../domain/caseRecord';
import type { Language } from '../domain/language';
import type { Extraction } from '../form/extractFacts';
import { setTurnFacts } from '../form/turnFacts';
import { isOpenCase, type DeskCase } from '../handoff/desk/deskCase';
import { handoffStatusSchema } from '../handoff/handoffContext';
import type { Translator } from '../i18n/translator';
import { setTurnLanguage, turnLanguage } from '../i18n/turnLanguage';
import { cardLeakOf, redactionMarkerOf, type CardLeak } from '../middleware/cardDataRedaction';
import { mentionsBillingMatter } from '../nlu/billingTopics';
import { IntentClassifier } from '../nlu/intentClassifier';
import type { Interruption } from '../nlu/interruptions';
import { FAQ_INTENTS, MAIN_MENU, RELATED_TOPICS } from '../nlu/topics';
import { describeOpenQuestion, type OpenQuestion } from './ask/openQuestion';
import { CollectDetailsDialog } from './collectDetailsDialog';
import { ConfirmDetailsDialog } from './confirmDetailsDialog';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationOptions } from './escalationDialog';
import { IdentifyContactDialog } from './identifyContactDialog';
import { legacyStage } from './legacyStack';
import { DELETE_DATA_DIALOG, DeleteDataDialog } from './deleteDataDialog';
import { OFFER_AGENT_DIALOG, OfferAgentDialog } from './offerAgentDialog';
import { OutcomeDialog } from './outcomeDialog';
import { PAYMENT_CHANGE_DIALOG, PaymentChangeDialog, type PaymentChangeOptions } from './paymentChangeDialog';
import { PickPortalDialog } from './pickPortalDialog';
import { PortalGuideDialog } from './portalGuideDialog';
import { announceFacts } from './shared/announceFacts';
import { contactOptionsText } from './shared/contactOptions';
import type { DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { sendMenu, sendWelcome } from './shared/menus';

/** What the customer is told when a message held data that must not pass through the chat. */
function leakWarning(tr: Translator, leak: CardLeak): string {
  const portal = tr.t('general.cardLeakPortalAny');
  if (leak === 'iban') return tr.t('general.ibanLeak', { portal });
  if (leak === 'password') return tr.t('general.passwordLeak');
  return tr.t('general.cardLeak', { portal });
}

const isAdaptiveCard = (a: Attachment) => a.contentType === 'application/vnd.microsoft.card.adaptive';

/** The root's id; kept from earlier versions, whose saved conversations name it. */
export const MAIN_DIALOG = 'mainDialog';

/** Longer messages are not read: they get a short answer. */
const MAX_TEXT = 2_000;

/** Misunderstood this many times in a row: offer customer service. */
const MISUNDERSTOOD_LIMIT = 2;

const UPGRADED = Symbol('dialogsUpgraded');
const MUTED = Symbol('repliesMuted');

/** A version of every dialog inside, nested ones included: a change anywhere counts as a new version. */
function deepVersion(set: DialogSet): string {
  return set
    .getDialogs()
    .map((d) => `${d.getVersion()}${d instanceof DialogContainer ? `{${deepVersion(d.dialogs)}}` : ''}`)
    .join('|');
}

/**
 * The root dialog: it decides every turn, in the way of BotBuilder-Samples 81's ActivityRouterDialog.
 * Messages, the help page's resume event, handoff.status, card submits, empty or attachment-only
 * messages and the card-data warning are handled here; cancel, start over, help, language, agent and
 * goodbye take one path whether a question is open or not. The open question says what it expects
 * (describeOpenQuestion); the facts of every message go into the case before the question sees it.
 */
export class RouterDialog extends ComponentDialog {
  private readonly classifier: IntentClassifier;

  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG);
    this.classifier = new IntentClassifier(services.translations, services.recognizer);
    // Every part in this one set, so the conversation is one flat stack (see FlowDialog).
    const flows: FlowDialog[] = [
      new PaymentChangeDialog(services),
      new IdentifyContactDialog(services),
      new PickPortalDialog(services),
      new PortalGuideDialog(services),
      new CollectDetailsDialog(services),
      new ConfirmDetailsDialog(services),
      new OutcomeDialog(services),
      new EscalationDialog(services),
      new OfferAgentDialog(services),
      new DeleteDataDialog(services),
    ];
    for (const flow of flows) {
      this.addDialog(flow);
      for (const question of flow.questions) this.addDialog(question);
    }
  }

  protected onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc);
  }

  protected onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc);
  }

  /** Asked at every level on every turn; the dialogs never change while the process runs. */
  private internalVersion: string | undefined;

  protected getInternalVersion(): string {
    return (this.internalVersion ??= StringUtils.hash(deepVersion(this.dialogs)));
  }

  /** A conversation saved by an earlier version of the dialogs: rebuilt in route, before anything else. */
  protected async onPreBubbleEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
    if (event.name !== DialogEvents.versionChanged) return false;
    dc.context.turnState.set(UPGRADED, true);
    return true;
  }

  private language(context: TurnContext): Language {
    return turnLanguage(context, this.services.defaultLanguage);
  }

  private tr(context: TurnContext): Translator {
    return this.services.translations.for(this.language(context));
  }

  /** Waiting while a question is open; the root ends otherwise, so the next message starts afresh. */
  private stay(dc: DialogContext): DialogTurnResult {
    return dc.activeDialog ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
  }

  private async route(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.turnState.get(UPGRADED)) {
      context.turnState.delete(UPGRADED);
      await this.rebuildAfterUpgrade(dc);
    }
    switch (context.activity.type) {
      case ActivityTypes.Message:
        return this.onMessage(dc);
      case ActivityTypes.ConversationUpdate:
        // Teams welcomes on installation instead: not on every member change in a team.
        if (!inTeams(context)) await this.onMembersAdded(context);
        return this.stay(dc);
      case ActivityTypes.InstallationUpdate:
        if (/^add/.test(context.activity.action ?? '')) await this.welcome(context);
        return this.stay(dc);
      case ActivityTypes.Invoke:
        if (isCardAction(context)) return this.onCardAction(dc);
        // Any other invoke (a Teams feature this app does not declare) is a bad request, not a server error.
        await this.answerInvoke(context, { status: 400, body: { error: 'unsupported invoke' } });
        return this.stay(dc);
      case ActivityTypes.Event:
        await this.onEvent(dc);
        return this.stay(dc);
      default:
        return this.stay(dc);
    }
  }

  /**
   * Teams' Action.Execute (Universal Actions): the card's data is taken like a card submit, and the answer
   * replaces the card in place: the form with its errors again, or the summary, or the chosen answer.
   */
  private async onCardAction(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const action = (context.activity.value as { action?: { data?: unknown } } | undefined)?.action;
    const data =
      action?.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
    const invoke = context.activity.value;
    context.activity.value = data;
    context.activity.text = '';
    let replacement: Attachment | undefined;
    if (isFormSubmit(data)) {
      // The form's answer (the form again with its errors, or the summary) goes into the card's place.
      context.onSendActivities(async (_ctx, activities, next) => {
        const index = replacement ? -1 : activities.findIndex((a) => a.attachments?.some(isAdaptiveCard));
        if (index < 0) return next();
        replacement = activities[index].attachments!.find(isAdaptiveCard);
        activities.splice(index, 1);
        const sent = activities.length ? await next() : [];
        return [...sent.slice(0, index), { id: '' }, ...sent.slice(index)];
      });
    }
    let result: DialogTurnResult;
    try {
      result = await this.onMessage(dc);
    } finally {
      // botbuilder's own invoke handling after the turn reads the invoke's value as Teams sent it.
      context.activity.value = invoke;
    }
    const label = typeof data.label === 'string' ? data.label : undefined;
    const card = replacement ?? (label ? answeredCard(label) : undefined);
    await this.answerInvoke(context, {
      status: 200,
      body: card
        ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card.content }
        : {
            statusCode: 200,
            type: 'application/vnd.microsoft.activity.message',
            value: this.tr(context).t('form.card.received'),
          },
    });
    return result;
  }

  private async answerInvoke(context: TurnContext, value: { status: number; body: unknown }): Promise<void> {
    const response: Partial<Activity> = { type: ActivityTypes.InvokeResponse, value };
    await context.sendActivity(response);
    // Answered: the activity handler must not add its own "not implemented" (501) response.
    context.turnState.set(INVOKE_RESPONSE_KEY, response);
  }

  private async onMessage(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    // In a Teams group chat only what @mentions the bot is for it.
    if (!addressedToBot(context)) return this.stay(dc);
    const inDesk = await this.deskCaseOf(context);
    if (inDesk) return this.inDeskHandoff(dc, inDesk);
    const tr = this.tr(context);
    const open = await describeOpenQuestion(dc);
    const text = (context.activity.text ?? '').trim();
    const hasValue = context.activity.value !== undefined && context.activity.value !== null;

    // A leaked card number is never taken as an answer: warn, then go on without it.
    const leak = cardLeakOf(context);
    if (leak) {
      await context.sendActivity(leakWarning(tr, leak));
      if (open) {
        await context.sendActivity(tr.t('general.cardLeakContinue'));
        await dc.repromptDialog();
        return Dialog.EndOfTurn;
      }
      // "my card is [redacted], please update it": the request still counts, without the number.
      if (!(await this.hasRequest(text, redactionMarkerOf(context), this.language(context)))) {
        await sendMenu(context, tr, 'flow.welcome.menu');
        return this.stay(dc);
      }
    }
    if (text.length > MAX_TEXT) {
      // Nothing this long is an answer; the language model is not run on it either.
      await context.sendActivity(tr.t('general.tooLong', { max: MAX_TEXT }));
      if (open) await dc.repromptDialog();
      return this.stay(dc);
    }
    if (!text && !hasValue) {
      const attachmentsOnly = (context.activity.attachments ?? []).length > 0;
      await context.sendActivity(tr.t(attachmentsOnly ? 'general.nonText' : 'general.emptyMessage'));
      if (open) await dc.repromptDialog();
      return this.stay(dc);
    }
    const interruption = text
      ? await this.classifier.interruption(
          text,
          this.language(context),
          open?.freeText ?? false,
          !open?.field,
        )
      : undefined;
    if (interruption) return this.interrupt(dc, interruption, open);
    if (!open?.freeText && text) await this.followLanguage(context);
    if (open) {
      await this.takeFacts(context, text, open.slot);
      return dc.continueDialog();
    }
    return this.topLevel(dc, text);
  }

  /** The desk case this conversation is waiting in or talking through; a finished one closes the session. */
  private async deskCaseOf(context: TurnContext): Promise<DeskCase | undefined> {
    const session = await this.services.handoffSessions.current(context);
    if (session?.gateway !== 'desk' || !session.caseReference || !this.services.desk) return undefined;
    const deskCase = await this.services.desk.get(session.caseReference);
    if (deskCase && isOpenCase(deskCase)) return deskCase;
    // The agent ended it, or it was missed: the bot has the conversation again.
    await this.services.handoffSessions.closed(context);
    return undefined;
  }

  /**
   * While the customer waits for or talks to an agent, their messages go to the desk and the bot stays
   * quiet, except to warn about card data (removed before the agent sees it) and, in the queue, to say
   * their place; "abbrechen" / "cancel" leaves the queue.
   */
  private async inDeskHandoff(dc: DialogContext, deskCase: DeskCase): Promise<DialogTurnResult> {
    const { context } = dc;
    const desk = this.services.desk!;
    const tr = this.tr(context);
    const leak = cardLeakOf(context);
    if (leak) await context.sendActivity(leakWarning(tr, leak));
    const text = (context.activity.text ?? '').trim();
    const attachments = (context.activity.attachments ?? []).map((a) => `[${a.name ?? a.contentType}]`);
    const relayed = [text, ...attachments].filter(Boolean).join(' ');
    if (deskCase.status === 'waiting') {
      const interruption = text
        ? await this.classifier.interruption(text, this.language(context))
        : undefined;
      if (interruption?.kind === 'cancel' || interruption?.kind === 'goodbye') {
        await desk.cancelByCustomer(deskCase.ref);
        await this.services.handoffSessions.closed(context);
        await context.sendActivity(tr.t('escalation.desk.left', { ref: deskCase.ref }));
        await sendMenu(context, tr, 'flow.welcome.menu');
        return this.stay(dc);
      }
      if (relayed) await desk.fromCustomer(deskCase.ref, relayed);
      const position = await desk.positionOf(deskCase.ref);
      await context.sendActivity(tr.t('escalation.desk.stillWaiting', { position }));
      return this.stay(dc);
    }
    if (relayed) await desk.fromCustomer(deskCase.ref, relayed);
    return this.stay(dc);
  }

  /** The same answer to a request whether a question is open or not; an open one is asked again after. */
  private async interrupt(
    dc: DialogContext,
    interruption: Interruption,
    open: OpenQuestion | undefined,
  ): Promise<DialogTurnResult> {
    const { context } = dc;
    switch (interruption.kind) {
      case 'help':
        if (!open) {
          await sendMenu(context, this.tr(context), 'general.help');
          return this.stay(dc);
        }
        await context.sendActivity(this.tr(context).t('general.help'));
        await context.sendActivity(this.tr(context).t('general.helpContinue'));
        await dc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'language':
        await this.switchLanguage(context, interruption.language);
        if (!open) {
          await sendMenu(context, this.tr(context), 'flow.welcome.menu');
          return this.stay(dc);
        }
        await dc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'cancel':
        await dc.cancelAllDialogs();
        await sendMenu(context, this.tr(context), 'general.cancelled');
        return { status: DialogTurnStatus.complete };
      case 'startOver':
        await dc.cancelAllDialogs();
        await context.sendActivity(this.tr(context).t('general.startOver'));
        return this.startChange(dc, undefined);
      case 'goodbye':
        await dc.cancelAllDialogs();
        await this.setMisunderstood(context, 0);
        await context.sendActivity(this.tr(context).t('general.goodbye'));
        return { status: DialogTurnStatus.complete };
      case 'greeting':
        if (!open) {
          await this.greet(context);
          return this.stay(dc);
        }
        // "hallo" in the middle of a question: a short hello, and the question again.
        await context.sendActivity(this.tr(context).t('general.greetingContinue'));
        await dc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'agent':
        await dc.cancelAllDialogs();
        return this.escalate(dc, 'userRequested');
      case 'deleteData':
        // On top of an open question, which is asked again if the customer keeps their data.
        return dc.beginDialog(DELETE_DATA_DIALOG);
    }
  }

  /** A message outside any question: the change (with every fact it carries), an answer, or the menu. */
  private async topLevel(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const { context } = dc;
    const language = this.language(context);
    if (this.classifier.declines(text)) {
      // "nein danke" to "anything else?": a polite close, without offering everything again.
      await this.setMisunderstood(context, 0);
      await context.sendActivity(this.tr(context).t('flow.closing.goodbye'));
      return this.stay(dc);
    }
    const recognized = await this.classifier.intent(text, language);
    const { intent } = recognized;
    await this.keepCorrectedAnswer(context, text, language);
    if (intent === 'cancel' || intent === 'startOver' || intent === 'help' || intent === 'agent') {
      return this.interrupt(dc, { kind: intent }, undefined);
    }
    const facts = this.services.facts.extract({ text, value: context.activity.value, record: {}, language });
    if (intent === 'changePaymentMethod' || this.services.facts.startsChange(text, facts)) {
      return this.startChange(dc, facts);
    }
    const tr = this.tr(context);
    if (intent !== 'none') await this.setMisunderstood(context, 0);
    if (FAQ_INTENTS.has(intent as never)) {
      await context.sendActivity(
        tr.t(`faq.${intent}`, {
          billingUrl: this.services.portals.online,
          corporateUrl: this.services.portals.corporate,
        }),
      );
      await sendMenu(
        context,
        tr,
        'faq.more',
        ['changePaymentMethod', ...RELATED_TOPICS.filter((t) => t !== intent).slice(0, 2), 'agent'],
        [tr.t('choices.noThanks.label')],
      );
      await this.services.routerState.set(context, {
        ...(await this.routerState(context)),
        misunderstood: 0,
        lastAnswered: text,
      });
      return this.stay(dc);
    }
    if (intent === 'greeting') {
      await this.greet(context);
      return this.stay(dc);
    }
    if (intent === 'thanks') {
      await sendMenu(context, tr, 'general.thanks');
      return this.stay(dc);
    }
    if (recognized.unsure.length) {
      // Unsure: offer the likely meanings instead of guessing.
      this.services.insights.missed(context, language, text, 'clarified');
      await sendMenu(context, tr, 'general.didYouMean', [...recognized.unsure, 'agent']);
      return this.stay(dc);
    }
    if (mentionsBillingMatter(text)) {
      // A refund, a cancellation, a disputed charge: understood as a billing matter, not ours.
      await this.setMisunderstood(context, 0);
      await sendMenu(context, tr, 'general.billingMatter', [
        'agent',
        ...MAIN_MENU.filter((i) => i !== 'agent'),
      ]);
      return this.stay(dc);
    }
    const state = await this.routerState(context);
    const misunderstood = state.misunderstood + 1;
    this.services.insights.missed(context, language, text, 'notUnderstood');
    if (misunderstood < MISUNDERSTOOD_LIMIT) {
      await this.setMisunderstood(context, misunderstood);
      await sendMenu(context, tr, 'general.notUnderstood');
      return this.stay(dc);
    }
    await this.setMisunderstood(context, 0);
    return dc.beginDialog(OFFER_AGENT_DIALOG);
  }

  /** A new change: an empty case, then the facts of the message that asked for it. */
  private async startChange(dc: DialogContext, facts: Extraction | undefined): Promise<DialogTurnResult> {
    await this.setMisunderstood(dc.context, 0);
    await this.services.cases.reset(dc.context);
    if (facts) await this.applyFacts(dc.context, facts, undefined);
    return dc.beginDialog(PAYMENT_CHANGE_DIALOG);
  }

  /** Every fact of a message at an open question goes into the case; the question reads what it got. */
  private async takeFacts(
    context: TurnContext,
    text: string,
    requested: SlotName | undefined,
  ): Promise<void> {
    const record = await this.services.cases.get(context);
    const facts = this.services.facts.extract({
      text,
      value: context.activity.value,
      record,
      requested,
      atQuestion: true,
      language: this.language(context),
    });
    await this.applyFacts(context, facts, requested);
  }

  private async applyFacts(
    context: TurnContext,
    facts: Extraction,
    requested: SlotName | undefined,
  ): Promise<void> {
    const update = Object.keys(facts.values).length
      ? await this.services.cases.update(context, facts.values)
      : undefined;
    setTurnFacts(context, {
      filled: Object.keys(facts.values) as SlotName[],
      errors: facts.errors,
      conflict: facts.conflict,
    });
    await announceFacts(
      context,
      this.tr(context),
      facts,
      update,
      requested,
      isFormSubmit(context.activity.value),
    );
  }

  private async escalate(dc: DialogContext, reason: EscalationOptions['reason']): Promise<DialogTurnResult> {
    const options: EscalationOptions = { reason };
    const result = await dc.beginDialog(ESCALATION_DIALOG, options);
    return result.status === DialogTurnStatus.waiting ? result : { status: DialogTurnStatus.complete };
  }

  private async onMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
    if (joined) await this.welcome(context);
  }

  /** The whole welcome, once per conversation. */
  private async welcome(context: TurnContext): Promise<void> {
    await sendWelcome(context, this.tr(context));
    await this.services.routerState.set(context, { ...(await this.routerState(context)), welcomed: true });
  }

  /** "hallo": the welcome if the customer has not had it, else a short hello and the menu's question. */
  private async greet(context: TurnContext): Promise<void> {
    if ((await this.routerState(context)).welcomed)
      await sendMenu(context, this.tr(context), 'general.greeting');
    else await this.welcome(context);
  }

  private async onEvent(dc: DialogContext): Promise<void> {
    const { context } = dc;
    if (context.activity.name === 'webchat/resume') {
      // The help page reconnected to a saved conversation (reload, bot restart): repeat the open question.
      const inDesk = await this.deskCaseOf(context);
      if (inDesk) {
        const tr = this.tr(context);
        await context.sendActivity(
          inDesk.status === 'active'
            ? tr.t('escalation.desk.stillConnected', { name: inDesk.agent?.displayName ?? '' })
            : tr.t('escalation.desk.position', {
                position: await this.services.desk!.positionOf(inDesk.ref),
              }),
        );
      } else if (dc.activeDialog) {
        await context.sendActivity(this.tr(context).t('general.welcomeBack'));
        await dc.repromptDialog();
      } else {
        await sendMenu(context, this.tr(context), 'flow.welcome.menu');
      }
      return;
    }
    if (context.activity.name === 'handoff.status') await this.onHandoffStatus(context);
  }

  private async onHandoffStatus(context: TurnContext): Promise<void> {
    // Only answered while a handoff is open: a stray or made-up status (any Direct Line client can post
    // events) must not tell the customer that an agent has joined.
    const status = handoffStatusSchema.safeParse(context.activity.value);
    const session = await this.services.handoffSessions.current(context);
    if (!status.success || session?.gateway !== 'protocol') return;
    if (status.data.state !== 'accepted') await this.services.handoffSessions.closed(context);
    const tr = this.tr(context);
    switch (status.data.state) {
      case 'accepted':
        await context.sendActivity(tr.t('escalation.handoffAccepted'));
        break;
      case 'failed': {
        const record = await this.services.cases.get(context);
        await context.sendActivity(tr.t('escalation.handoffFailed'));
        await context.sendActivity(contactOptionsText(this.services, tr, record.accountKind));
        break;
      }
      case 'completed':
        await context.sendActivity(tr.t('escalation.handoffCompleted'));
        break;
    }
  }

  /**
   * The dialogs changed since this conversation was saved: the saved steps are dropped and the payment
   * change is rebuilt from the case, silently, up to the question the customer was at. This turn's
   * message then answers that question as usual, and no fact the customer gave is lost.
   */
  private async rebuildAfterUpgrade(dc: DialogContext): Promise<void> {
    const { inPaymentChange, resumeAt } = legacyStage(dc.stack);
    dc.stack.splice(0, dc.stack.length);
    if (!inPaymentChange) return;
    const { context } = dc;
    if (!context.turnState.get(MUTED)) {
      context.onSendActivities(async (_ctx, activities, next) =>
        context.turnState.get(MUTED) ? activities.map(() => ({ id: '' })) : next(),
      );
    }
    context.turnState.set(MUTED, true);
    try {
      const options: PaymentChangeOptions = { resumeAt };
      await dc.beginDialog(PAYMENT_CHANGE_DIALOG, options);
    } finally {
      context.turnState.set(MUTED, false);
    }
  }

  /** Whether the (redacted) text asks for something the assistant does, besides the card number. */
  private async hasRequest(text: string, marker: string, language: Language): Promise<boolean> {
    const rest = text.split(marker).join(' ').trim();
    if (rest.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length < 2) return false;
    const result = await this.services.recognizer.recognize(rest, language);
    return result.intent !== 'none';
  }

  /**
   * A whole sentence in the other language switches the conversation to it, and the choice is
   * remembered. Short or ambiguous messages ("ok", "PayPal", a company name) never switch.
   */
  private async followLanguage(context: TurnContext): Promise<void> {
    const detected = this.services.languageDetector.detect(context.activity.text ?? '');
    if (detected && detected !== this.language(context)) await this.switchLanguage(context, detected);
  }

  /** Remembers the language for this user and answers in it from this message on. */
  private async switchLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.services.userProfile.get(context, {});
    await this.services.userProfile.set(context, { ...profile, language });
    setTurnLanguage(context, language);
    await context.sendActivity(this.services.translations.for(language).t('general.languageSwitched'));
  }

  /**
   * "Nein, das meinte ich nicht" right after an FAQ answer: that answer's line is kept for review. Only the
   * line right after counts; a plain "nein danke" was already taken as a polite close.
   */
  private async keepCorrectedAnswer(context: TurnContext, text: string, language: Language): Promise<void> {
    const { lastAnswered, ...state } = await this.routerState(context);
    if (!lastAnswered) return;
    await this.services.routerState.set(context, state);
    const [result] = recognizeBoolean(text, language === 'de' ? Culture.German : Culture.English);
    if (result?.resolution?.value === false)
      this.services.insights.missed(context, language, lastAnswered, 'corrected');
  }

  private routerState(context: TurnContext) {
    return this.services.routerState.get(context, { misunderstood: 0 });
  }

  private async setMisunderstood(context: TurnContext, misunderstood: number): Promise<void> {
    await this.services.routerState.set(context, { ...(await this.routerState(context)), misunderstood });
  }
}
