import { foldText, typoMatch } from '../domain/typos';

export { foldText, isTypoOf, typoMatch } from '../domain/typos';

/**
 * A phrase right after or before a negation is not chosen: "das Land stimmt auch nicht" picks
 * the country, not "stimmt"; "not online" is no answer for online.
 */
const NEGATION_BEFORE = /\b(?:nicht|not|kein|keine|keinen|never|nie)\s+$/;
const NEGATION_AFTER = /^\s+(?:(?:auch|so|ganz|wirklich|really|quite)\s+)?(?:nicht|not)\b/;

export interface ChoicePhrases {
  id: string;
  phrases: string[];
}

/**
 * Maps a reply to one choice: an exact phrase first, then a list number ("2"), then phrases found as
 * whole words. A phrase inside a longer found phrase doesn't count ("i am" in "i am not"); phrases of
 * two different choices ("online or corporate?") are no answer at all.
 */
export function matchChoice(text: string, choices: ChoicePhrases[], exactOnly = false): string | undefined {
  const folded = foldText(text);
  if (!folded) return undefined;
  for (const choice of choices) {
    if (choice.phrases.some((p) => foldText(p) === folded)) return choice.id;
  }
  const ordinal = /^(\d{1,2})$/.exec(folded);
  if (ordinal) {
    const index = Number(ordinal[1]) - 1;
    return choices[index]?.id;
  }
  if (exactOnly) return undefined;
  const typo = typoMatch(
    folded,
    choices.flatMap((c) => c.phrases.map((p) => [p, c.id] as const)),
  );
  if (typo) return typo;
  const padded = ` ${folded} `;
  const found: { id: string; start: number; end: number }[] = [];
  for (const choice of choices) {
    for (const phrase of choice.phrases) {
      const p = foldText(phrase);
      if (!p) continue;
      for (let at = padded.indexOf(` ${p} `); at >= 0; at = padded.indexOf(` ${p} `, at + 1)) {
        found.push({ id: choice.id, start: at, end: at + p.length + 1 });
      }
    }
  }
  const negated = (f: { start: number; end: number }) =>
    NEGATION_BEFORE.test(padded.slice(0, f.start + 1)) || NEGATION_AFTER.test(padded.slice(f.end));
  const outermost = found.filter(
    (f) =>
      !found.some(
        (g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start,
      ),
  );
  const ids = new Set(outermost.filter((f) => !negated(f)).map((f) => f.id));
  return ids.size === 1 ? [...ids][0] : undefined;
}
