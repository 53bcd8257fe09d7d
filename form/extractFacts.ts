import { ACCOUNT_KINDS, type AccountKind } from '../domain/accountKind';
import { DETAIL_SLOTS, type CaseRecord, type DetailSlot, type SlotName } from '../domain/caseRecord';
import { findCountryInText, resolveCountry } from '../domain/countries';
import { findCompanyInText, findEmailInText, findUserIdInText } from '../domain/fields';
import { LANGUAGES, type Language } from '../domain/language';
import { matchPaymentMethod } from '../domain/paymentMethods';
import { foldText } from '../domain/typos';
import { countryOfVatId, findVatIdInText } from '../domain/vat';
import type { Translations, Translator } from '../i18n/translator';
import { matchChoice } from '../nlu/choiceMatching';
import { SLOTS } from './slots';
import type { FieldContext, FieldParse } from './slotParsers';

export interface SlotError {
  slot: SlotName;
  reasonKey: string;
  args: Record<string, string | number>;
  extraKeys?: string[];
}

/** A valid VAT ID of another country than the billing country given: the customer decides which is right. */
export interface VatConflict {
  vatId: string;
  vatCountry: string;
  country: string;
}

export interface Extraction {
  /** Checked values to write into the case. */
  values: Partial<CaseRecord>;
  /** Slots worked out from another value (the country from a VAT ID's prefix). */
  derived: SlotName[];
  /** Values the message carried that failed their check, with the reason to tell the customer. */
  errors: SlotError[];
  conflict?: VatConflict;
}

export interface ExtractionInput {
  text: string;
  /** activity.value: a card submit (`{ choice }`, or slot names with values from a card form). */
  value?: unknown;
  record: CaseRecord;
  /** The slot the open question asks for, if any: it takes the whole answer. */
  requested?: SlotName;
  /** A question is open: a choice one (yes/no, the summary) takes a payment method only as a wish. */
  atQuestion?: boolean;
  language: Language;
}

/** "per Lastschrift", "auf PayPal umstellen", "by direct debit": a method named as the one to use. */
const AS_A_WISH = /\b(?:per|via|mit|auf|zu|ueber|über|by|with|to|through|using)\s+(?:\S+\s+)?\S*$/i;

type Found = Partial<Record<SlotName, string>>;

const isDetail = (slot: SlotName | undefined): slot is DetailSlot =>
  slot !== undefined && (DETAIL_SLOTS as readonly string[]).includes(slot);

/** Words before a phrase that turn it around ("kein Unternehmenskonto", "not a corporate account"). */
const NEGATED_BEFORE = /\b(?:kein\w*|nicht|not|no)\s+(?:\w+\s+)?$/;

/**
 * Reads every fact a message carries (Rasa's slot mappings): the answer to the open question from the
 * whole message, and the other slots from what is unmistakable in it (a VAT ID, an email address, a
 * country's name, a payment method, "Unternehmenskonto", a name with its legal form). Every value passes
 * the same checks as a direct answer; one that fails comes back as an error with its reason, never dropped.
 */
export class FactExtractor {
  private readonly phrases: {
    accountKind: Record<AccountKind, string[]>;
    isBillingContact: { yes: string[]; no: string[] };
  };
  private readonly changeWords: string[];
  private readonly choicePhrases = new Map<string, string[]>();

  constructor(private readonly translations: Translations) {
    const both = (key: string) => LANGUAGES.flatMap((l) => translations.for(l).list(key)).map(foldText);
    this.phrases = {
      accountKind: {
        online: both('facts.accountKind.online'),
        corporate: both('facts.accountKind.corporate'),
      },
      isBillingContact: { yes: both('facts.isBillingContact.yes'), no: both('facts.isBillingContact.no') },
    };
    this.changeWords = both('facts.changeRequest');
  }

  /**
   * Whether a first message that carries facts asks for the change: "wir haben ein Unternehmenskonto und
   * möchten künftig per Überweisung zahlen" is a change, not the question about account kinds. A question
   * ("kann ich mit PayPal zahlen?") is not.
   */
  startsChange(text: string, facts: Extraction): boolean {
    const carries =
      Object.keys(facts.values).length > 0 || facts.errors.length > 0 || facts.conflict !== undefined;
    if (!carries) return false;
    const folded = ` ${foldText(text)} `;
    if (this.changeWords.some((w) => folded.includes(` ${w} `) || folded.includes(` ${w}`))) return true;
    const method =
      facts.values.paymentMethod !== undefined || facts.errors.some((e) => e.slot === 'paymentMethod');
    return method && !/\?\s*$/.test(text) && /\b(?:zahlen|bezahlen|zahlung|pay|paying)\b/i.test(folded);
  }

  extract(input: ExtractionInput): Extraction {
    const out: Extraction = { values: {}, derived: [], errors: [] };
    const { record, requested } = input;
    const text = input.text.trim();
    const tr = this.translations.for(input.language);
    const ctx = (country?: string, kind?: AccountKind): FieldContext => ({
      language: input.language,
      country: country ?? record.country,
      accountKind: kind ?? record.accountKind,
      methodLabel: (m) => tr.t(`paymentMethods.${m}`),
      kindLabel: (k) => tr.t(`accountKinds.${k}`),
    });

    this.fromCardValue(input, out, ctx());

    let answer: string | undefined = isDetail(requested) ? text : undefined;
    let found: Found = {};
    const segments = text
      .split(/[,;\n]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (isDetail(requested) && SLOTS[requested].freeText) {
      // A name or identifier is the whole answer, unless the message lists more, comma by comma.
      // A lone VAT ID or email address where a name is asked for was meant as what it is.
      const lone = segments.length === 1 ? this.findWholeSegment(text, requested) : {};
      if (lone.vatId || lone.accountEmail) {
        found = { vatId: lone.vatId, accountEmail: lone.accountEmail };
        answer = '';
      } else if (segments.length > 1) {
        const rest: string[] = [];
        for (const segment of segments) {
          const hits = this.findWholeSegment(segment, requested);
          if (Object.keys(hits).length) found = { ...hits, ...found };
          else rest.push(segment);
        }
        answer = rest.join(', ');
      }
    } else if (text) {
      found = this.findInSentence(text, requested);
      // "nein, es zeigt noch die alte Karte" at "did it work?" names a card, not a new method.
      if (found.paymentMethod && input.atQuestion && !isDetail(requested) && !this.namesMethodAsWish(text))
        delete found.paymentMethod;
      for (const segment of segments.length > 1 ? segments : []) {
        const company = requested === 'companyName' ? undefined : findCompanyInText(segment);
        if (company && !found.companyName) found.companyName = company;
      }
    }

    // The kind and country first: the VAT ID and the payment method are checked against them.
    const kind = (found.accountKind as AccountKind | undefined) ?? record.accountKind;
    if (found.accountKind) out.values.accountKind = kind;
    if (found.isBillingContact) out.values.isBillingContact = found.isBillingContact as 'yes' | 'no';
    if (found.country) out.values.country = found.country;

    if (isDetail(requested) && answer !== undefined && out.values[requested] === undefined) {
      this.answerRequested(requested, answer, input, out, ctx(out.values.country, kind));
      // A VAT ID typed at the country question: its prefix names the country.
      const own = found.vatId ? countryOfVatId(found.vatId) : undefined;
      if (requested === 'country' && out.values.country === undefined && own) {
        out.errors = out.errors.filter((e) => e.slot !== 'country');
        out.values.country = own;
        out.derived.push('country');
      }
    }
    const country = out.values.country ?? (requested === 'country' ? undefined : record.country);

    if (found.vatId && requested !== 'vatId') this.takeVatId(found.vatId, country, out, ctx(country, kind));
    if (found.paymentMethod && requested !== 'paymentMethod') {
      this.takeParsed(
        'paymentMethod',
        SLOTS.paymentMethod.parse!(found.paymentMethod, ctx(country, kind)),
        out,
      );
    }
    for (const slot of ['companyName', 'accountEmail', 'corporateUserId'] as const) {
      const value = found[slot];
      if (value && requested !== slot)
        this.takeParsed(slot, SLOTS[slot].parse!(value, ctx(country, kind)), out);
    }
    return out;
  }

  private namesMethodAsWish(text: string): boolean {
    const folded = ` ${foldText(text)} `;
    if (this.changeWords.some((w) => folded.includes(` ${w}`))) return true;
    const method = matchPaymentMethod(text);
    if (!method) return false;
    // The words before the first mention of a method word.
    const at = text.search(
      /pay\s?pal|karte|card|lastschrift|debit|ueberweisung|überweisung|transfer|scheck|cheque|check/i,
    );
    return at > 0 && AS_A_WISH.test(text.slice(0, at));
  }

  /** The open question's answer: a choice of it ("Keine USt-IdNr."), else the message read for its slot. */
  private answerRequested(
    slot: DetailSlot,
    answer: string,
    input: ExtractionInput,
    out: Extraction,
    ctx: FieldContext,
  ): void {
    const decl = SLOTS[slot];
    const choices = decl.question?.({ ...input.record, ...out.values }).choices ?? [];
    if (choices.length && answer) {
      const id = matchChoice(
        answer,
        choices.map((c) => ({ id: c.id, phrases: this.phrasesOf(c) })),
      );
      const value = id ? decl.fromChoice?.(id) : undefined;
      if (value !== undefined) {
        out.values = { ...out.values, [slot]: value };
        return;
      }
    }
    if (!answer) return;
    if (slot === 'vatId') {
      this.takeVatId(answer, ctx.country, out, ctx, true);
      return;
    }
    this.takeParsed(slot, decl.parse!(answer, ctx), out);
  }

  /**
   * A VAT ID against the billing country: valid there, it is taken; valid only for another country, the
   * customer is asked which is right; with no country yet, its prefix gives the country.
   */
  private takeVatId(
    candidate: string,
    country: string | undefined,
    out: Extraction,
    ctx: FieldContext,
    asAnswer = false,
  ): void {
    const own = countryOfVatId(findVatIdInText(candidate) ?? candidate);
    if (!country && own) {
      const parsed = SLOTS.vatId.parse!(candidate, { ...ctx, country: own });
      if (parsed.ok) {
        out.values.country = own;
        out.derived.push('country');
        out.values.vatId = parsed.value;
      }
      return;
    }
    if (!country) {
      if (!asAnswer)
        out.errors.push({ slot: 'vatId', reasonKey: 'validation.vat.format', args: { input: candidate } });
      return;
    }
    const parsed = SLOTS.vatId.parse!(candidate, { ...ctx, country });
    if (!parsed.ok && own && own !== country) {
      out.conflict = { vatId: findVatIdInText(candidate) ?? candidate, vatCountry: own, country };
      return;
    }
    this.takeParsed('vatId', parsed, out);
  }

  private takeParsed(slot: SlotName, parsed: FieldParse, out: Extraction): void {
    if (parsed.ok) out.values = { ...out.values, [slot]: parsed.value };
    else
      out.errors.push({ slot, reasonKey: parsed.reasonKey, args: parsed.args, extraKeys: parsed.extraKeys });
  }

  /** Slots named in a card form's submit (Teams), and a choice button standing for the open slot's value. */
  private fromCardValue(input: ExtractionInput, out: Extraction, ctx: FieldContext): void {
    const value = input.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    const fields = value as Record<string, unknown>;
    if (isDetail(input.requested) && typeof fields.choice === 'string') {
      const fromChoice = SLOTS[input.requested].fromChoice?.(fields.choice);
      if (fromChoice !== undefined) out.values = { ...out.values, [input.requested]: fromChoice };
    }
    // The details form (Teams): an empty VAT ID field means "I have none", as the field's label says.
    if (fields.form === 'details' && (typeof fields.vatId !== 'string' || !fields.vatId.trim())) {
      out.values = { ...out.values, vatId: null };
    }
    for (const slot of DETAIL_SLOTS) {
      const raw = fields[slot];
      if (typeof raw !== 'string' || !raw.trim()) continue;
      if (slot === 'vatId') this.takeVatId(raw, out.values.country ?? ctx.country, out, ctx, true);
      else
        this.takeParsed(
          slot,
          SLOTS[slot].parse!(raw, { ...ctx, country: out.values.country ?? ctx.country }),
          out,
        );
    }
  }

  /** What is unmistakable in a sentence; never the open question's own slot. */
  private findInSentence(text: string, requested: SlotName | undefined): Found {
    const found: Found = {};
    const folded = ` ${foldText(text)} `;
    if (requested !== 'isBillingContact') {
      if (this.phrases.isBillingContact.no.some((p) => folded.includes(` ${p} `)))
        found.isBillingContact = 'no';
      else if (this.phrases.isBillingContact.yes.some((p) => folded.includes(` ${p} `)))
        found.isBillingContact = 'yes';
    }
    if (requested !== 'accountKind') {
      const kinds = ACCOUNT_KINDS.filter((k) =>
        this.phrases.accountKind[k].some((p) => {
          const at = folded.indexOf(` ${p} `);
          return at >= 0 && !NEGATED_BEFORE.test(folded.slice(0, at + 1));
        }),
      );
      if (kinds.length === 1) found.accountKind = kinds[0];
    }
    const vatId = findVatIdInText(text);
    if (vatId) found.vatId = vatId;
    if (requested !== 'country') {
      const country = findCountryInText(text);
      if (country) found.country = country;
    }
    const email = findEmailInText(text);
    if (email) found.accountEmail = email;
    const userId = findUserIdInText(text);
    if (userId) found.corporateUserId = userId;
    if (requested !== 'paymentMethod' && matchPaymentMethod(text)) found.paymentMethod = text;
    // A list ("Österreich, ATU..., ACME GmbH") is read part by part by the caller.
    const company = /[,;\n]/.test(text) ? undefined : findCompanyInText(text);
    if (company && requested !== 'companyName') found.companyName = company;
    // An email address given where the account is corporate is its User ID (User IDs may be emails).
    if (found.accountEmail && (found.accountKind ?? '') === 'corporate' && !found.corporateUserId) {
      found.corporateUserId = found.accountEmail;
      delete found.accountEmail;
    }
    return found;
  }

  /** One comma-separated part of an answer to a name question: taken only when it is wholly another slot. */
  private findWholeSegment(segment: string, requested: SlotName): Found {
    const found: Found = {};
    const words = segment.split(/\s+/).length;
    const vatId = findVatIdInText(segment);
    if (vatId && words <= 3) found.vatId = vatId;
    const email = findEmailInText(segment);
    if (email && words <= 2 && requested !== 'accountEmail' && requested !== 'corporateUserId')
      found.accountEmail = email;
    if (!found.vatId && words <= 2 && !findCompanyInText(segment)) {
      const country = resolveCountry(segment);
      if (country) found.country = country;
    }
    if (words <= 4 && matchPaymentMethod(segment)) found.paymentMethod = segment;
    const folded = foldText(segment);
    for (const kind of ACCOUNT_KINDS)
      if (this.phrases.accountKind[kind].includes(folded)) found.accountKind = kind;
    if (requested !== 'companyName') {
      const company = findCompanyInText(segment);
      if (company) found.companyName = company;
    }
    return found;
  }

  private phrasesOf(choice: { id: string; labelKey: string; synonymsKey?: string }): string[] {
    const key = `${choice.labelKey}|${choice.synonymsKey ?? ''}`;
    let phrases = this.choicePhrases.get(key);
    if (!phrases) {
      phrases = LANGUAGES.map((l): Translator => this.translations.for(l)).flatMap((tr) => [
        tr.t(choice.labelKey),
        ...(choice.synonymsKey ? tr.list(choice.synonymsKey) : []),
      ]);
      this.choicePhrases.set(key, phrases);
    }
    return phrases;
  }
}
