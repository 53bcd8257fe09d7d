import { checkVAT, countries as vatCountries, greece, unitedKingdom, type Country } from 'jsvat-next';
import isoCountries from 'i18n-iso-countries/index';
import { isEuMember } from './countries';

export type VatRejection = 'format' | 'checkDigit' | 'countryMismatch' | 'notApplicable';

export type VatCheck =
  { ok: true; vatId: string } | { ok: false; reason: VatRejection; expectedPrefix?: string };

/**
 * Scope: the EU 27 plus the UK, because those are the places where GoTo charges VAT (DOMAIN.md, "VAT").
 * Switzerland and Norway are deliberately out: the sources say nothing about them, and their numbers do not
 * follow the "two-letter prefix + digits" shape (CHE...MWST, ...MVA) the rest of this module relies on.
 */
const inScope = (country: string): boolean => isEuMember(country) || country === 'GB';

/** Checked on the normalized, prefixed value; jsvat's rule sets are looked up by ISO code (Greece: GR). */
function jsvatCountry(country: string): Country | undefined {
  return vatCountries.find((c) => c.codes[0] === country);
}

const upper = (s: string): string => s.trim().toUpperCase();

/** Upper case without the spaces, dots and dashes people type into VAT IDs. */
export function normalizeVatId(input: string): string {
  return input.toUpperCase().replace(/[\s.\-\u2010-\u2015]+/g, '');
}

/** The prefix a VAT ID of this billing country starts with ('EL' for Greece); undefined out of scope. */
export function vatPrefixFor(country: string): string | undefined {
  const code = upper(country);
  if (!inScope(code)) return undefined;
  return code === 'GR' ? 'EL' : code;
}

export function vatApplies(country: string): boolean {
  return inScope(upper(country));
}

/** UK and Ireland tax every customer, VAT ID or not (DOMAIN.md). */
export function taxedRegardless(country: string): boolean {
  const code = upper(country);
  return code === 'GB' || code === 'IE';
}

/** Prefixes accepted for a billing country: Northern Ireland's XI counts as the UK's. */
function acceptedPrefixes(country: string): string[] {
  if (country === 'GB') return ['GB', 'XI'];
  const prefix = vatPrefixFor(country);
  return prefix ? [prefix] : [];
}

/** Any two letters that name a country or a VAT-only prefix: enough to say "that is another country's ID". */
function isCountryPrefix(letters: string): boolean {
  return letters === 'EL' || letters === 'XI' || isoCountries.isValid(letters);
}

type Verdict = { formatOk: boolean; valid: boolean };

function verdict(value: string, country: Country): Verdict {
  const result = checkVAT(value, [country]);
  return { formatOk: result.isValidFormat, valid: result.isValid };
}

function toCheck(value: string, v: Verdict): VatCheck {
  if (v.valid) return { ok: true, vatId: value };
  return { ok: false, reason: v.formatOk ? 'checkDigit' : 'format' };
}

/**
 * Checks format and check digit of a VAT ID against the billing country (offline; registration needs VIES).
 * A number typed without its prefix is accepted and returned with it.
 */
export function checkVatId(input: string, billingCountry: string): VatCheck {
  const country = upper(billingCountry);
  const rules = jsvatCountry(country);
  const prefixes = acceptedPrefixes(country);
  if (!rules || prefixes.length === 0) return { ok: false, reason: 'notApplicable' };

  const value = normalizeVatId(input);
  const own = prefixes.find((p) => value.startsWith(p));
  if (own) return toCheck(value, verdict(value, rules));

  // No (own) prefix typed: try the billing country's prefix in front; Austria's numbers also carry a "U".
  const prefix = prefixes[0];
  const bare = [prefix + value];
  if (country === 'AT' && !value.startsWith('U')) bare.push(`ATU${value}`);
  let firstBare: { value: string; verdict: Verdict } | undefined;
  for (const candidate of bare) {
    const v = verdict(candidate, rules);
    if (v.valid) return { ok: true, vatId: candidate };
    if (v.formatOk && !firstBare) firstBare = { value: candidate, verdict: v };
  }

  const letters = value.slice(0, 2);
  const looksLikeVatId =
    /^[A-Z]{2}[0-9A-Z+*]*$/.test(value) && (value.slice(2).match(/\d/g) ?? []).length >= 2;
  if (/^[A-Z]{2}$/.test(letters) && isCountryPrefix(letters) && looksLikeVatId) {
    return { ok: false, reason: 'countryMismatch', expectedPrefix: prefix };
  }
  if (firstBare) return toCheck(firstBare.value, firstBare.verdict);
  return { ok: false, reason: 'format' };
}

/** Prefixes searched for in free text; GR is included so a Greek "GR..." can be answered with "use EL". */
const TEXT_PREFIXES =
  'AT BE BG HR CY CZ DK EE FI FR DE EL GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB XI'.split(' ');

const PREFIXED_TOKEN = new RegExp(
  `(?<![\\p{L}\\p{N}])(${TEXT_PREFIXES.join('|')})((?:[ .\\-]?[0-9A-Za-z+*])+)`,
  'giu',
);

/** Format check for any in-scope prefix; "GR" is judged by the Greek rules so the caller can report a mismatch. */
function hasVatFormat(value: string): boolean {
  const prefix = value.slice(0, 2);
  if (prefix === 'GR' || prefix === 'EL') return checkVAT(`EL${value.slice(2)}`, [greece]).isValidFormat;
  if (prefix === 'XI') return checkVAT(value, [unitedKingdom]).isValidFormat;
  const rules = jsvatCountry(prefix);
  return rules !== undefined && checkVAT(value, [rules]).isValidFormat;
}

const VAT_KEYWORD =
  /(?<!\p{L})(?:ust[\s.-]*id(?:[\s.-]*nr)?|umsatzsteuer[\p{L}-]*|mwst[\p{L}.-]*|uid(?:[\s.-]*nr)?|vat(?:[\s.-]*(?:id|no|number|reg\w*))?|tax\s*id)/iu;

/**
 * Pulls a VAT-ID-looking token out of a sentence ("unsere USt-IdNr. ist DE 136 695 976" -> "DE136695976").
 * Returns it normalized but unchecked; checkVatId decides whether it is right.
 */
export function findVatIdInText(text: string): string | undefined {
  let fallback: string | undefined;
  for (const match of text.matchAll(PREFIXED_TOKEN)) {
    const prefix = match[1].toUpperCase();
    // The token may run into following words ("... 976 thanks"): try it chunk by chunk, longest first.
    const chunks = match[2].split(/[ .-]/).filter((c) => c.length > 0);
    for (let n = chunks.length; n >= 1; n--) {
      const candidate = normalizeVatId(prefix + chunks.slice(0, n).join(''));
      if (hasVatFormat(candidate)) return candidate;
    }
    // A wrong-looking but deliberate ID ("DE12") is still returned so the caller can say what is wrong.
    // Only an upper-case prefix with digits counts, so "at 12 Uhr" does not; IBANs are too long to count.
    if (!fallback && match[1] === prefix) {
      const digitChunks: string[] = [];
      // The first chunk may carry letters ("U" of ATU...), later ones must start with a digit.
      for (const [i, chunk] of chunks.entries()) {
        if (!(i === 0 ? /^[A-Z]?\d[0-9A-Z]*$/ : /^\d[0-9A-Z]*$/).test(chunk)) break;
        digitChunks.push(chunk);
      }
      const candidate = prefix + digitChunks.join('');
      if ((candidate.match(/\d/g) ?? []).length >= 2 && candidate.length <= 16) fallback = candidate;
    }
  }
  if (fallback) return fallback;

  // A number without prefix counts only right after a VAT keyword ("USt-IdNr.: 136 695 976").
  const keyword = VAT_KEYWORD.exec(text);
  if (keyword) {
    const after = text.slice(keyword.index + keyword[0].length);
    const number = /^[^\p{L}\p{N}]{0,12}(?:\p{L}{2,6}[^\p{L}\p{N}]{1,3})?(\d(?:[ .-]?[0-9A-Za-z])*)/u.exec(
      after,
    );
    if (number) {
      const value = normalizeVatId(number[1]);
      if (/^\d{8,12}[A-Z]{0,2}$/.test(value)) return value;
    }
  }
  return undefined;
}

/**
 * The billing country a VAT ID belongs to by its own prefix (EL: Greece, XI: the UK), when it is valid
 * there: format and check digit. Undefined for anything else.
 */
export function countryOfVatId(input: string): string | undefined {
  const value = normalizeVatId(input);
  const prefix = value.slice(0, 2);
  const country = prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix;
  if (!vatApplies(country)) return undefined;
  return checkVatId(value, country).ok ? country : undefined;
}
