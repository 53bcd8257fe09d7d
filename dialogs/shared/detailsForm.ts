import type { Attachment, TurnContext } from 'botbuilder';
import { detailsFormCard, type FormField } from '../../cards/detailsFormCard';
import type { CaseRecord, DetailSlot } from '../../domain/caseRecord';
import type { SlotError } from '../../form/extractFacts';
import { SLOTS } from '../../form/slots';
import { turnFacts } from '../../form/turnFacts';
import type { Translator } from '../../i18n/translator';
import { inTeams, isFormSubmit } from './teams';

/** The fields of the form: the detail slots of this account kind (the VAT ID always: its country is chosen here too). */
function formSlots(record: CaseRecord): DetailSlot[] {
  const identity: DetailSlot =
    (record.accountKind ?? 'online') === 'online' ? 'accountEmail' : 'corporateUserId';
  return ['country', 'vatId', 'companyName', identity, 'paymentMethod'];
}

/** A slot's value as an input holds it. */
function shownValue(slot: DetailSlot, record: CaseRecord): string | undefined {
  const value = record[slot];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The details form card, built from the slot declarations (a new slot with an input appears here and in
 * the typed form alike): the values given so far (or just submitted, wrong ones too), and the reason
 * under each wrong or missing field.
 */
export function detailsForm(
  context: TurnContext,
  tr: Translator,
  record: CaseRecord,
  showMissing: boolean,
): Attachment {
  const submitted: Record<string, unknown> = isFormSubmit(context.activity.value)
    ? context.activity.value
    : {};
  const errors = new Map<string, SlotError>(turnFacts(context).errors.map((e) => [e.slot, e]));
  const fields: FormField[] = formSlots(record).map((slot) => {
    const decl = SLOTS[slot];
    const raw = submitted[slot];
    const error = errors.get(slot);
    const missing = showMissing && decl.appliesTo(record) && record[slot] === undefined && slot !== 'vatId';
    const input = decl.input!;
    return {
      id: slot,
      label: tr.t(`form.card.labels.${slot}`),
      value: typeof raw === 'string' && error ? raw : shownValue(slot, record),
      error: error ? tr.t(error.reasonKey, error.args) : missing ? tr.t('form.card.required') : undefined,
      input:
        input.type === 'text'
          ? {
              type: 'text',
              maxLength: input.maxLength,
              placeholder: tr.exists(`form.card.placeholders.${slot}`)
                ? tr.t(`form.card.placeholders.${slot}`)
                : undefined,
            }
          : {
              type: 'choice',
              choices: input.choices(record, tr).map((c) => ({ title: c.title, value: c.value })),
            },
    };
  });
  return detailsFormCard(
    tr.t('form.card.title'),
    tr.t('form.card.intro'),
    fields,
    tr.t('form.card.submit'),
    inTeams(context),
  );
}
