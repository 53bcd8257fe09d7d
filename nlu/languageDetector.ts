import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Language } from '../domain/language';
import { eldDir, eldSubsetFile } from './eldSubset';
import { defaultCacheDir } from './nlpjsRecognizer';

/** Tells the language of a whole sentence; short or ambiguous text gives undefined. */
export interface LanguageDetector {
  detect(text: string): Language | undefined;
}

interface EldResult {
  language: string;
  isReliable(): boolean;
  getScores(): Record<string, number>;
}
interface EldModule {
  eld: { detect(text: string): EldResult; setLanguageSubset(languages: string[]): unknown };
}

/** A sentence needs this many words before its language counts ("ok", "PayPal" never switch). */
const MIN_WORDS = 3;
const MIN_SCORE = 0.75;
/** The other language must score clearly lower: names like "Acme Europe GmbH" score high in both. */
const MAX_OTHER_SCORE = 0.65;

/** `eld` (small model, restricted to de/en). It is ESM-only, hence the runtime import. */
export class EldLanguageDetector implements LanguageDetector {
  private constructor(private readonly eld: EldModule['eld']) {}

  /** `cacheDir`: where the German/English part of eld's database is kept (see eldSubset.ts). */
  static async create(cacheDir = defaultCacheDir()): Promise<EldLanguageDetector> {
    // tsc would turn import() into require() under CommonJS, which cannot load an ES module.
    const importEsm = new Function('specifier', 'return import(specifier)') as (
      s: string,
    ) => Promise<unknown>;
    const subset = eldSubsetFile(cacheDir);
    if (subset) {
      // eld's own detector with the two-language database: by file, as its exports map offers no other way.
      const { createEld } = (await importEsm(
        pathToFileURL(path.join(eldDir(), 'src', 'languageDetector.js')).href,
      )) as { createEld(): { instance: EldModule['eld']; loadData(data: unknown): unknown } };
      const { ngramsData } = (await importEsm(pathToFileURL(subset).href)) as { ngramsData: unknown };
      const { instance, loadData } = createEld();
      loadData(ngramsData);
      return new EldLanguageDetector(instance);
    }
    const { eld } = (await importEsm('eld/small')) as EldModule;
    eld.setLanguageSubset(['de', 'en']);
    return new EldLanguageDetector(eld);
  }

  detect(text: string): Language | undefined {
    const words = text.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w) && !w.includes('@'));
    if (words.length < MIN_WORDS) return undefined;
    const result = this.eld.detect(text);
    if (!result.isReliable() || (result.language !== 'de' && result.language !== 'en')) return undefined;
    const scores = result.getScores();
    const winner = scores[result.language] ?? 0;
    const other = scores[result.language === 'de' ? 'en' : 'de'] ?? 0;
    return winner >= MIN_SCORE && other <= MAX_OTHER_SCORE ? result.language : undefined;
  }
}
