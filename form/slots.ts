import type { AccountKind } from '../domain/accountKind';
import { DETAIL_SLOTS, type CaseRecord, type DetailSlot, type SlotName } from '../domain/caseRecord';
import { countryList, countryName, isEuMember } from '../domain/countries';
import { paymentMethodsFor, type PaymentMethod } from '../domain/paymentMethods';
import { checkVatId, taxedRegardless, vatApplies, vatPrefixFor } from '../domain/vat';
import type { Translator } from '../i18n/translator';
import { parseField, type FieldContext, type FieldParse } from './slotParsers';

/** A choice offered with a question; `polarity` says whether choosing it answers the question yes or no. */
export interface ChoiceSpec {
  id: string;
  labelKey: string;
  synonymsKey?: string;
  polarity?: 'yes' | 'no';
  /** A country code shown as the label's `country` argument, in the language of the moment. */
  countryArg?: string;
}

/** Stored as keys and codes (not text), so a question is shown again in another language after a switch. */
export interface QuestionSpec {
  textKey: string;
  args?: Record<string, string | number>;
  countryArg?: string;
  choices?: ChoiceSpec[];
}

/** A message that tells the customer something: a locale key and its arguments. */
export interface Note {
  key: string;
  args?: Record<string, string | number>;
  /** Country codes rendered as names in the language of the moment. */
  countryArgs?: Record<string, string>;
  /** Locale keys rendered as their text (a payment method's label, say). */
  keyArgs?: Record<string, string>;
}

/** A note in the customer's language. */
export function renderNote(note: Note, tr: Translator): string {
  const args: Record<string, string | number> = { ...note.args };
  for (const [name, code] of Object.entries(note.countryArgs ?? {}))
    args[name] = countryName(code, tr.language);
  for (const [name, key] of Object.entries(note.keyArgs ?? {})) args[name] = tr.t(key);
  return tr.t(note.key, args);
}

/**
 * One fact of the case, declared once: the form asks for it, the extractor fills it from any message, the
 * case store re-checks it when what it depends on changes, and the summary and the handoff show it. Adding
 * a field is one declaration here and its locale keys.
 */
export interface SlotDeclaration {
  name: SlotName;
  /** Whether the slot is part of this case (a VAT ID only where VAT applies, the User ID only for corporate). */
  appliesTo(record: CaseRecord): boolean;
  /** Slots whose change makes this one be checked again (recheck). */
  dependsOn: readonly SlotName[];
  /** Names and identifiers: their wording says nothing about the customer's language or intent. */
  freeText: boolean;
  /** The question of the details form; the contact and account slots are asked by dialogs of their own. */
  question?(record: CaseRecord): QuestionSpec;
  /** Reads a whole message as the answer to this slot's question. */
  parse?(text: string, ctx: FieldContext): FieldParse;
  /** The value a choice of the question stands for ("Keine USt-IdNr." is null). */
  fromChoice?(id: string): string | null | undefined;
  /** Whether the value kept still fits after a slot it depends on changed; the note saying why not. */
  recheck?(record: CaseRecord): Note | undefined;
  /** How the summary, the "noted" line and the agent show the value. */
  display(record: CaseRecord, tr: Translator): string | undefined;
  /** What the customer should know once this slot has a value. */
  notes?(record: CaseRecord): Note[];
  /** How a card form (Teams) asks for it: the same slot, the same checks as a typed answer. */
  input?: SlotInput;
}

export type SlotInput =
  | { type: 'text'; maxLength: number }
  | { type: 'choice'; choices(record: CaseRecord, tr: Translator): { value: string; title: string }[] };

const kindOf = (record: CaseRecord): AccountKind => record.accountKind ?? 'online';

function detail(
  name: DetailSlot,
  rest: Omit<SlotDeclaration, 'name' | 'parse' | 'display'> & {
    display?: SlotDeclaration['display'];
  },
): SlotDeclaration {
  return {
    name,
    parse: (text, ctx) => parseField(name, text, ctx),
    display: (record) => {
      const value = record[name];
      return typeof value === 'string' ? value : undefined;
    },
    ...rest,
  };
}

export const SLOTS: Record<SlotName, SlotDeclaration> = {
  isBillingContact: {
    name: 'isBillingContact',
    appliesTo: () => true,
    dependsOn: [],
    freeText: false,
    display: (record, tr) =>
      record.isBillingContact ? tr.t(`form.display.isBillingContact.${record.isBillingContact}`) : undefined,
  },
  accountKind: {
    name: 'accountKind',
    appliesTo: () => true,
    dependsOn: [],
    freeText: false,
    // The label of the choice ("Online account"): it stands alone in a list or on the summary card.
    display: (record, tr) => (record.accountKind ? tr.t(`choices.${record.accountKind}.label`) : undefined),
  },
  country: detail('country', {
    appliesTo: () => true,
    dependsOn: [],
    freeText: false,
    question: () => ({ textKey: 'flow.collect.askCountry' }),
    input: {
      type: 'choice',
      choices: (_record, tr) => countryList(tr.language).map((c) => ({ value: c.code, title: c.name })),
    },
    display: (record, tr) => (record.country ? countryName(record.country, tr.language) : undefined),
    notes: (record) => {
      const country = record.country ?? '';
      if (!vatApplies(country)) return [{ key: 'flow.collect.vatNotApplicable', countryArgs: { country } }];
      if (taxedRegardless(country)) return [{ key: 'flow.collect.vatTaxedAnyway', countryArgs: { country } }];
      return [];
    },
  }),
  vatId: detail('vatId', {
    appliesTo: (record) => record.country !== undefined && vatApplies(record.country),
    dependsOn: ['country'],
    freeText: false,
    question: (record) => {
      const country = record.country ?? '';
      return {
        textKey: 'flow.collect.askVat',
        countryArg: country,
        args: { prefix: vatPrefixFor(country) ?? country },
        choices: [
          { id: 'skipVat', labelKey: 'choices.skipVat.label', synonymsKey: 'choices.skipVat.synonyms' },
        ],
      };
    },
    fromChoice: (id) => (id === 'skipVat' ? null : undefined),
    input: { type: 'text', maxLength: 20 },
    recheck: (record) => {
      if (typeof record.vatId !== 'string' || !record.country) return undefined;
      if (checkVatId(record.vatId, record.country).ok) return undefined;
      return {
        key: 'form.recheck.vatId',
        args: { vatId: record.vatId },
        countryArgs: { country: record.country },
      };
    },
    display: (record, tr) =>
      record.vatId === null ? tr.t('form.display.noVatId') : (record.vatId ?? undefined),
    notes: (record) => {
      if (typeof record.vatId === 'string')
        return [{ key: 'flow.collect.vatAccepted', args: { vatId: record.vatId } }];
      const country = record.country ?? '';
      return record.vatId === null && isEuMember(country) && !taxedRegardless(country)
        ? [{ key: 'flow.collect.vatChargedWithout' }]
        : [];
    },
  }),
  companyName: detail('companyName', {
    appliesTo: () => true,
    dependsOn: [],
    freeText: true,
    question: () => ({ textKey: 'flow.collect.askCompany' }),
    input: { type: 'text', maxLength: 120 },
  }),
  accountEmail: detail('accountEmail', {
    appliesTo: (record) => kindOf(record) === 'online',
    dependsOn: ['accountKind'],
    freeText: true,
    question: () => ({ textKey: 'flow.collect.askEmail' }),
    input: { type: 'text', maxLength: 254 },
  }),
  corporateUserId: detail('corporateUserId', {
    appliesTo: (record) => kindOf(record) === 'corporate',
    dependsOn: ['accountKind'],
    freeText: true,
    question: () => ({ textKey: 'flow.collect.askUserId' }),
    input: { type: 'text', maxLength: 100 },
  }),
  paymentMethod: detail('paymentMethod', {
    appliesTo: () => true,
    dependsOn: ['accountKind'],
    freeText: false,
    question: (record) => ({
      textKey: 'flow.collect.askPaymentMethod',
      choices: paymentMethodsFor(kindOf(record)).map((m) => ({ id: m, labelKey: `paymentMethods.${m}` })),
    }),
    fromChoice: (id) => (paymentMethodsFor('corporate').includes(id as PaymentMethod) ? id : undefined),
    input: {
      type: 'choice',
      choices: (record, tr) =>
        paymentMethodsFor(kindOf(record)).map((m) => ({ value: m, title: tr.t(`paymentMethods.${m}`) })),
    },
    recheck: (record) => {
      const method = record.paymentMethod;
      if (!method || !record.accountKind || paymentMethodsFor(record.accountKind).includes(method))
        return undefined;
      return {
        key: 'form.recheck.paymentMethod',
        keyArgs: { method: `paymentMethods.${method}`, kind: `accountKinds.${record.accountKind}` },
      };
    },
    display: (record, tr) =>
      record.paymentMethod ? tr.t(`paymentMethods.${record.paymentMethod}`) : undefined,
  }),
};

/** The details form's slots that apply to this case, in the order they are asked. */
export function detailSlotsFor(record: CaseRecord): DetailSlot[] {
  return DETAIL_SLOTS.filter((name) => SLOTS[name].appliesTo(record));
}

/** The slot the details form asks for next (Rasa's requested slot): the first that applies and is empty. */
export function requestedSlot(record: CaseRecord, only?: DetailSlot): DetailSlot | undefined {
  return detailSlotsFor(record).find((name) => record[name] === undefined && (!only || name === only));
}
