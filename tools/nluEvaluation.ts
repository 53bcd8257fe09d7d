import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../domain/language';
import { IntentClassifier } from '../nlu/intentClassifier';
import { Translations } from '../i18n/translator';
import { foldText } from '../domain/typos';
import { INTENTS } from '../nlu/intents';
import { loadUtterances, type UtteranceSet } from '../nlu/nlpjsRecognizer';
import type { IntentRecognizer } from '../nlu/recognizer';

const LABELS = [...INTENTS, 'none'] as const;
type Label = (typeof LABELS)[number];
const evalFileSchema = z.record(z.enum(LABELS), z.array(z.string().min(1)));

export interface Misroute {
  text: string;
  expected: Label;
  got: string;
}

export interface LanguageReport {
  language: Language;
  total: number;
  correct: number;
  perIntent: Record<string, { total: number; correct: number }>;
  /** Out-of-scope lines that were not routed to an intent (an offer of likely meanings counts as rejected). */
  noneRejected: { total: number; correct: number };
  misroutes: Misroute[];
  /**
   * Lines that also occur in the training data (compared after normalizing case, umlauts and
   * punctuation), and the accuracy on the others: short lines like "hi" are typed by everyone,
   * so some overlap is natural, but these lines measure memory rather than understanding.
   */
  alsoInTraining: number;
  unseen: { total: number; correct: number };
}

/** Case, umlaut spelling, punctuation and spacing ignored: "Rechnung ändern!" = "rechnung aendern". */
export function comparableLine(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function evalDir(): string {
  const candidates = [
    path.join(__dirname, '..', 'eval', 'nlu', 'holdout'),
    path.join(__dirname, '..', '..', 'eval', 'nlu', 'holdout'),
  ];
  const found = candidates.find((d) => fs.existsSync(d));
  if (!found) throw new Error(`eval/nlu/holdout not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * Runs every line of eval/nlu/holdout/<lang>.json through the same classification the main dialog uses
 * (explicit requests, quick-reply labels, then the model) and compares it with its label.
 */
export async function evaluate(
  recognizer: IntentRecognizer,
  dir = evalDir(),
  training: UtteranceSet = loadUtterances(),
): Promise<LanguageReport[]> {
  const classifier = new IntentClassifier(new Translations(), recognizer);
  const reports: LanguageReport[] = [];
  for (const language of LANGUAGES) {
    const trained = new Set(Object.values(training[language]).flat().map(comparableLine));
    const data = evalFileSchema.parse(
      JSON.parse(fs.readFileSync(path.join(dir, `${language}.json`), 'utf8')),
    );
    const report: LanguageReport = {
      language,
      total: 0,
      correct: 0,
      perIntent: {},
      noneRejected: { total: 0, correct: 0 },
      misroutes: [],
      alsoInTraining: 0,
      unseen: { total: 0, correct: 0 },
    };
    for (const [expected, lines] of Object.entries(data) as [Label, string[]][]) {
      const bucket = (report.perIntent[expected] ??= { total: 0, correct: 0 });
      for (const text of lines) {
        const result = await classifier.classify(text, language);
        const got = result.kind === 'language' ? `language:${result.language}` : result.intent;
        const ok = got === expected;
        if (trained.has(comparableLine(text))) report.alsoInTraining += 1;
        else {
          report.unseen.total += 1;
          if (ok) report.unseen.correct += 1;
        }
        bucket.total += 1;
        report.total += 1;
        if (ok) {
          bucket.correct += 1;
          report.correct += 1;
        } else report.misroutes.push({ text, expected, got });
        if (expected === 'none') {
          report.noneRejected.total += 1;
          if (ok) report.noneRejected.correct += 1;
        }
      }
    }
    reports.push(report);
  }
  return reports;
}

export const percent = (correct: number, total: number) => (total ? (100 * correct) / total : 0);
