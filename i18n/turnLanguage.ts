import type { TurnContext } from 'botbuilder';
import type { Language } from '../domain/language';

/** The locale middleware decides the language once per turn and leaves it here for the dialogs. */
const LANGUAGE_KEY = Symbol('turnLanguage');

export function setTurnLanguage(context: TurnContext, language: Language): void {
  context.turnState.set(LANGUAGE_KEY, language);
}

export function turnLanguage(context: TurnContext, fallback: Language = 'de'): Language {
  const value: unknown = context.turnState.get(LANGUAGE_KEY);
  return value === 'de' || value === 'en' ? value : fallback;
}
