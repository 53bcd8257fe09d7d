import type { Language } from '../domain/language';
import type { Translations } from '../i18n/translator';
import type { Intent, IntentOrNone } from './intents';
import type { IntentRecognizer } from './recognizer';
import { InterruptionDetector } from './interruptions';
import { MenuLabels } from './topics';

/** Below the recognizer's threshold but with at least this score, the top meanings are offered. */
const UNSURE_MIN_SCORE = 0.2;

export type Classification =
  | { kind: 'language'; language: Language }
  | {
      kind: 'intent';
      intent: IntentOrNone;
      /** Likely meanings to offer when the intent is none. */ unsure: Intent[];
    };

/**
 * What a free-text message at the top level means: an explicit request (cancel, help, agent,
 * start over, language), a clicked quick reply, or the model's intent. The evaluation
 * (`npm run eval:nlu`) measures exactly this.
 */
export class IntentClassifier {
  private readonly menuLabels: MenuLabels;
  private readonly detector: InterruptionDetector;

  constructor(
    translations: Translations,
    private readonly recognizer: IntentRecognizer,
  ) {
    this.menuLabels = new MenuLabels(translations);
    this.detector = new InterruptionDetector(translations, recognizer);
  }

  /** Explicit requests only (phrases, confident sentences): these work at any prompt too. */
  interruption(text: string, language: Language, nameExpected = false, typos = !nameExpected) {
    return this.detector.detect(text, language, nameExpected, typos);
  }

  /** "nein danke", "no thanks, all good": no more help wanted (read at the top level, where nothing is asked). */
  declines(text: string): boolean {
    return this.detector.closing.isDecline(text);
  }

  /** The intent behind a message at the top level, after any interruption was ruled out. */
  async intent(text: string, language: Language): Promise<{ intent: IntentOrNone; unsure: Intent[] }> {
    const fromMenu = this.menuLabels.intentFor(text);
    if (fromMenu) return { intent: fromMenu, unsure: [] };
    const result = await this.recognizer.recognize(text, language);
    const unsure =
      result.intent === 'none' && (result.candidates[0]?.score ?? 0) >= UNSURE_MIN_SCORE
        ? result.candidates
            .filter((c) => c.score >= UNSURE_MIN_SCORE / 2)
            .map((c) => c.intent)
            .filter((i): i is Intent => i !== 'none' && this.menuLabels.hasLabel(i))
            .slice(0, 2)
        : [];
    return { intent: result.intent, unsure };
  }

  async classify(text: string, language: Language): Promise<Classification> {
    const interruption = await this.interruption(text, language);
    if (interruption?.kind === 'language') return interruption;
    // A farewell (or a request to delete one's data) is no intent of the evaluation: such a line is measured by what the model says.
    if (interruption && interruption.kind !== 'goodbye' && interruption.kind !== 'deleteData')
      return { kind: 'intent', intent: interruption.kind, unsure: [] };
    return { kind: 'intent', ...(await this.intent(text, language)) };
  }
}
