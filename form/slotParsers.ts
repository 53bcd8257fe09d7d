import type { AccountKind } from '../domain/accountKind';
import type { DetailSlot } from '../domain/caseRecord';
import { countryName, resolveCountry } from '../domain/countries';
import {
  accountEmailSchema,
  companyNameSchema,
  corporateUserIdSchema,
  firstIssueKey,
} from '../domain/fields';
import type { Language } from '../domain/language';
import { matchPaymentMethod, paymentMethodsFor, type PaymentMethod } from '../domain/paymentMethods';
import { checkVatId, findVatIdInText, vatPrefixFor } from '../domain/vat';

export type MessageArgs = Record<string, string | number>;

/** A parsed answer, or the locale key (and its arguments) that tells the user why not. */
export type FieldParse =
  { ok: true; value: string } | { ok: false; reasonKey: string; args: MessageArgs; extraKeys?: string[] };

export interface FieldContext {
  language: Language;
  country?: string;
  accountKind?: AccountKind;
  /** Localized payment method labels, for the "choose one of" message. */
  methodLabel: (method: PaymentMethod) => string;
  kindLabel: (kind: AccountKind) => string;
}

/** Echoed user input is cut short: it is shown back inside a sentence. */
export function quoted(text: string): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}

/** Reads a message as the answer to one detail slot's question, with the domain's rules. */
export function parseField(field: DetailSlot, text: string, ctx: FieldContext): FieldParse {
  switch (field) {
    case 'country': {
      const code = resolveCountry(text);
      return code
        ? { ok: true, value: code }
        : { ok: false, reasonKey: 'validation.country.unknown', args: { input: quoted(text) } };
    }
    case 'vatId': {
      const country = ctx.country ?? '';
      const candidate = findVatIdInText(text) ?? text;
      const result = checkVatId(candidate, country);
      if (result.ok) return { ok: true, value: result.vatId };
      const args = {
        input: quoted(candidate),
        country: countryName(country, ctx.language),
        prefix: result.expectedPrefix ?? vatPrefixFor(country) ?? country,
      };
      const greek = country === 'GR' && /^\s*GR/i.test(candidate);
      switch (result.reason) {
        case 'checkDigit':
          return { ok: false, reasonKey: 'validation.vat.checkDigit', args };
        case 'countryMismatch':
          return {
            ok: false,
            reasonKey: 'validation.vat.countryMismatch',
            args,
            extraKeys: greek ? ['validation.vat.greekPrefix'] : undefined,
          };
        default:
          return { ok: false, reasonKey: 'validation.vat.format', args };
      }
    }
    case 'companyName': {
      const parsed = companyNameSchema.safeParse(text);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, reasonKey: firstIssueKey(parsed.error), args: { input: quoted(text) } };
    }
    case 'accountEmail': {
      const parsed = accountEmailSchema.safeParse(text);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, reasonKey: firstIssueKey(parsed.error), args: { input: quoted(text) } };
    }
    case 'corporateUserId': {
      const parsed = corporateUserIdSchema.safeParse(text);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, reasonKey: firstIssueKey(parsed.error), args: { input: quoted(text) } };
    }
    case 'paymentMethod': {
      const kind = ctx.accountKind ?? 'online';
      const allowed = paymentMethodsFor(kind);
      const methods = allowed.map(ctx.methodLabel).join(', ');
      const method = matchPaymentMethod(text);
      if (!method) return { ok: false, reasonKey: 'validation.paymentMethod.unknown', args: { methods } };
      if (!allowed.includes(method)) {
        return {
          ok: false,
          reasonKey: 'validation.paymentMethod.notAvailable',
          args: { method: ctx.methodLabel(method), kind: ctx.kindLabel(kind), methods },
        };
      }
      return { ok: true, value: method };
    }
  }
}
