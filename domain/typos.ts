import damerauLevenshtein from 'damerau-levenshtein';

/**
 * The last texts folded: one message is folded for every check of a turn (commands, choices, countries), and
 * the bot's own phrases again and again. Bounded, and only short texts, so it stays small.
 */
const recentlyFolded = new Map<string, string>();
const FOLDED_KEPT = 256;
const FOLDED_MAX_LENGTH = 200;

/** Lower-case, fold umlauts and ß, strip punctuation at the ends, collapse spaces: "Ja!" -> "ja". */
export function foldText(text: string): string {
  if (text.length > FOLDED_MAX_LENGTH) return fold(text);
  let folded = recentlyFolded.get(text);
  if (folded === undefined) {
    folded = fold(text);
    if (recentlyFolded.size >= FOLDED_KEPT) recentlyFolded.delete(recentlyFolded.keys().next().value!);
    recentlyFolded.set(text, folded);
  }
  return folded;
}

function fold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[’`´]/g, "'")
    .replace(/[^\p{L}\p{N}'/@.+-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.'-]+|[\s.'-]+$/g, '')
    .trim();
}

/** A string in the forms the typo check compares. */
interface Prepared {
  folded: string;
  spaceless: string;
  once: string;
  digits: boolean;
  /** How often each character occurs, by its code modulo 32: a cheap lower bound of the edit distance. */
  letters: Uint8Array;
}

function letterCounts(text: string): Uint8Array {
  const counts = new Uint8Array(32);
  for (let i = 0; i < text.length; i++) counts[text.charCodeAt(i) & 31] += 1;
  return counts;
}

/**
 * An edit changes these counts by at most 2 in all (a substitution: one less, one more; a swap: none), so
 * half their difference, rounded up, is at most the Damerau-Levenshtein distance: most phrases are ruled
 * out without computing it.
 */
function fewEditsPossible(a: Uint8Array, b: Uint8Array, allowed: number): boolean {
  let difference = 0;
  for (let i = 0; i < 32; i++) difference += Math.abs(a[i] - b[i]);
  return Math.ceil(difference / 2) <= allowed;
}

function prepare(text: string): Prepared {
  const folded = foldText(text);
  return {
    folded,
    spaceless: folded.replace(/ /g, ''),
    once: folded.replace(/(\p{L})\1+/gu, '$1'),
    digits: /\d/.test(folded),
    letters: letterCounts(folded),
  };
}

/**
 * The phrases compared against are the bot's own (choices, countries, commands): prepared once and kept.
 * Bounded, so a caller passing customers' text as the phrase cannot grow it without end.
 */
const phraseCache = new Map<string, Prepared>();
const PHRASE_CACHE_LIMIT = 20_000;

function preparedPhrase(phrase: string): Prepared {
  let prepared = phraseCache.get(phrase);
  if (!prepared) {
    if (phraseCache.size >= PHRASE_CACHE_LIMIT) phraseCache.clear();
    prepared = prepare(phrase);
    phraseCache.set(phrase, prepared);
  }
  return prepared;
}

function typoOf(a: Prepared, b: Prepared): boolean {
  if (!a.folded || !b.folded) return false;
  if (a.folded === b.folded || a.spaceless === b.spaceless) return true;
  if (a.once === b.once) return true;
  const length = Math.min(a.folded.length, b.folded.length);
  const allowed = length >= 9 ? 2 : length >= 5 ? 1 : 0;
  if (!allowed || Math.abs(a.folded.length - b.folded.length) > allowed) return false;
  if (a.digits || b.digits) return false;
  if (!fewEditsPossible(a.letters, b.letters, allowed)) return false;
  return damerauLevenshtein(a.folded, b.folded).steps <= allowed;
}

/**
 * Whether `typed` is a typo of `phrase` ("schwiez" for "schweiz", "lastschrfit", "startover",
 * "jaa"): compared folded, with and without spaces, and with letters typed twice taken once.
 * Short words must match exactly ("stop" is not "shop"); 5-8 letters allow one edit (a swapped
 * pair counts as one), longer phrases two. Digits are never typos ("2" and "3" differ on purpose).
 */
export function isTypoOf(typed: string, phrase: string): boolean {
  return typoOf(preparedTyped(typed), preparedPhrase(phrase));
}

/** The customer's line, prepared once for the many checks of its turn. */
let lastTyped: { text: string; prepared: Prepared } | undefined;
function preparedTyped(text: string): Prepared {
  if (lastTyped?.text !== text) lastTyped = { text, prepared: prepare(text) };
  return lastTyped.prepared;
}

/** The one id whose phrases `typed` is a typo of; undefined when none, or phrases of two ids, fit. */
export function typoMatch<T>(
  typed: string,
  entries: Iterable<readonly [phrase: string, id: T]>,
): T | undefined {
  const a = preparedTyped(typed);
  const ids = new Set<T>();
  for (const [phrase, id] of entries) if (typoOf(a, preparedPhrase(phrase))) ids.add(id);
  return ids.size === 1 ? [...ids][0] : undefined;
}
