import damerauLevenshtein from 'damerau-levenshtein';

/** Lower-case, fold umlauts and ß, strip punctuation at the ends, collapse spaces: "Ja!" -> "ja". */
export function foldText(text: string): string {
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

/**
 * Whether `typed` is a typo of `phrase` ("schwiez" for "schweiz", "lastschrfit", "startover",
 * "jaa"): compared folded, with and without spaces, and with letters typed twice taken once.
 * Short words must match exactly ("stop" is not "shop"); 5-8 letters allow one edit (a swapped
 * pair counts as one), longer phrases two. Digits are never typos ("2" and "3" differ on purpose).
 */
export function isTypoOf(typed: string, phrase: string): boolean {
  const a = foldText(typed);
  const b = foldText(phrase);
  if (!a || !b) return false;
  if (a === b || a.replace(/ /g, '') === b.replace(/ /g, '')) return true;
  const once = (s: string) => s.replace(/(\p{L})\1+/gu, '$1');
  if (once(a) === once(b)) return true;
  const length = Math.min(a.length, b.length);
  const allowed = length >= 9 ? 2 : length >= 5 ? 1 : 0;
  if (!allowed || Math.abs(a.length - b.length) > allowed) return false;
  if (/\d/.test(a) || /\d/.test(b)) return false;
  return damerauLevenshtein(a, b).steps <= allowed;
}

/** The one id whose phrases `typed` is a typo of; undefined when none, or phrases of two ids, fit. */
export function typoMatch<T>(
  typed: string,
  entries: Iterable<readonly [phrase: string, id: T]>,
): T | undefined {
  const ids = new Set<T>();
  for (const [phrase, id] of entries) if (isTypoOf(typed, phrase)) ids.add(id);
  return ids.size === 1 ? [...ids][0] : undefined;
}
