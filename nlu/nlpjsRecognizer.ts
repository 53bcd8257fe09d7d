import * as fs from 'fs';
import * as path from 'path';
import { containerBootstrap, Nlp, type NlpClassification } from '@nlpjs/basic';
import { LangDe } from '@nlpjs/lang-de';
import { LangEn } from '@nlpjs/lang-en';
import { LANGUAGES, type Language } from '../domain/language';
import { INTENTS, type Intent } from './intents';
import { normalizeUserText } from './normalize';
import type { IntentRecognizer, IntentResult, ScoredIntent } from './recognizer';

/** Training data per language: every intent name (and 'none') to its example utterances. */
export type UtteranceSet = Record<Language, Record<string, string[]>>;

export interface NlpjsTrainOptions {
  /** Minimum score for the best intent to win; below it the answer is 'none'. Default 0.5. */
  threshold?: number;
  /** Use these utterances instead of reading `locales/<lang>/utterances.json`. */
  utterances?: UtteranceSet;
}

export const DEFAULT_THRESHOLD = 0.5;
const CANDIDATE_COUNT = 3;
/** NLP.js's own out-of-scope class; our 'none' examples are trained into it. */
const NLPJS_NONE = 'None';
const UTTERANCE_KEYS: readonly string[] = [...INTENTS, 'none'];

/**
 * NLP.js's neural NLU settings: its defaults (from @nlpjs/nlu) with two changes.
 * - `log: false`: NLP.js v4 passes no setting through to the per-epoch console log; a
 *   container configuration registered before the first NLU is built is the switch that works.
 * - `spellCheck: true` (distance 1): an unknown word is replaced by a training word one edit
 *   away, so "zahlungsmethde" or "pasword" still count. Measured on the held-out phrases with
 *   one typo injected: 74% -> 89% (de), 79% -> 88% (en); clean phrases unchanged. Distance 2
 *   recovered more typos but pulled unrelated words onto intents.
 * `keepStopwords` stays true: without stopwords "what can you do" has no features at all.
 * - `learningRate: 0.1` (NLP.js default 0.6) for the per-intent perceptrons: with the broadened
 *   training data the default rate fits the training lines too tightly; on the held-out
 *   evaluation set (`npm run eval:nlu -- --summary`) 0.1 gave about +2 points overall (0.3: +1.5,
 *   0.02: +2.7 but four times the training time). Training takes about 1-2 s instead of 0.5 s.
 */
const NLU_SETTINGS: Readonly<Record<string, unknown>> = {
  keepStopwords: true,
  nonefeatureValue: 1,
  nonedeltaMultiplier: 1.2,
  spellCheck: true,
  spellCheckDistance: 1,
  filterZeros: true,
  learningRate: 0.1,
  log: false,
};

function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}

/** Where `locales/` is: beside `nlu/` from ts-node, one level further up from `dist/nlu/`. */
export function findLocalesDir(): string {
  const candidates = [path.join(__dirname, '..', 'locales'), path.join(__dirname, '..', '..', 'locales')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'de', 'utterances.json')));
  if (!found) throw new Error(`Intent training data not found; looked in ${candidates.join(', ')}`);
  return found;
}

/** Checks the shape of one language's training data; throws naming the first problem. */
export function parseUtterances(raw: unknown, source: string): Record<string, string[]> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${source}: expected an object of intent -> utterances`);
  }
  const result: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!UTTERANCE_KEYS.includes(key)) throw new Error(`${source}: unknown intent "${key}"`);
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
      throw new Error(`${source}: "${key}" must be an array of strings`);
    }
    result[key] = value;
  }
  return result;
}

/** Reads `locales/<lang>/utterances.json` for every language. */
export function loadUtterances(localesDir: string = findLocalesDir()): UtteranceSet {
  const read = (language: Language): Record<string, string[]> => {
    const file = path.join(localesDir, language, 'utterances.json');
    return parseUtterances(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file);
  };
  return { de: read('de'), en: read('en') };
}

/**
 * The offline intent recognizer: one NLP.js model per language (German and English) in a
 * single container, trained in memory at start-up (about 0.3-0.5 s for the shipped data),
 * nothing written to disk. Classifying takes about 0.1 ms.
 *
 * Scores: for an intent, its NLP.js score (0..1). For 'none', the score NLP.js gave its own
 * None class (0 when it did not score, and for empty text); `candidates` still lists the
 * best real intents, so a dialog can ask "did you mean ...?".
 */
export class NlpjsRecognizer implements IntentRecognizer {
  private constructor(
    private readonly nlp: Nlp,
    readonly threshold: number,
  ) {}

  static async train(options: NlpjsTrainOptions = {}): Promise<NlpjsRecognizer> {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    if (!Number.isFinite(threshold)) throw new Error(`threshold must be a number, got ${threshold}`);
    const utterances = options.utterances ?? loadUtterances();
    const container = await containerBootstrap();
    container.registerConfiguration('nlu-??', { ...NLU_SETTINGS });
    container.use(Nlp);
    container.use(LangDe);
    container.use(LangEn);
    const nlp = container.get('nlp');
    nlp.settings.autoSave = false;
    nlp.settings.autoLoad = false;
    // The threshold is applied in recognize(); NLP.js's own would turn low scores into 'None'.
    nlp.settings.threshold = 0;
    nlp.addLanguage([...LANGUAGES]);
    for (const language of LANGUAGES) {
      for (const [key, examples] of Object.entries(utterances[language])) {
        const intent = key === 'none' ? NLPJS_NONE : key;
        for (const example of examples) {
          const text = normalizeUserText(example, language);
          if (text) nlp.addDocument(language, text, intent);
        }
      }
    }
    await nlp.train();
    return new NlpjsRecognizer(nlp, threshold);
  }

  async recognize(text: string, language: Language): Promise<IntentResult> {
    const normalized = normalizeUserText(text, language);
    if (!normalized) return { intent: 'none', score: 0, candidates: [] };
    const output = await this.nlp.classify(language, normalized);
    const ranked = [...output.classifications].sort((a, b) => b.score - a.score);
    const candidates = ranked
      .filter((c): c is NlpClassification & { intent: Intent } => isIntent(c.intent) && c.score > 0)
      .slice(0, CANDIDATE_COUNT)
      .map((c): ScoredIntent => ({ intent: c.intent, score: c.score }));
    const top = ranked[0];
    const runnerUp = ranked[1];
    const tie = top !== undefined && runnerUp !== undefined && top.score === runnerUp.score;
    if (top && isIntent(top.intent) && top.score >= this.threshold && !tie) {
      return { intent: top.intent, score: top.score, candidates };
    }
    const noneScore = ranked.find((c) => c.intent === NLPJS_NONE)?.score ?? 0;
    return { intent: 'none', score: noneScore, candidates };
  }
}
