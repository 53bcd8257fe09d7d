import { ActivityTypes, MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import {
  Dialog,
  type DialogContext,
  type DialogEvent,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { Culture, recognizeBoolean } from '@microsoft/recognizers-text-choice';
import { z } from 'zod';
import { SLOT_NAMES, type DetailSlot } from '../../domain/caseRecord';
import { countryName } from '../../domain/countries';
import { LANGUAGES, type Language } from '../../domain/language';
import { SLOTS } from '../../form/slots';
import { turnFacts } from '../../form/turnFacts';
import type { Translator } from '../../i18n/translator';
import { turnLanguage } from '../../i18n/turnLanguage';
import { matchChoice, type ChoicePhrases } from '../../nlu/choiceMatching';
import { asksAboutField, pointsAtTheField } from '../../nlu/fieldQuestions';
import { FAQ_INTENTS } from '../../nlu/topics';
import type { DialogServices } from '../shared/dialogServices';
import { recordStep } from '../shared/insightSteps';
import { DESCRIBE_OPEN_QUESTION, isDetailSlot, type DescribeRequest } from './openQuestion';
import { choiceCard } from '../../cards/choiceCard';
import { isTeamsGroup } from '../../middleware/teamsMentions';
import { isCardAction, isFormSubmit } from '../shared/teams';

const argsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

const choiceSchema = z.object({
  id: z.string(),
  labelKey: z.string(),
  synonymsKey: z.string().optional(),
  /** Choosing it answers the question with yes or no: what the Boolean recognizer maps "yeah sure" to. */
  polarity: z.enum(['yes', 'no']).optional(),
  /** A country code rendered as the label's `country` argument; its names also select the choice. */
  countryArg: z.string().optional(),
});
export type AskChoice = z.infer<typeof choiceSchema>;

/**
 * What to ask, stored in dialog state as keys and codes (not text), so the question can be shown again
 * in another language after a switch or a restart.
 */
export const askSpecSchema = z.object({
  textKey: z.string(),
  args: argsSchema.optional(),
  /** A country code rendered as the `country` argument in the language of the moment. */
  countryArg: z.string().optional(),
  /** More country codes rendered as named arguments. */
  countryArgs: z.record(z.string(), z.string()).optional(),
  choices: z.array(choiceSchema).default([]),
  /** The slot this question asks for: the router reads it from the message, the question only checks. */
  slot: z.enum(SLOT_NAMES).optional(),
  /** Show the question with the owner's card (if it has one) on channels that render Adaptive Cards. */
  withCard: z.boolean().default(false),
  /** A message that gave the case facts answers it (the summary: a correction with its value). */
  endsOnFacts: z.boolean().default(false),
  /** The question is the details form card (Teams); after a submit, empty fields are marked. */
  form: z.object({ showMissing: z.boolean() }).optional(),
});
export type AskSpec = z.input<typeof askSpecSchema>;
export type Spec = z.output<typeof askSpecSchema>;

/** What a question returns to its parent: a choice, or "the message gave the case facts" (read them there). */
export const askAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), id: z.string() }),
  z.object({ kind: z.literal('facts') }),
]);
export type AskAnswer = z.infer<typeof askAnswerSchema>;

const lastErrorSchema = z.object({
  /** The customer asked something related instead of answering: no wrong answer. */
  digression: z.boolean().optional(),
  key: z.string(),
  args: argsSchema,
  extraKeys: z.array(z.string()).optional(),
});
type LastError = z.infer<typeof lastErrorSchema>;

const askStateSchema = z.object({
  spec: askSpecSchema,
  failures: z.number().int().default(0),
  lastError: lastErrorSchema.optional(),
});
type AskState = z.infer<typeof askStateSchema>;

/**
 * The saved state, checked once per state object: a turn reads it two or three times (what the question
 * expects, then the answer). Saved states come back from storage as new objects each turn, and this dialog's
 * own writes go through saveState, so an entry is never stale.
 */
const checkedStates = new WeakMap<object, AskState>();

function savedState(saved: object): AskState {
  let state = checkedStates.get(saved);
  if (!state) {
    state = askStateSchema.parse(saved);
    checkedStates.set(saved, state);
  }
  return state;
}

function saveState(saved: object, state: AskState): void {
  Object.assign(saved, state);
  checkedStates.set(saved, state);
}

/** Card submissions (Teams, Web Chat) carry the choice id in activity.value. */
const cardSubmitSchema = z.object({ choice: z.string().min(1).max(64) });

/** Channels that render Adaptive Cards; elsewhere (terminal chat, SMS-like channels) we send text. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test']);

export function channelRendersCards(channelId: string): boolean {
  return CARD_CHANNELS.has(channelId);
}

export type CardRenderer = (
  context: TurnContext,
  tr: Translator,
  spec: Spec,
) => Promise<Attachment | undefined>;

/** A question of at least four words: it asks something rather than answering. */
function isQuestion(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return (
    words.length >= 4 &&
    (/\?\s*$/.test(text) ||
      /^(wie|was|warum|wieso|wer|wo|wann|welche[rsmn]?|kann|how|what|why|who|where|when|which|can|do|does|is)\b/i.test(
        text.trim(),
      ))
  );
}

/** For yes/no-shaped questions, Microsoft's Boolean recognizer catches what the synonym lists miss. */
function yesOrNo(text: string, language: Language, choices: AskChoice[]): string | undefined {
  const yes = choices.filter((c) => c.polarity === 'yes');
  const no = choices.filter((c) => c.polarity === 'no');
  if (yes.length !== 1 || no.length !== 1) return undefined;
  const [result] = recognizeBoolean(text, language === 'de' ? Culture.German : Culture.English);
  const value: unknown = result?.resolution?.value;
  return value === true ? yes[0].id : value === false ? no[0].id : undefined;
}

/** A choice of a question; `polarity` for the yes and no of yes/no-shaped questions. */
export function choice(id: string, polarity?: 'yes' | 'no'): AskChoice {
  return { id, labelKey: `choices.${id}.label`, synonymsKey: `choices.${id}.synonyms`, polarity };
}

type Recognition = { ok: true; answer: AskAnswer } | { ok: false; error?: LastError; quiet?: boolean };

/**
 * One dialog for every question of the conversation: quick replies or a card, a specific reason on a
 * wrong answer, an explanation when the customer asks about the question, and the offer of a person after
 * a few failures. A slot question does not read the message itself: the router has already put its facts
 * into the case, and the question ends as soon as the message gave any. Recognising has no side effects;
 * the state changes in continueDialog only.
 */
export class AskDialog extends Dialog {
  constructor(
    dialogId: string,
    private readonly services: DialogServices,
    private readonly renderCard?: CardRenderer,
  ) {
    super(dialogId);
  }

  async beginDialog(dc: DialogContext, options?: AskSpec): Promise<DialogTurnResult> {
    const state: AskState = { spec: askSpecSchema.parse(options ?? {}), failures: 0 };
    saveState(dc.activeDialog!.state, state);
    if (state.spec.slot)
      await recordStep(this.services, dc.context, { kind: 'asked', step: state.spec.slot });
    await this.ask(dc.context, state, false);
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message && !isCardAction(dc.context))
      return Dialog.EndOfTurn;
    const state = savedState(dc.activeDialog!.state);
    const result = await this.recognize(dc.context, state.spec);
    if (result.ok) return dc.endDialog(result.answer);
    const next: AskState = {
      ...state,
      failures: state.failures + (result.error && !result.error.digression ? 1 : 0),
      lastError: result.error,
    };
    saveState(dc.activeDialog!.state, next);
    // A wrong answer, by its reason (the locale key), for the dashboard; the value is never recorded.
    if (state.spec.slot && result.error && !result.error.digression)
      await recordStep(this.services, dc.context, {
        kind: 'failed',
        step: state.spec.slot,
        reason: result.error.key,
      });
    await this.ask(dc.context, next, !result.quiet);
    return Dialog.EndOfTurn;
  }

  /** A dialog begun on top of this question ("delete my data", then kept) ended: the question comes again. */
  async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, savedState(instance.state), false);
  }

  /** Tells the router what this question expects (DESCRIBE_OPEN_QUESTION). */
  protected async onPreBubbleEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
    if (event.name !== DESCRIBE_OPEN_QUESTION) return false;
    const { spec } = savedState(dc.activeDialog!.state);
    (event.value as DescribeRequest).question = {
      slot: spec.slot,
      freeText: spec.slot !== undefined && SLOTS[spec.slot].freeText,
      field: isDetailSlot(spec.slot),
    };
    return true;
  }

  private translator(context: TurnContext): Translator {
    return this.services.translations.for(turnLanguage(context, this.services.defaultLanguage));
  }

  private async ask(context: TurnContext, state: AskState, isRetry: boolean): Promise<void> {
    const { spec } = state;
    const tr = this.translator(context);
    const lines: string[] = [];
    if (isRetry && state.lastError) {
      lines.push(tr.t(state.lastError.key, state.lastError.args));
      for (const key of state.lastError.extraKeys ?? []) lines.push(tr.t(key));
    }
    const offerAgent = state.failures >= this.services.maxFailedAnswers;
    if (offerAgent) lines.push(tr.t('validation.offerAgent'));
    const args: Record<string, string | number> = { ...(spec.args ?? {}) };
    if (spec.countryArg) args.country = countryName(spec.countryArg, tr.language);
    for (const [name, code] of Object.entries(spec.countryArgs ?? {}))
      args[name] = countryName(code, tr.language);
    lines.push(tr.t(spec.textKey, args));

    const labels = spec.choices.map((c) => this.label(c, tr));
    if (offerAgent) labels.push(tr.t('choices.agent.label'));
    const card =
      spec.withCard && this.renderCard && channelRendersCards(context.activity.channelId)
        ? await this.renderCard(context, tr, spec)
        : undefined;
    const text = lines.join('\n\n');
    // Teams shows no suggested actions in group chats and channels: the choices become card buttons there.
    if (!card && labels.length && isTeamsGroup(context)) {
      const ids = [...spec.choices.map((c) => c.id), ...(offerAgent ? ['agent'] : [])];
      await context.sendActivity(
        MessageFactory.attachment(
          choiceCard(
            text,
            ids.map((id, i) => ({ id, title: labels[i] })),
            true,
          ),
        ),
      );
      return;
    }
    if (card) {
      // The card carries its own buttons; quick replies would repeat them.
      const message = MessageFactory.attachment(card, text);
      if (offerAgent)
        message.suggestedActions = MessageFactory.suggestedActions([
          tr.t('choices.agent.label'),
        ]).suggestedActions;
      await context.sendActivity(message);
      return;
    }
    await context.sendActivity(
      labels.length ? MessageFactory.suggestedActions(labels, text) : MessageFactory.text(text),
    );
  }

  private label(c: AskChoice, tr: Translator): string {
    return tr.t(c.labelKey, c.countryArg ? { country: countryName(c.countryArg, tr.language) } : undefined);
  }

  private async recognize(context: TurnContext, spec: Spec): Promise<Recognition> {
    const tr = this.translator(context);
    const text = (context.activity.text ?? '').trim();
    const slot = isDetailSlot(spec.slot) ? (spec.slot as DetailSlot) : undefined;
    const facts = turnFacts(context);
    // The form card was submitted: the form decides what is still missing or wrong.
    if (spec.form && isFormSubmit(context.activity.value)) return { ok: true, answer: { kind: 'facts' } };
    const gaveFacts = facts.filled.length > 0 || facts.conflict !== undefined;
    if (gaveFacts && (slot || spec.endsOnFacts)) return { ok: true, answer: { kind: 'facts' } };

    const submitted = cardSubmitSchema.safeParse(context.activity.value);
    if (submitted.success && spec.choices.some((c) => c.id === submitted.data.choice)) {
      return { ok: true, answer: { kind: 'choice', id: submitted.data.choice } };
    }
    if (!text) return { ok: false, error: { key: 'general.emptyMessage', args: {} } };

    const phrases = this.phrases(spec.choices);
    if (!slot && spec.choices.length) {
      const exact = matchChoice(text, phrases, true);
      if (exact) return { ok: true, answer: { kind: 'choice', id: exact } };
    }
    // "Was ist das?", "where do I find it?" at a field question: explain the field, ask again.
    if (slot && asksAboutField(text, slot)) {
      const related =
        isQuestion(text) && !pointsAtTheField(text) ? await this.relatedTopic(text, tr.language) : undefined;
      return { ok: false, error: related ?? { digression: true, key: `flow.fieldHelp.${slot}`, args: {} } };
    }
    // A whole question ("wie bezahle ich eine Rechnung online?") is asked, not answered, even when it
    // mentions a choice: a related topic gets its answer, then the question comes again.
    const digression = isQuestion(text) ? await this.relatedTopic(text, tr.language) : undefined;
    if (digression) return { ok: false, error: digression };
    if (!slot && spec.choices.length) {
      const id = matchChoice(text, phrases) ?? yesOrNo(text, tr.language, spec.choices);
      if (id) return { ok: true, answer: { kind: 'choice', id } };
    }
    // The router has said what the message gave ("Notiert: Österreich"); the question simply comes again.
    if (!slot && gaveFacts) return { ok: false, quiet: true };
    if (slot) {
      const error = facts.errors.find((e) => e.slot === slot);
      if (error)
        return { ok: false, error: { key: error.reasonKey, args: error.args, extraKeys: error.extraKeys } };
      // The router reported what else the message carried; the question simply comes again.
      if (facts.errors.length) return { ok: false, quiet: true };
    }
    const related = slot ? undefined : await this.relatedTopic(text, tr.language);
    if (related) return { ok: false, error: related };
    return {
      ok: false,
      error: {
        key: 'validation.choice.unknown',
        args: { options: spec.choices.map((c) => this.label(c, tr)).join(', ') },
      },
    };
  }

  /** The answer to a related topic the text asks about, as the message to show before asking again. */
  private async relatedTopic(text: string, language: Language): Promise<LastError | undefined> {
    const about = await this.services.recognizer.recognize(text, language);
    if (about.intent === 'none' || !FAQ_INTENTS.has(about.intent)) return undefined;
    return {
      digression: true,
      key: `faq.${about.intent}`,
      args: { billingUrl: this.services.portals.online, corporateUrl: this.services.portals.corporate },
    };
  }

  /** Phrases per choice, built once per choice: the locale files don't change while the bot runs. */
  private readonly phraseCache = new Map<string, string[]>();

  /** A customer may answer in either language whatever the conversation's language is. */
  private phrases(choices: AskChoice[]): ChoicePhrases[] {
    return choices.map((c) => {
      const key = `${c.labelKey}|${c.synonymsKey ?? ''}|${c.countryArg ?? ''}`;
      let phrases = this.phraseCache.get(key);
      if (!phrases) {
        phrases = LANGUAGES.map((lng) => this.services.translations.for(lng)).flatMap((tr) => [
          this.label(c, tr),
          ...(c.synonymsKey ? tr.list(c.synonymsKey) : []),
          ...(c.countryArg ? [countryName(c.countryArg, tr.language)] : []),
        ]);
        this.phraseCache.set(key, phrases);
      }
      return { id: c.id, phrases };
    });
  }
}

/** The choice a parent's step received from an AskDialog ('' when the message gave facts instead). */
export function choiceOf(step: { result?: unknown }): string {
  const answer = askAnswerSchema.parse(step.result);
  return answer.kind === 'choice' ? answer.id : '';
}
