/**
 * Minimal typings for the parts of NLP.js (v4) this project uses. The packages ship no
 * TypeScript declarations; everything not listed here is deliberately left out.
 */

declare module '@nlpjs/basic' {
  /** A plugin class the container instantiates, such as `Nlp`, `LangDe` or `LangEn`. */
  export type NlpjsPlugin = abstract new (...args: never[]) => unknown;

  export interface NlpClassification {
    intent: string;
    score: number;
  }

  export interface NlpClassifyResult {
    locale?: string;
    utterance?: string;
    /** The winner, or 'None'. */
    intent: string;
    score: number;
    /** Every intent's score, best first; includes 'None' when it scored. */
    classifications: NlpClassification[];
  }

  export interface NlpSettings {
    autoSave?: boolean;
    autoLoad?: boolean;
    /** Below this score `process` answers 'None' (the raw scores stay in `classifications`). */
    threshold?: number;
    modelFileName?: string;
    languages?: string[];
  }

  export class Nlp {
    settings: NlpSettings;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): unknown;
    train(): Promise<unknown>;
    /** Intent classification only (no NER, sentiment or answers). */
    classify(locale: string, utterance: string): Promise<NlpClassifyResult>;
    /** The trained model as JSON (`minified`: without indentation). */
    export(minified?: boolean): string;
    /** The trained model as a JSON-ready object (what `export` stringifies). */
    toJSON(): Record<string, unknown>;
    /** Loads what `export` or `toJSON` produced. */
    import(data: string | Record<string, unknown>): void;
  }

  export interface Container {
    use(plugin: NlpjsPlugin): unknown;
    get(name: 'nlp'): Nlp;
    /** `overwrite` defaults to true; the libraries register their defaults with false. */
    registerConfiguration(tag: string, configuration: Record<string, unknown>, overwrite?: boolean): void;
  }

  export function containerBootstrap(): Promise<Container>;
}

declare module '@nlpjs/lang-de' {
  export class LangDe {
    private readonly brand: 'LangDe';
  }
}

declare module '@nlpjs/lang-en' {
  export class LangEn {
    private readonly brand: 'LangEn';
  }
}
