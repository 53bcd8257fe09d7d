import type { AccountKind } from './accountKind';
import { foldText, typoMatch } from './typos';

export const ALL_PAYMENT_METHODS = ['card', 'bankTransfer', 'check', 'directDebit', 'paypal'] as const;
export type PaymentMethod = (typeof ALL_PAYMENT_METHODS)[number];

/**
 * Corporate: the list from the GoToAssist Corporate copy of the seed article (DOMAIN.md) - card, electronic
 * payment / bank transfer, check, direct debit / ACH / recurring bank transfer; newer copies add PayPal.
 * Online: card and PayPal, the methods the self-service "Billing" portal offers.
 */
export const PAYMENT_METHODS = {
  online: ['card', 'paypal'],
  corporate: ['card', 'bankTransfer', 'check', 'directDebit', 'paypal'],
} as const satisfies Record<AccountKind, readonly PaymentMethod[]>;

export function paymentMethodsFor(kind: AccountKind): readonly PaymentMethod[] {
  return PAYMENT_METHODS[kind];
}

/**
 * Patterns run on text with umlauts spelled out (ä -> ae, ß -> ss), so "ue?" accepts "Überweisung",
 * "Ueberweisung" and "Uberweisung" alike. More specific phrases ("wiederkehrende Überweisung") win over the
 * shorter ones they contain because contained matches are dropped.
 */
const PATTERNS: ReadonlyArray<{ method: PaymentMethod; pattern: RegExp }> = [
  {
    method: 'directDebit',
    pattern:
      /\b(?:(?:sepa[\s-]*)?lastschrift\w*|(?:sepa[\s-]*)?basis[\s-]*lastschrift\w*|bankeinzug\w*|einzugsermaechtigung\w*|sepa[\s-]*mandat\w*|direct[\s-]*debit\w*|ach[\s-]+(?:debit|transfer|payment)s?|(?:wiederkehrende[nr]?|recurring)[\s-]+(?:bank[\s-]*)?(?:ue?berweisung(?:en)?|transfers?))\b/gi,
  },
  // Upper case only: "ach" is also a German interjection ("Ach so").
  { method: 'directDebit', pattern: /\bACH\b/g },
  { method: 'paypal', pattern: /\bpay[\s-]?pal\b/gi },
  {
    method: 'check',
    // English "check" is usually the verb ("check my invoice"): only as a payment ("by check", "a cheque").
    pattern: /\b(?:\w*schecks?|cheques?|(?:by|per|via|with|a|paper|mit)\s+checks?|checks?\s+payments?)\b/gi,
  },
  { method: 'check', pattern: /^\s*checks?\s*[.!]*\s*$/gi },
  {
    method: 'bankTransfer',
    pattern:
      /\b(?:(?:bank|sepa)?[\s-]*ue?berweis\w*|bank[\s-]*transfers?|wire(?:[\s-]*transfers?)?|electronic\s+payments?|elektronische[nr]?\s+zahlung(?:en)?|dauerauftrag|standing\s+order)\b/gi,
  },
  {
    method: 'card',
    pattern:
      /\b(?:(?:kredit|credit|debit|ec|bank|giro|visa|master|scheck|prepaid|firmen)?[\s-]?(?:karte|kart|card)(?:n|s)?(?:zahlung\w*)?|visa(?:\s+electron)?|master\s?card|maestro|amex|american\s+express|discover\s+card)\b/gi,
  },
];

const ARTICLE = String.raw`\s*(?:der|die|dem|the|my|meine[rnm]?|unsere[rnm]?|our|a|an|eine[rnm]?)?\s*$`;

/** Words that rule out the method after them ("statt Kreditkarte", "not by card", "keine Lastschrift"). */
const NEGATED = new RegExp(
  String.raw`(?:\bstatt|\banstatt|\banstelle(?:\s+von)?|\bnicht\s+(?:mehr\s+)?(?:per|mit|ueber|via)?|\bkeine?[nr]?|\binstead\s+of|\brather\s+than|\bnot\s+(?:by|with|via)?|\bno\s+longer\s+(?:by|with|via)?|\bno)` +
    ARTICLE,
  'i',
);

/** The side being left in "von Karte auf Lastschrift" / "from card to direct debit". */
const LEAVING = new RegExp(String.raw`(?:\bvon|\bfrom|\bweg\s+von)` + ARTICLE, 'i');

const spellOutUmlauts = (s: string): string =>
  s
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss');

type Hit = { method: PaymentMethod; start: number; end: number };

/**
 * Recognizes a payment method in German or English text, also inside a sentence. With several, the one the
 * user moves to wins: the last mentioned that is not negated or the "from" side ("von Karte auf Lastschrift").
 */
export function matchPaymentMethod(text: string): PaymentMethod | undefined {
  const folded = spellOutUmlauts(text.normalize('NFC'));
  const hits: Hit[] = [];
  for (const { method, pattern } of PATTERNS) {
    for (const m of folded.matchAll(pattern)) {
      const raw = m[0];
      const lead = raw.length - raw.trimStart().length;
      const start = (m.index ?? 0) + lead;
      hits.push({ method, start, end: (m.index ?? 0) + raw.trimEnd().length });
    }
  }
  const outer = hits.filter(
    (h) =>
      !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  );
  outer.sort((a, b) => a.start - b.start);
  const before = (h: Hit): string => folded.slice(Math.max(0, h.start - 40), h.start);
  const wanted = outer.filter((h) => !NEGATED.test(before(h)));
  const target = wanted.length > 1 ? wanted.filter((h) => !LEAVING.test(before(h))) : wanted;
  const pick = target.length > 0 ? target : wanted;
  if (pick.length > 0) return pick[pick.length - 1].method;
  return hits.length === 0 ? misspelledMethod(text) : undefined;
}

/**
 * Names a misspelling is compared with ("kreditkate", "lastschrfit", "paypall"). Not the check:
 * "check" is one edit from "Scheck", and in English it is usually the verb.
 */
const METHOD_NAMES: ReadonlyArray<readonly [string, PaymentMethod]> = [
  ['kreditkarte', 'card'],
  ['debitkarte', 'card'],
  ['credit card', 'card'],
  ['debit card', 'card'],
  ['mastercard', 'card'],
  ['lastschrift', 'directDebit'],
  ['direct debit', 'directDebit'],
  ['bankeinzug', 'directDebit'],
  ['paypal', 'paypal'],
  ['ueberweisung', 'bankTransfer'],
  ['bankueberweisung', 'bankTransfer'],
  ['bank transfer', 'bankTransfer'],
  ['wire transfer', 'bankTransfer'],
];

/** A method named with a typo: each word and pair of words is compared; one method must fit. */
function misspelledMethod(text: string): PaymentMethod | undefined {
  // "statt Kreditkate": with a negation the plain patterns above must decide, not a guess.
  if (/\b(?:statt|anstatt|instead|nicht|not|kein\w*|no)\b/i.test(text)) return undefined;
  const words = foldText(text).split(' ').filter(Boolean);
  const pieces = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
  const found = new Set(pieces.map((p) => typoMatch(p, METHOD_NAMES)).filter((m) => m !== undefined));
  return found.size === 1 ? [...found][0] : undefined;
}
