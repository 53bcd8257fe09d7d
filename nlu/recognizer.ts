import type { Language } from '../domain/language';
import type { IntentOrNone } from './intents';

export interface ScoredIntent {
  intent: IntentOrNone;
  score: number;
}

export interface IntentResult extends ScoredIntent {
  /** The best candidates, best first (includes the winner). */
  candidates: ScoredIntent[];
}

/**
 * The seam between dialogs and NLU: the offline NLP.js model implements it by default,
 * a cloud service (Azure CLU) can implement it instead.
 */
export interface IntentRecognizer {
  recognize(text: string, language: Language): Promise<IntentResult>;
}
