import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { summaryCard, summaryText, type SummaryFact } from '../cards/summaryCard';
import { DETAIL_SLOTS, type CaseRecord, type DetailSlot } from '../domain/caseRecord';
import { countryName } from '../domain/countries';
import { detailSlotsFor, SLOTS } from '../form/slots';
import { turnFacts } from '../form/turnFacts';
import type { Translator } from '../i18n/translator';
import { AskDialog, channelRendersCards, choice, choiceOf, type AskChoice } from './ask/askDialog';
import { COLLECT_DETAILS_DIALOG, type CollectOptions } from './collectDetailsDialog';
import { recordStep } from './shared/insightSteps';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { inTeams } from './shared/teams';

export const CONFIRM_DETAILS_DIALOG = 'confirmDetailsDialog';
const ASK = 'confirmDetailsDialog.ask';

/** The summary's "change ..." choice of a slot: editCountry, editVatId, ... */
const editChoiceOf = (slot: DetailSlot): string => `edit${slot[0].toUpperCase()}${slot.slice(1)}`;

/** The summary: the account kind and every detail that applies, as the slots display them. */
function facts(record: CaseRecord, tr: Translator): (SummaryFact & { slot: string })[] {
  const none = tr.t('flow.confirm.none');
  return [
    {
      slot: 'accountKind',
      title: tr.t('flow.confirm.fields.accountKind'),
      value: SLOTS.accountKind.display(record, tr) ?? none,
    },
    ...detailSlotsFor(record).map((slot) => ({
      slot,
      title: tr.t(`flow.confirm.fields.${slot}`),
      value: SLOTS[slot].display(record, tr) ?? none,
    })),
  ];
}

/** Step 5: a summary the customer corrects field by field, then what to enter where in the portal. */
export class ConfirmDetailsDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(CONFIRM_DETAILS_DIALOG);
    this.questions = [new AskDialog(ASK, services, (context, tr) => this.renderCard(context, tr))];
    this.addStep(this.summaryStep.bind(this));
    this.addStep(this.answerStep.bind(this));
    this.addStep(this.afterEditStep.bind(this));
  }

  private choices(record: CaseRecord): AskChoice[] {
    return [choice('confirm', 'yes'), ...detailSlotsFor(record).map((slot) => choice(editChoiceOf(slot)))];
  }

  /** Rendered when the question is shown, so a language switch or a correction shows the current values. */
  private async renderCard(context: TurnContext, tr: Translator) {
    const record = await this.services.cases.get(context);
    const editable = new Set<string>(detailSlotsFor(record));
    return summaryCard(
      tr.t('flow.confirm.title'),
      facts(record, tr).map((fact) => {
        const edit = editChoiceOf(fact.slot as DetailSlot);
        return editable.has(fact.slot)
          ? { ...fact, edit: { title: tr.t(`choices.${edit}.label`), choice: edit } }
          : fact;
      }),
      { title: tr.t('choices.confirm.label'), choice: 'confirm' },
      tr.t('flow.confirm.change'),
      inTeams(context),
    );
  }

  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const record = await this.services.cases.get(step.context);
    const tr = translatorFor(this.services, step.context);
    if (!channelRendersCards(step.context.activity.channelId))
      await step.context.sendActivity(summaryText(tr.t('flow.confirm.intro'), facts(record, tr)));
    return step.beginDialog(ASK, {
      textKey: 'flow.confirm.ask',
      choices: this.choices(record),
      withCard: true,
      endsOnFacts: true,
    });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = choiceOf(step);
    const given = turnFacts(step.context);
    // "the country is wrong, it is Austria": the value is already in the case; the form asks what it emptied.
    if (given.filled.length > 0 || given.conflict) {
      const options: CollectOptions = { conflict: given.conflict };
      return step.beginDialog(COLLECT_DETAILS_DIALOG, options);
    }
    const slot = DETAIL_SLOTS.find((s) => editChoiceOf(s) === answer);
    if (slot) {
      const options: CollectOptions = { only: slot };
      return step.beginDialog(COLLECT_DETAILS_DIALOG, options);
    }
    const tr = translatorFor(this.services, step.context);
    const record = await this.services.cases.get(step.context);
    await recordStep(this.services, step.context, { kind: 'summaryConfirmed' });
    await step.context.sendActivity(this.whatToEnterWhere(record, tr));
    return step.endDialog();
  }

  private async afterEditStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // The summary again, with the corrected values.
    return step.replaceDialog(CONFIRM_DETAILS_DIALOG, step.options);
  }

  private whatToEnterWhere(record: CaseRecord, tr: Translator): string {
    const kind = record.accountKind ?? 'online';
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
