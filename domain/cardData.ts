import isCreditCard from 'validator/lib/isCreditCard';
import isLuhnNumber from 'validator/lib/isLuhnNumber';

/** What replaces card data in a message before anything else sees it (PCI DSS: never echoed, stored, logged). */
export const REDACTED = '[redacted]';

/** Digit groups joined by single spaces or dashes, e.g. "4111 1111 1111 1111" or "3782-822463-10005". */
const DIGIT_RUN = /(?<!\d)\d+(?:[ -]\d+)*(?!\d)/g;

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

function replaceRanges(text: string, ranges: Range[]): string {
  let out = text;
  for (const r of [...ranges].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, r.start) + REDACTED + out.slice(r.end);
  }
  return out;
}

/** Replaces every Luhn-valid card number (13-19 digits, spaces or dashes allowed) with REDACTED. */
export function redactCardNumbers(text: string): { text: string; found: boolean } {
  const ranges: Range[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups: Range[] = [];
    for (const g of run[0].matchAll(/\d+/g)) {
      const start = (run.index ?? 0) + (g.index ?? 0);
      groups.push({ start, end: start + g[0].length });
    }
    // A run may hold more than the card ("4111 1111 1111 1111 123"): from each group, take the longest span
    // that is a card number. Spans stop at 19 digits, so a long run of numbers costs linear time, not cubic.
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
  return { text: replaceRanges(text, ranges), found: ranges.length > 0 };
}

/** Names of the card security code, German and English; "pr(ü|ue|u)f" tolerates typed umlauts. */
const CVV_KEYWORD =
  /(?<![\p{L}\p{N}])(?:cvv2|cvc2|cvv|cvc|cid|csc|card\s+security\s+code|security\s+code|sicherheitscode|karten(?:pr(?:ü|ue|u)f(?:nummer|ziffer|code))|pr(?:ü|ue|u)f(?:nummer|ziffer|code)|card\s+verification\s+(?:code|value|number))(?!\p{L})/giu;

/** At most a few words between the keyword and the code ("CVV: 123", "Prüfziffer ist 123"). */
const CODE_AFTER = /^[^\d\n]{0,15}?(?<!\d)(\d{3,4})(?!\d)/u;
const CODE_BEFORE = /(?<!\d)(\d{3,4})(?!\d)[^\d\n]{0,15}$/u;

/** A message that is nothing but a 3-4 digit code, e.g. the answer right after card talk. */
const LONE_CODE = /^[\s\p{P}]*(\d{3,4})[\s\p{P}]*$/u;

/**
 * Replaces a card security code: next to a word naming it, or, when the conversation is about a card, a
 * message that is only 3-4 digits. Years and amounts in ordinary sentences stay.
 */
export function redactCvv(text: string, cardContext: boolean): { text: string; found: boolean } {
  if (cardContext && LONE_CODE.test(text)) return { text: REDACTED, found: true };

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
  return { text: replaceRanges(text, unique), found: unique.length > 0 };
}

/** Card numbers first, so a card's last group is never mistaken for its security code. */
export function redactCardData(
  text: string,
  cardContext: boolean,
): { text: string; cardNumber: boolean; cvv: boolean } {
  const numbers = redactCardNumbers(text);
  const cvv = redactCvv(numbers.text, cardContext);
  return { text: cvv.text, cardNumber: numbers.found, cvv: cvv.found };
}

/** Keys whose values identify things (ids, GUIDs, tenants): they are not text anyone typed and must stay. */
const IDENTIFIER_KEY = /(?:^id$|Id$|ID$|^tenant$|^aadObjectId$)/;

export interface DeepRedaction<T> {
  value: T;
  cardNumber: boolean;
  cvv: boolean;
}

/**
 * Card data redacted in every string of a value (objects and arrays walked, keys kept), except under keys
 * that name identifiers. `cardContext`: the conversation is about a card, so a lone 3-4 digit string is a
 * CVV. The value must be shallow enough to walk (the server refuses deeper JSON).
 */
export function redactDeep<T>(value: T, cardContext: boolean): DeepRedaction<T> {
  const found = { cardNumber: false, cvv: false };
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (IDENTIFIER_KEY.test(key)) return v;
      const result = redactCardData(v, cardContext);
      found.cardNumber ||= result.cardNumber;
      found.cvv ||= result.cvv;
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
 * An activity with card data removed from every field a person can fill: text, value, attachments
 * (content, name, URL), channelData, entities, the sender's display name, and the rest. Routing fields and
 * identifiers stay, so the activity still reaches its conversation.
 */
export function redactActivity<T extends Record<string, unknown>>(
  activity: T,
  cardContext: boolean,
): DeepRedaction<T> {
  const out: Record<string, unknown> = {};
  const found = { cardNumber: false, cvv: false };
  for (const [key, field] of Object.entries(activity)) {
    if (ROUTING_FIELDS.has(key)) {
      out[key] = field;
      continue;
    }
    // Only what the user answers (text, a submitted value) can be a lone CVV; a 3-digit string elsewhere is none.
    const result = redactDeep(field, cardContext && (key === 'text' || key === 'value'));
    found.cardNumber ||= result.cardNumber;
    found.cvv ||= result.cvv;
    out[key] = result.value;
  }
  return { value: out as T, ...found };
}
