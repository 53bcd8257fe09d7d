import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import isCreditCard from 'validator/lib/isCreditCard';
import isLuhnNumber from 'validator/lib/isLuhnNumber';

/**
 * Data that must never pass through the bot (PCI DSS, GDPR): card numbers, security codes, bank account
 * numbers (IBAN) and passwords typed by mistake. Everything here finds and replaces them; what replaces
 * them is a marker (the customer's language's word, REDACTED where no language applies, as in the logs),
 * before anything logs, stores, transcribes, echoes or hands a message over.
 */
export const REDACTED = '[redacted]';

/** A digit, full-width ones included: a text without one holds no number to look for. */
const ANY_DIGIT = /[0-9\uFF10-\uFF19]/;

/** Full-width digits ("４１１１") read as digits: NFKC folds them, nothing else in the text is touched. */
function foldDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => d.normalize('NFKC'));
}

/** Between the digit groups of a number: spaces (also non-breaking and thin ones), dashes, dots, slashes. */
const SEPARATOR = String.raw`[ \u00a0\u2007\u202f\t.\-/\u2010-\u2015]{1,3}`;
/** Digit groups joined by separators, e.g. "4111 1111 1111 1111", "4111.1111.1111.1111", "3782-822463-10005". */
const DIGIT_RUN = new RegExp(String.raw`(?<!\d)\d+(?:${SEPARATOR}\d+)*(?!\d)`, 'g');

/**
 * A card number: validator's issuer patterns plus Luhn, or Luhn alone for any payment-card issuer digit (2-6).
 * The second rule keeps Maestro / girocard ("EC-Karte") numbers, which validator's list lacks, while invoice,
 * customer and phone numbers starting with 0, 1, 7, 8 or 9 are not flagged merely for passing Luhn.
 */
const MAX_CARD_DIGITS = 19;

function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > MAX_CARD_DIGITS) return false;
  return isCreditCard(digits) || (/^[2-6]/.test(digits) && isLuhnNumber(digits));
}

type Range = { start: number; end: number };

function replaceRanges(text: string, ranges: Range[], marker: string): string {
  let out = text;
  const sorted = [...ranges].sort((a, b) => b.start - a.start);
  let last = Number.POSITIVE_INFINITY;
  for (const r of sorted) {
    if (r.end > last) continue; // overlaps one already replaced
    out = out.slice(0, r.start) + marker + out.slice(r.end);
    last = r.start;
  }
  return out;
}

/** Card numbers in a text: from each digit group, the longest span of groups that is a card number. */
function cardNumberRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups: Range[] = [];
    for (const g of run[0].matchAll(/\d+/g)) {
      const start = (run.index ?? 0) + (g.index ?? 0);
      groups.push({ start, end: start + g[0].length });
    }
    // Spans stop at 19 digits, so a long run of numbers costs linear time, not cubic.
    let i = 0;
    while (i < groups.length) {
      let matchedEnd = -1;
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        digits += text.slice(groups[j].start, groups[j].end);
        if (digits.length > MAX_CARD_DIGITS) break;
        if (isCardNumber(digits)) matchedEnd = j;
      }
      if (matchedEnd >= 0) {
        ranges.push({ start: groups[i].start, end: groups[matchedEnd].end });
        i = matchedEnd + 1;
      } else {
        i++;
      }
    }
  }
  return ranges;
}

/** Replaces every Luhn-valid card number (13-19 digits, any separators, full-width digits too). */
export function redactCardNumbers(text: string, marker = REDACTED): { text: string; found: boolean } {
  const folded = foldDigits(text);
  const ranges = cardNumberRanges(folded);
  return ranges.length
    ? { text: replaceRanges(folded, ranges, marker), found: true }
    : { text, found: false };
}

/**
 * The first part of a card number sent on its own ("4111 1111", then the rest): card-style groups of four,
 * or 12-15 digits in a row, starting with an issuer digit. Dates and short numbers do not look like this.
 */
const PARTIAL_CARD = /^[\s\p{P}]*(?:[2-6]\d{3}(?:[ \u00a0-]\d{4}){1,3}|[2-6]\d{11,14})[\s\p{P}]*$/u;

/** A message that is only digits (with separators): the rest of a card number, or its code, after card talk. */
const LONE_DIGITS = new RegExp(String.raw`^[\s\p{P}]*\d{3,19}(?:${SEPARATOR}\d{1,19})*[\s\p{P}]*$`, 'u');
/** An expiry date alone ("12/27", "12/2027") after card talk. */
const LONE_EXPIRY = /^[\s\p{P}]*(?:0?[1-9]|1[0-2])\s*[/.-]\s*(?:\d{2}|20\d{2})[\s\p{P}]*$/u;

/** Names of the card security code, German and English; "pr(ü|ue|u)f" tolerates typed umlauts. */
const CVV_KEYWORD =
  /(?<![\p{L}\p{N}])(?:cvv2|cvc2|cvv|cvc|cid|csc|card\s+security\s+code|security\s+code|sicherheitscode|karten(?:pr(?:ü|ue|u)f(?:nummer|ziffer|code))|pr(?:ü|ue|u)f(?:nummer|ziffer|code)|card\s+verification\s+(?:code|value|number))(?!\p{L})/giu;

/** The code a few words after its keyword ("CVV: 123", "Prüfziffer auf der Rückseite ist 123"). */
const CODE_AFTER = /^[^\d\n]{0,40}?(?<!\d)(\d{3,4})(?!\d)/u;
const CODE_BEFORE = /(?<!\d)(\d{3,4})(?!\d)[^\d\n]{0,15}$/u;

/**
 * Replaces a card security code next to a word naming it; and, when the conversation is about a card (the
 * previous message held card data), a message that is only digits or an expiry date. Years and amounts in
 * ordinary sentences stay.
 */
export function redactCvv(
  text: string,
  cardContext: boolean,
  marker = REDACTED,
): { text: string; found: boolean } {
  if (cardContext && (LONE_DIGITS.test(text) || LONE_EXPIRY.test(text))) return { text: marker, found: true };
  const ranges: Range[] = [];
  for (const keyword of text.matchAll(CVV_KEYWORD)) {
    const start = keyword.index ?? 0;
    const end = start + keyword[0].length;
    const after = CODE_AFTER.exec(text.slice(end));
    if (after) {
      const digitsStart = end + after[0].length - after[1].length;
      ranges.push({ start: digitsStart, end: digitsStart + after[1].length });
      continue;
    }
    const before = CODE_BEFORE.exec(text.slice(0, start));
    if (before) ranges.push({ start: before.index, end: before.index + before[1].length });
  }
  const unique = ranges.filter((r, i) => ranges.findIndex((o) => o.start === r.start) === i);
  return { text: replaceRanges(text, unique, marker), found: unique.length > 0 };
}

/** A country code, two check digits and up to 30 letters and digits, spaced in groups or not. */
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]){11,30}/g;

/** Replaces every valid IBAN (checked with ibantools: country format and check digits). */
export function redactIbans(text: string, marker = REDACTED): { text: string; found: boolean } {
  const ranges: Range[] = [];
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    // The candidate may run into the next word: try it shorter, from the end, down to the shortest IBAN.
    const raw = match[0];
    for (let length = raw.length; length >= 15; length--) {
      const candidate = raw.slice(0, length);
      if (/\s$/.test(candidate)) continue;
      const iban = electronicFormatIBAN(candidate);
      if (iban && isValidIBAN(iban)) {
        const start = match.index ?? 0;
        ranges.push({ start, end: start + length });
        break;
      }
    }
  }
  return { text: replaceRanges(text, ranges, marker), found: ranges.length > 0 };
}

/** "mein Passwort ist ...", "password: ...", "Kennwort lautet ...", "PIN 1234": the secret after the word. */
const PASSWORD =
  /(?<![\p{L}\p{N}])(?:passwort|kennwort|password|passwd|pwd|pw|passcode|pin(?:-?code)?)(?![\p{L}])(?:\s*(?:ist|lautet|heißt|heisst|is|was|war|=|:)\s*|\s+)(?:["'„“‚‘«»]?)([^\s"'“”‘’«»]{3,128})/giu;
/** Words after the keyword that are no password ("das Passwort vergessen", "password reset"). */
const NOT_A_SECRET =
  /^(?:vergessen|zurücksetzen|zuruecksetzen|ändern|aendern|geändert|falsch|reset|forgot|forgotten|wrong|change|changed|expired|abgelaufen|und|and|oder|or|nicht|not|für|fuer|for|von|of|the|das|die|der|mein|my|ein|a|an)$/iu;

/** Replaces a password (or PIN) typed after the word naming it. */
export function redactPasswords(text: string, marker = REDACTED): { text: string; found: boolean } {
  const ranges: Range[] = [];
  for (const match of text.matchAll(PASSWORD)) {
    const secret = match[1];
    if (NOT_A_SECRET.test(secret.replace(/[.,;!?]+$/, ''))) continue;
    const start = (match.index ?? 0) + match[0].length - secret.length;
    ranges.push({ start, end: start + secret.replace(/[.,;!?]+$/, '').length });
  }
  return { text: replaceRanges(text, ranges, marker), found: ranges.length > 0 };
}

export interface SensitiveFindings {
  /** A card number, or the first part of one sent on its own. */
  cardNumber: boolean;
  cvv: boolean;
  iban: boolean;
  password: boolean;
}

/**
 * All of it at once, in an order that keeps each from hiding another: card numbers first (so a card's last
 * group is never taken for its code), then the partial card, IBANs, security codes and passwords.
 */
export function redactCardData(
  text: string,
  cardContext: boolean,
  marker = REDACTED,
): { text: string } & SensitiveFindings {
  // Card numbers, codes, expiry dates and IBANs all have digits; most strings of an activity have none.
  if (!ANY_DIGIT.test(text)) {
    const passwords = redactPasswords(text, marker);
    return { text: passwords.text, cardNumber: false, cvv: false, iban: false, password: passwords.found };
  }
  const numbers = redactCardNumbers(text, marker);
  let out = numbers.text;
  let partial = false;
  if (!numbers.found && PARTIAL_CARD.test(foldDigits(out))) {
    out = marker;
    partial = true;
  }
  const ibans = redactIbans(out, marker);
  const cvv = redactCvv(foldDigits(ibans.text), cardContext, marker);
  const passwords = redactPasswords(cvv.text, marker);
  return {
    text: passwords.text,
    cardNumber: numbers.found || partial,
    cvv: cvv.found,
    iban: ibans.found,
    password: passwords.found,
  };
}

/** Keys whose values identify things (ids, GUIDs, tenants): they are not text anyone typed and must stay. */
const IDENTIFIER_KEY = /(?:^id$|Id$|ID$|^tenant$|^aadObjectId$)/;

export interface DeepRedaction<T> extends SensitiveFindings {
  value: T;
}

/**
 * Sensitive data redacted in every string of a value (objects and arrays walked, keys kept), except under
 * keys that name identifiers. `cardContext`: the conversation is about a card, so a lone number or date is
 * card data. The value must be shallow enough to walk (the server refuses deeper JSON).
 */
export function redactDeep<T>(value: T, cardContext: boolean, marker = REDACTED): DeepRedaction<T> {
  const found: SensitiveFindings = { cardNumber: false, cvv: false, iban: false, password: false };
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (IDENTIFIER_KEY.test(key)) return v;
      const result = redactCardData(v, cardContext, marker);
      found.cardNumber ||= result.cardNumber;
      found.cvv ||= result.cvv;
      found.iban ||= result.iban;
      found.password ||= result.password;
      return result.text;
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    }
    return v;
  };
  return { value: walk(value, '') as T, ...found };
}

/** The parts of an activity that route it (who, where, which); everything else is content and is redacted. */
const ROUTING_FIELDS = new Set([
  'type',
  'id',
  'timestamp',
  'localTimestamp',
  'localTimezone',
  'serviceUrl',
  'channelId',
  'conversation',
  'recipient',
  'replyToId',
  'locale',
  'deliveryMode',
  'callerId',
  'relatesTo',
  'membersAdded',
  'membersRemoved',
]);

/**
 * An activity with sensitive data removed from every field a person can fill: text, value, attachments
 * (content, name, URL), channelData, entities, the sender's display name, and the rest. Routing fields and
 * identifiers stay, so the activity still reaches its conversation.
 */
export function redactActivity<T extends Record<string, unknown>>(
  activity: T,
  cardContext: boolean,
  /** What stands where something was removed: a word in the customer's language ("[entfernt]"). */
  marker = REDACTED,
): DeepRedaction<T> {
  const out: Record<string, unknown> = {};
  const found: SensitiveFindings = { cardNumber: false, cvv: false, iban: false, password: false };
  for (const [key, field] of Object.entries(activity)) {
    if (ROUTING_FIELDS.has(key)) {
      out[key] = field;
      continue;
    }
    // Only what the user answers (text, a submitted value) can be a lone code; a 3-digit string elsewhere is none.
    const result = redactDeep(field, cardContext && (key === 'text' || key === 'value'), marker);
    found.cardNumber ||= result.cardNumber;
    found.cvv ||= result.cvv;
    found.iban ||= result.iban;
    found.password ||= result.password;
    out[key] = result.value;
  }
  return { value: out as T, ...found };
}
