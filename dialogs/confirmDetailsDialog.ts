import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { summaryCard, summaryText, type SummaryFact } from '../cards/summaryCard';
import { ACCOUNT_KINDS, type AccountKind } from '../domain/accountKind';
import { countryName } from '../domain/countries';
import { vatApplies } from '../domain/vat';
import type { Translator } from '../i18n/translator';
import { COLLECT_DETAILS_DIALOG, CollectDetailsDialog, type CollectOptions } from './collectDetailsDialog';
import {
  AskPrompt,
  answerOf,
  askOptions,
  channelRendersCards,
  choice,
  type AskChoice,
} from './prompts/askPrompt';
import type { CaseRecord, FieldName } from './shared/caseRecord';
import { translatorFor, type DialogServices } from './shared/dialogServices';

export const CONFIRM_DETAILS_DIALOG = 'confirmDetailsDialog';
const ASK = 'confirmDetailsDialog.ask';
const FLOW = 'confirmDetailsDialog.flow';

const optionsSchema = z.object({ kind: z.enum(ACCOUNT_KINDS) });

const EDIT_CHOICES: Record<FieldName, string> = {
  country: 'editCountry',
  vatId: 'editVatId',
  companyName: 'editCompanyName',
  accountEmail: 'editAccountEmail',
  corporateUserId: 'editCorporateUserId',
  paymentMethod: 'editPaymentMethod',
};

function fieldsFor(kind: AccountKind, record: CaseRecord): FieldName[] {
  const fields: FieldName[] = ['country'];
  if (record.country && vatApplies(record.country)) fields.push('vatId');
  fields.push('companyName', kind === 'online' ? 'accountEmail' : 'corporateUserId', 'paymentMethod');
  return fields;
}

function factValue(field: FieldName, record: CaseRecord, tr: Translator): string {
  const none = tr.t('flow.confirm.none');
  switch (field) {
    case 'country':
      return record.country ? countryName(record.country, tr.language) : none;
    case 'paymentMethod':
      return record.paymentMethod ? tr.t(`paymentMethods.${record.paymentMethod}`) : none;
    default:
      return record[field] ?? none;
  }
}

function facts(kind: AccountKind, record: CaseRecord, tr: Translator): SummaryFact[] {
  return [
    { title: tr.t('flow.confirm.fields.accountKind'), value: tr.t(`accountKinds.${kind}`) },
    ...fieldsFor(kind, record).map((f) => ({
      title: tr.t(`flow.confirm.fields.${f}`),
      value: factValue(f, record, tr),
    })),
  ];
}

/** Step 5: a summary the user corrects field by field, then what to enter where in the portal. */
export class ConfirmDetailsDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(CONFIRM_DETAILS_DIALOG);
    this.addDialog(new AskPrompt(ASK, services, (context, tr) => this.renderCard(context, tr)));
    this.addDialog(new CollectDetailsDialog(services));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.summaryStep.bind(this),
        this.answerStep.bind(this),
        this.afterEditStep.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private async record(context: TurnContext): Promise<CaseRecord> {
    return this.services.caseRecord.get(context, {});
  }

  private choices(kind: AccountKind, record: CaseRecord): AskChoice[] {
    return [choice('confirm'), ...fieldsFor(kind, record).map((f) => choice(EDIT_CHOICES[f]))];
  }

  /** Rendered at prompt time, so a language switch or a correction shows the current values. */
  private async renderCard(context: TurnContext, tr: Translator) {
    const record = await this.record(context);
    const kind = record.accountKind ?? 'online';
    return summaryCard(
      tr.t('flow.confirm.title'),
      facts(kind, record, tr),
      this.choices(kind, record).map((c) => ({ title: tr.t(c.labelKey), choice: c.id })),
    );
  }

  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kind } = optionsSchema.parse(step.options);
    const record = await this.record(step.context);
    const tr = translatorFor(this.services, step.context);
    const cards = channelRendersCards(step.context.activity.channelId);
    if (!cards)
      await step.context.sendActivity(summaryText(tr.t('flow.confirm.intro'), facts(kind, record, tr)));
    return step.prompt(
      ASK,
      askOptions({ textKey: 'flow.confirm.ask', choices: this.choices(kind, record), withCard: true }),
    );
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kind } = optionsSchema.parse(step.options);
    const answer = answerOf(step);
    const field = (Object.keys(EDIT_CHOICES) as FieldName[]).find((f) => EDIT_CHOICES[f] === answer);
    if (field) {
      const options: CollectOptions = { kind, only: field };
      return step.beginDialog(COLLECT_DETAILS_DIALOG, options);
    }
    const tr = translatorFor(this.services, step.context);
    const record = await this.record(step.context);
    await step.context.sendActivity(this.whatToEnterWhere(kind, record, tr));
    return step.endDialog();
  }

  private async afterEditStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // The waterfall again (not the component, which is not in its own set: repromptDialog would fail).
    return step.replaceDialog(FLOW, step.options);
  }

  private whatToEnterWhere(kind: AccountKind, record: CaseRecord, tr: Translator): string {
    const country = record.country ? countryName(record.country, tr.language) : '';
    const method = record.paymentMethod ? tr.t(`paymentMethods.${record.paymentMethod}`) : '';
    const company = record.companyName ?? '';
    const url = this.services.portals[kind];
    const text =
      kind === 'online'
        ? tr.t('flow.confirm.enterWhereOnline', {
            url,
            email: record.accountEmail ?? '',
            vatStep: record.vatId
              ? tr.t('flow.confirm.vatStepWith', { vatId: record.vatId })
              : tr.t('flow.confirm.vatStepWithout'),
            method,
            company,
            country,
          })
        : tr.t('flow.confirm.enterWhereCorporate', {
            url,
            userId: record.corporateUserId ?? '',
            method,
            company,
            country,
            vatNote: record.vatId ? tr.t('flow.confirm.vatNoteWith', { vatId: record.vatId }) : '',
          });
    return `${text}\n\n${tr.t('flow.confirm.cardReminder')}`;
  }
}
