import { ActivityTypes, MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { Culture, recognizeBoolean } from '@microsoft/recognizers-text-choice';
import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../../domain/accountKind';
import type { PaymentMethod } from '../../domain/paymentMethods';
import { countryName } from '../../domain/countries';
import { LANGUAGES, type Language } from '../../domain/language';
import type { Translator } from '../../i18n/translator';
import { turnLanguage } from '../../i18n/turnLanguage';
import { FIELD_NAMES } from '../shared/caseRecord';
import type { DialogServices } from '../shared/dialogServices';
import { matchChoice, type ChoicePhrases } from './choiceMatching';
import { parseField, type MessageArgs } from './fieldParsers';
import { asksAboutField, pointsAtTheField } from './fieldQuestions';
import { FAQ_INTENTS } from '../shared/menus';

const choiceSchema = z.object({ id: z.string(), labelKey: z.string(), synonymsKey: z.string().optional() });
export type AskChoice = z.infer<typeof choiceSchema>;

/**
 * What to ask, stored in dialog state as keys (not text), so the question can be shown again in
 * another language after a language switch or a restart.
 */
export const askSpecSchema = z.object({
  textKey: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** A country code rendered as the `country` argument in the language of the moment. */
  countryArg: z.string().optional(),
  choices: z.array(choiceSchema).default([]),
  field: z.enum(FIELD_NAMES).optional(),
  fieldContext: z
    .object({ country: z.string().optional(), accountKind: z.enum(ACCOUNT_KINDS).optional() })
    .default({}),
  /** Show the question with the prompt's card (if it has one) on channels that render Adaptive Cards. */
  withCard: z.boolean().default(false),
});
export type AskSpec = z.input<typeof askSpecSchema>;
type ParsedSpec = z.output<typeof askSpecSchema>;

const askAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), id: z.string() }),
  z.object({ kind: z.literal('value'), value: z.string() }),
]);
export type AskAnswer = z.infer<typeof askAnswerSchema>;

/** Card submissions (Teams, Web Chat) carry the choice id in activity.value. */
const cardSubmitSchema = z.object({ choice: z.string().min(1).max(64) });

const askStateSchema = z.object({
  failures: z.number().int().default(0),
  lastError: z
    .object({
      /** The user asked a related question instead of answering: the answer is this message. */
      digression: z.boolean().optional(),
      key: z.string(),
      args: z.record(z.string(), z.union([z.string(), z.number()])),
      extraKeys: z.array(z.string()).optional(),
    })
    .optional(),
});
type AskState = z.output<typeof askStateSchema>;

/** Channels that render Adaptive Cards; elsewhere (terminal chat, SMS-like channels) we send text. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test']);

export function channelRendersCards(channelId: string): boolean {
  return CARD_CHANNELS.has(channelId);
}

export type CardRenderer = (context: TurnContext, tr: Translator) => Promise<Attachment | undefined>;

/** Answers that are names and identifiers, whose "language" says nothing about the user's. */
const FREE_TEXT_FIELDS = new Set(['companyName', 'accountEmail', 'corporateUserId']);

/** Whether the open question (a dialog instance of an AskPrompt) takes a name or identifier. */
export function expectsFreeText(instance: { state?: { options?: PromptOptions } } | undefined): boolean {
  const spec = askSpecSchema.safeParse(instance?.state?.options?.validations);
  return spec.success && spec.data.field !== undefined && FREE_TEXT_FIELDS.has(spec.data.field);
}

/** Whether the open question asks for a field (country, VAT ID, name, ...) rather than a choice. */
export function expectsField(instance: { state?: { options?: PromptOptions } } | undefined): boolean {
  const spec = askSpecSchema.safeParse(instance?.state?.options?.validations);
  return spec.success && spec.data.field !== undefined;
}

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

/** Choices that answer a question with yes, and those that answer it with no. */
const YES_LIKE = new Set(['yes', 'checkDetails', 'confirm', 'worked']);
const NO_LIKE = new Set(['no', 'noThanks', 'skipDetails', 'notWorked']);

/**
 * For yes/no-shaped questions, Microsoft's Boolean recognizer catches what the synonym lists miss
 * ("yeah sure", "nope, not me", "ja klar").
 */
function yesOrNo(text: string, language: Language, choices: AskChoice[]): string | undefined {
  const yes = choices.filter((c) => YES_LIKE.has(c.id));
  const no = choices.filter((c) => NO_LIKE.has(c.id));
  if (yes.length !== 1 || no.length !== 1) return undefined;
  const [result] = recognizeBoolean(text, language === 'de' ? Culture.German : Culture.English);
  const value: unknown = result?.resolution?.value;
  return value === true ? yes[0].id : value === false ? no[0].id : undefined;
}

/** Starts an AskPrompt from a waterfall step with a typed spec. */
export function askOptions(spec: AskSpec): PromptOptions {
  return { validations: askSpecSchema.parse(spec) };
}

export function choice(id: string): AskChoice {
  return { id, labelKey: `choices.${id}.label`, synonymsKey: `choices.${id}.synonyms` };
}

/**
 * One prompt for every question of the flow: quick replies, free text validated by the field
 * parsers (zod schemas, domain rules), a specific reason on a wrong answer, and the offer of a
 * person after a few failures.
 */
export class AskPrompt extends Prompt<AskAnswer> {
  constructor(
    dialogId: string,
    private readonly services: DialogServices,
    private readonly renderCard?: CardRenderer,
  ) {
    // onRecognize may run twice a turn (botbuilder's activityReceived event), so failures are
    // counted here, where the prompt runs exactly once per answer.
    super(dialogId, async (prompt) => {
      if (!prompt.recognized.succeeded) {
        // A question answered on the way (a digression) is no wrong answer.
        const s = askStateSchema.parse(prompt.state);
        Object.assign(prompt.state, { failures: s.failures + (s.lastError?.digression ? 0 : 1) });
      }
      return prompt.recognized.succeeded;
    });
  }

  private translator(context: TurnContext): Translator {
    return this.services.translations.for(turnLanguage(context, this.services.defaultLanguage));
  }

  private spec(options: PromptOptions): ParsedSpec {
    return askSpecSchema.parse(options.validations ?? {});
  }

  protected async onPrompt(
    context: TurnContext,
    state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const spec = this.spec(options);
    const tr = this.translator(context);
    const s = askStateSchema.parse(state);
    const lines: string[] = [];
    if (isRetry && s.lastError) {
      lines.push(tr.t(s.lastError.key, s.lastError.args));
      for (const key of s.lastError.extraKeys ?? []) lines.push(tr.t(key));
    }
    const offerAgent = s.failures >= this.services.maxFailedAnswers;
    if (offerAgent) lines.push(tr.t('validation.offerAgent'));
    const args: MessageArgs = { ...(spec.args ?? {}) };
    if (spec.countryArg) args.country = countryName(spec.countryArg, tr.language);
    lines.push(tr.t(spec.textKey, args));

    const labels = spec.choices.map((c) => tr.t(c.labelKey));
    if (offerAgent) labels.push(tr.t('choices.agent.label'));
    const card =
      spec.withCard && this.renderCard && channelRendersCards(context.activity.channelId)
        ? await this.renderCard(context, tr)
        : undefined;
    const text = lines.join('\n\n');
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

  protected async onRecognize(
    context: TurnContext,
    state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<AskAnswer>> {
    const spec = this.spec(options);
    const fail = (error: AskState['lastError']): PromptRecognizerResult<AskAnswer> => {
      Object.assign(state, { lastError: error });
      return { succeeded: false };
    };
    if (context.activity.type !== ActivityTypes.Message) return { succeeded: false };
    const tr = this.translator(context);

    const submitted = cardSubmitSchema.safeParse(context.activity.value);
    if (submitted.success && spec.choices.some((c) => c.id === submitted.data.choice)) {
      return { succeeded: true, value: { kind: 'choice', id: submitted.data.choice } };
    }
    const text = (context.activity.text ?? '').trim();
    if (!text) return fail({ key: 'general.emptyMessage', args: {} });

    const phrases = this.phrases(spec.choices);
    const exact = spec.choices.length ? matchChoice(text, phrases, true) : undefined;
    if (exact) return { succeeded: true, value: { kind: 'choice', id: exact } };
    const fieldContext = {
      language: tr.language,
      country: spec.fieldContext.country,
      accountKind: spec.fieldContext.accountKind,
      methodLabel: (m: PaymentMethod) => tr.t(`paymentMethods.${m}`),
      kindLabel: (k: AccountKind) => tr.t(`accountKinds.${k}`),
    };
    // "Was ist das?", "where do I find it?" at a field question: explain the field, ask again.
    if (spec.field && asksAboutField(text, spec.field)) {
      const value = spec.field === 'companyName' ? undefined : parseField(spec.field, text, fieldContext);
      if (!value?.ok) {
        const related =
          isQuestion(text) && !pointsAtTheField(text)
            ? await this.relatedTopic(text, tr.language)
            : undefined;
        return fail(related ?? { digression: true, key: `flow.fieldHelp.${spec.field}`, args: {} });
      }
    }
    // A whole question ("wie bezahle ich eine Rechnung online?") is asked, not answered, even when it
    // mentions a choice: a related topic gets its answer, then the question comes again.
    const digression = isQuestion(text) ? await this.relatedTopic(text, tr.language) : undefined;
    if (digression) return fail(digression);
    if (spec.choices.length) {
      const id = matchChoice(text, phrases) ?? yesOrNo(text, tr.language, spec.choices);
      if (id) return { succeeded: true, value: { kind: 'choice', id } };
    }
    if (spec.field) {
      const parsed = parseField(spec.field, text, fieldContext);
      if (parsed.ok) return { succeeded: true, value: { kind: 'value', value: parsed.value } };
      return fail({ key: parsed.reasonKey, args: parsed.args, extraKeys: parsed.extraKeys });
    }
    const related = spec.field ? undefined : await this.relatedTopic(text, tr.language);
    if (related) return fail(related);
    return fail({
      key: 'validation.choice.unknown',
      args: { options: spec.choices.map((c) => tr.t(c.labelKey)).join(', ') },
    });
  }

  /** The answer to a related topic the text asks about, as the message to show before re-asking. */
  private async relatedTopic(text: string, language: Language): Promise<AskState['lastError']> {
    const about = await this.services.recognizer.recognize(text, language);
    if (about.intent === 'none' || !FAQ_INTENTS.has(about.intent)) return undefined;
    return {
      digression: true,
      key: `faq.${about.intent}`,
      args: { billingUrl: this.services.portals.online, corporateUrl: this.services.portals.corporate },
    };
  }

  /** Phrases per choice id, built once: the locale files don't change while the bot runs. */
  private readonly phraseCache = new Map<string, string[]>();

  /** A customer may answer in either language whatever the conversation's language is. */
  private phrases(choices: AskChoice[]): ChoicePhrases[] {
    return choices.map((c) => {
      const key = `${c.labelKey}|${c.synonymsKey ?? ''}`;
      let phrases = this.phraseCache.get(key);
      if (!phrases) {
        phrases = LANGUAGES.map((lng: Language) => this.services.translations.for(lng)).flatMap((tr) => [
          tr.t(c.labelKey),
          ...(c.synonymsKey ? tr.list(c.synonymsKey) : []),
        ]);
        this.phraseCache.set(key, phrases);
      }
      return { id: c.id, phrases };
    });
  }
}

/** The choice id or the parsed value a waterfall step received from an AskPrompt. */
export function answerOf(step: { result?: unknown }): string {
  const answer = askAnswerSchema.parse(step.result);
  return answer.kind === 'choice' ? answer.id : answer.value;
}
