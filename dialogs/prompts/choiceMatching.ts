/** Lower-case, fold umlauts and ß, strip punctuation at the ends, collapse spaces: "Ja!" -> "ja". */
export function foldText(text: string): string {
  return text
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

export interface ChoicePhrases {
  id: string;
  phrases: string[];
}

/**
 * Maps a reply to one choice: an exact phrase first, then the longest phrase found as whole words,
 * then a list number ("2"). Two different choices matching equally well is no answer at all.
 */
export function matchChoice(text: string, choices: ChoicePhrases[]): string | undefined {
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
  let best: { id: string; length: number } | undefined;
  let tie = false;
  const padded = ` ${folded} `;
  for (const choice of choices) {
    for (const phrase of choice.phrases) {
      const p = foldText(phrase);
      if (!p || !padded.includes(` ${p} `)) continue;
      if (!best || p.length > best.length) {
        best = { id: choice.id, length: p.length };
        tie = false;
      } else if (p.length === best.length && best.id !== choice.id) {
        tie = true;
      }
    }
  }
  return best && !tie ? best.id : undefined;
}
