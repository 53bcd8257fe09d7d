import type { Language } from '../domain/language';

const DIGRAPH_TO_UMLAUT: Readonly<Record<string, string>> = { ae: 'ä', oe: 'ö', ue: 'ü', ß: 'ss' };

/**
 * Brings what a customer typed into the form the intent model is trained on (the training
 * utterances go through the same function): trimmed, lower-case, single spaces, typographic
 * apostrophes made plain. For German, "ae/oe/ue" become "ä/ö/ü" and "ß" becomes "ss":
 * NLP.js's German normalizer then drops the dots, so "ändern", "aendern" and "andern" all
 * meet as "andern". Words with a native "ue" ("neue", "Steuer") change the same way on
 * both sides, so they still match. English text is left alone ("issue", "does").
 */
export function normalizeUserText(text: string, language?: Language): string {
  let result = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  if (language === 'de') result = result.replace(/ae|oe|ue|ß/g, (match) => DIGRAPH_TO_UMLAUT[match] ?? match);
  return result;
}
