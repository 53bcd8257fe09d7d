// The library without its node entry, which registers all 80 languages at import; this bot needs two.
import countries from 'i18n-iso-countries/index';
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import type { Language } from './language';
import { typoMatch } from './typos';

countries.registerLocale(de);
countries.registerLocale(en);

/** The 27 EU member states (ISO 3166-1 alpha-2; Greece is GR here, EL only as VAT prefix). */
const EU_MEMBERS: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

/**
 * Names people use that the library does not list. The UK's parts map to GB: billing happens per state,
 * and Northern Ireland's XI only matters as a VAT prefix (see vat.ts).
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['uk', 'GB'],
  ['england', 'GB'],
  ['scotland', 'GB'],
  ['schottland', 'GB'],
  ['wales', 'GB'],
  ['northern ireland', 'GB'],
  ['nordirland', 'GB'],
  ['britain', 'GB'],
  ['great britain', 'GB'],
  ['grossbritannien', 'GB'],
  ['holland', 'NL'],
  ['the netherlands', 'NL'],
  ['die niederlande', 'NL'],
  ['america', 'US'],
  ['amerika', 'US'],
  ['the us', 'US'],
  ['the usa', 'US'],
  ['the uk', 'GB'],
  ['bundesrepublik deutschland', 'DE'],
]);

/** Upper-case words that are also ISO codes but usually mean something else in a sentence. */
const CODE_STOPWORDS: ReadonlySet<string> = new Set(
  'IT ID AM PM TV CV PS AI OK HR VAT UID CEO CFO CTO AG SE KG UG'.split(' '),
);

/** Lower-case answers that are ISO codes by accident ("no" is not Norway, "and" not Andorra). */
const LOWERCASE_WORDS: ReadonlySet<string> = new Set(
  'no so am me my be to do in is um and can per arm nor tun gab'.split(' '),
);

/** Short lower-case words that are safe to read as a country inside a sentence ("us" is not). */
const SHORT_WORDS_ALLOWED: ReadonlySet<string> = new Set(['usa', 'uk']);

const stripDiacritics = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');

let exactIndex: Map<string, string> | undefined;
let foldedIndex: Map<string, string> | undefined;

/** Lower-case name -> code over both locales, built once: the library's own lookup scans every name per call. */
function indexes(): { exact: Map<string, string>; folded: Map<string, string> } {
  if (!exactIndex || !foldedIndex) {
    exactIndex = new Map();
    foldedIndex = new Map();
    for (const lang of ['de', 'en']) {
      const names = countries.getNames(lang, { select: 'all' });
      for (const [code, list] of Object.entries(names)) {
        for (const name of list) {
          const key = name.toLowerCase();
          if (!exactIndex.has(key)) exactIndex.set(key, code);
          const folded = stripDiacritics(key);
          if (!foldedIndex.has(folded)) foldedIndex.set(folded, code);
        }
      }
    }
  }
  return { exact: exactIndex, folded: foldedIndex };
}

/** Typed-out umlauts and ß ("Oesterreich", "Tuerkei", "Grossbritannien") as STACK-NOTES observed. */
function spellingVariants(lower: string): string[] {
  const umlauts = lower.replace(/ae/g, 'ä').replace(/oe/g, 'ö').replace(/ue/g, 'ü');
  const eszett = lower.replace(/ss/g, 'ß');
  const both = umlauts.replace(/ss/g, 'ß');
  return [lower, umlauts, eszett, both];
}

function lookupName(name: string): string | undefined {
  const { exact, folded } = indexes();
  const lower = name.toLowerCase().replace(/\s+/g, ' ');
  const candidates = lower.includes('.') ? [lower, lower.replace(/\./g, '')] : [lower];
  for (const candidate of candidates) {
    const alias = ALIASES.get(candidate);
    if (alias) return alias;
    for (const variant of spellingVariants(candidate)) {
      const hit = exact.get(variant);
      if (hit) return hit;
    }
    // Last resort without diacritics: "Osterreich", "Turkei".
    const hit = folded.get(stripDiacritics(candidate));
    if (hit) return hit;
  }
  return undefined;
}

function lookupCode(token: string): string | undefined {
  const upper = token.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) return countries.isValid(upper) ? upper : undefined;
  if (/^[A-Z]{3}$/.test(upper)) return countries.alpha3ToAlpha2(upper);
  return undefined;
}

const trimPunctuation = (s: string): string => s.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '');

/**
 * Reads a country from what a user typed: an ISO code, a German or English name, or a short phrase such as
 * "wir sitzen in Deutschland". Returns the ISO 3166-1 alpha-2 code in upper case.
 */
export function resolveCountry(input: string): string | undefined {
  // Dots inside "U.K." survive; lookupName also tries the name without them.
  const whole = trimPunctuation(input.normalize('NFC').replace(/\s+/g, ' '));
  if (!whole || !/\p{L}/u.test(whole)) return undefined;

  const direct = (LOWERCASE_WORDS.has(whole) ? undefined : lookupCode(whole)) ?? lookupName(whole);
  if (direct) return direct;

  const words = whole
    .split(' ')
    .map(trimPunctuation)
    .filter((w) => w.length > 0);
  if (words.length < 2) return typoMatch(whole, countryNameEntries());

  // Longest n-gram first so "Northern Ireland" wins over "Ireland" and "United Kingdom" over nothing.
  for (let size = Math.min(4, words.length); size >= 1; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      const slice = words.slice(start, start + size);
      if (size === 1) {
        const word = slice[0];
        const bare = word.replace(/\./g, '');
        // "in", "us", "at", "de" are everyday words; short tokens count only when written as an acronym.
        if (bare.length <= 3 && bare !== bare.toUpperCase() && !SHORT_WORDS_ALLOWED.has(bare)) continue;
      }
      const hit = lookupName(slice.join(' '));
      if (hit) return hit;
    }
  }

  // Then an upper-case ISO code inside a sentence ("Sitz in DE"), minus common acronyms.
  for (const word of words) {
    if (/^[A-Z]{2,3}$/.test(word) && !CODE_STOPWORDS.has(word)) {
      const hit = lookupCode(word);
      if (hit) return hit;
    }
  }
  // Last, a typo of one country's name when the whole answer is one ("Schwiez", "Deutschlnad",
  // "Untied Kingdom"); names of five letters or fewer must be exact.
  return words.length <= 3 ? typoMatch(whole, countryNameEntries()) : undefined;
}

/**
 * A country named inside a sentence that answers something else ("wir sitzen in Österreich und ..."): full
 * names in either language and the aliases, longest first; no ISO codes ("AG" is a company's legal form,
 * "at" a preposition) and no typos. Stricter than resolveCountry, which reads an answer to "which country?".
 */
export function findCountryInText(text: string): string | undefined {
  const words = text
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .split(' ')
    .map(trimPunctuation)
    .filter((w) => w.length > 0);
  for (let size = Math.min(4, words.length); size >= 1; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      const slice = words.slice(start, start + size);
      // Short words ("us", "in") are no country names here; "UK" and "USA" are.
      if (
        size === 1 &&
        slice[0].replace(/\./g, '').length <= 3 &&
        !SHORT_WORDS_ALLOWED.has(slice[0].toLowerCase())
      )
        continue;
      const hit = lookupName(slice.join(' '));
      if (hit) return hit;
    }
  }
  return undefined;
}

let nameEntries: Array<readonly [string, string]> | undefined;

/** Every known name (both languages, aliases) with its code, for the typo comparison. */
function countryNameEntries(): Array<readonly [string, string]> {
  nameEntries ??= [...indexes().exact, ...ALIASES].map(([name, code]) => [name, code] as const);
  return nameEntries;
}

/** The country's name in the user's language ("Deutschland" / "Germany"); the code itself if unknown. */
export function countryName(code: string, language: Language): string {
  return countries.getName(code.trim().toUpperCase(), language) ?? code;
}

export function isEuMember(code: string): boolean {
  return EU_MEMBERS.has(code.trim().toUpperCase());
}

/** Every country with its name in one language, sorted by that name (a card's choice list). */
export function countryList(language: Language): { code: string; name: string }[] {
  const names = countries.getNames(language, { select: 'official' });
  return Object.entries(names)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
}
