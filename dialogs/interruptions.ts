import { LANGUAGES, type Language } from '../domain/language';
import type { Translations } from '../i18n/translator';
import type { IntentRecognizer } from '../nlu/recognizer';
import { foldText } from './prompts/choiceMatching';

export type Interruption =
  | { kind: 'cancel' | 'startOver' | 'help' | 'agent' }
  | { kind: 'language'; language: Language };

const PHRASE_KINDS = ['cancel', 'startOver', 'help', 'agent'] as const;
/** Longer sentences ("ich möchte mit einem Menschen sprechen") go to the intent model. */
const MIN_WORDS_FOR_MODEL = 3;
const MODEL_CONFIDENCE = 0.8;

/**
 * Recognises the things a user may say at any prompt. Exact phrases from locales/<lang>/interrupts.json
 * in either language, then, for whole sentences, a confident intent from the model.
 */
export class InterruptionDetector {
  private readonly phrases = new Map<string, Interruption>();

  constructor(
    translations: Translations,
    private readonly recognizer: IntentRecognizer,
  ) {
    for (const lng of LANGUAGES) {
      const tr = translations.for(lng);
      for (const kind of PHRASE_KINDS) {
        for (const p of tr.list(`interrupts.${kind}`)) this.phrases.set(foldText(p), { kind });
      }
      for (const p of tr.list('interrupts.toGerman')) this.phrases.set(foldText(p), { kind: 'language', language: 'de' });
      for (const p of tr.list('interrupts.toEnglish')) this.phrases.set(foldText(p), { kind: 'language', language: 'en' });
    }
  }

  async detect(text: string | undefined, language: Language): Promise<Interruption | undefined> {
    const raw = (text ?? '').trim();
    if (!raw) return undefined;
    if (raw === '?') return { kind: 'help' };
    const folded = foldText(raw);
    const exact = this.phrases.get(folded);
    if (exact) return exact;
    if (folded.split(' ').length < MIN_WORDS_FOR_MODEL) return undefined;
    const result = await this.recognizer.recognize(raw, language);
    if (result.score < MODEL_CONFIDENCE) return undefined;
    switch (result.intent) {
      case 'cancel':
      case 'startOver':
      case 'help':
      case 'agent':
        return { kind: result.intent };
      default:
        return undefined;
    }
  }
}
