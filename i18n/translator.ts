import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LANGUAGES, type Language } from '../domain/language';

/** Files in locales/<lang>/ that are data for other parts (NLU training), not messages. */
const NOT_MESSAGES = new Set(['utterances.json']);

export type Messages = Record<string, unknown>;

/** i18next's default interpolation (`{{name}}`, spaces allowed) and nesting (`$t(key)`) without options. */
const PLACEHOLDER = /{{\s*([\w.]+)\s*}}/g;
const NESTING = /\$t\(([\w.]+)\)/g;
const MAX_NESTING = 5;

/** Finds locales/ both from the sources (ts-node) and from dist/ (compiled). */
export function localesDir(): string {
  const candidates = [path.join(__dirname, '..', 'locales'), path.join(__dirname, '..', '..', 'locales')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'de')));
  if (!found) throw new Error(`locales folder not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Reads every message file of one language; each file becomes a top-level key ("flow.json" -> "flow."). */
export function readMessages(language: Language, dir = localesDir()): Messages {
  const folder = path.join(dir, language);
  const messages: Messages = {};
  for (const file of fs.readdirSync(folder).sort()) {
    if (!file.endsWith('.json') || NOT_MESSAGES.has(file)) continue;
    messages[path.basename(file, '.json')] = JSON.parse(
      fs.readFileSync(path.join(folder, file), 'utf8'),
    ) as unknown;
  }
  return messages;
}

/** Text for one language; `list` returns arrays kept in the locale files (synonyms, phrases). */
export interface Translator {
  readonly language: Language;
  t(key: string, args?: Record<string, string | number>): string;
  list(key: string): string[];
  /** Whether a message exists (an optional one, such as a field's placeholder). */
  exists(key: string): boolean;
  /** A whole subtree of messages (for a page script that renders them itself). */
  tree(key: string): Record<string, unknown>;
}

export class Translations {
  private readonly i18n: i18n;
  private readonly fixed: Record<Language, TFunction>;
  /**
   * Messages without arguments and lists, per language, once looked up: the resources never change after
   * start, and i18next's lookup (key parsing, fallbacks, post-processing) was a tenth of a turn's CPU.
   */
  private readonly plain: Record<Language, Map<string, string>> = { de: new Map(), en: new Map() };
  private readonly lists: Record<Language, Map<string, string[]>> = { de: new Map(), en: new Map() };
  /** Messages with arguments, ready to fill in (null: i18next fills them in); see interpolated. */
  private readonly templates: Record<Language, Map<string, string | null>> = { de: new Map(), en: new Map() };

  constructor(dir = localesDir()) {
    this.i18n = i18next.createInstance();
    const resources = Object.fromEntries(
      LANGUAGES.map((lng) => [lng, { translation: readMessages(lng, dir) }]),
    );
    // initAsync: false with inline resources makes init finish synchronously.
    void this.i18n.init({
      resources,
      lng: 'de',
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false },
    });
    this.fixed = { de: this.i18n.getFixedT('de'), en: this.i18n.getFixedT('en') };
  }

  /**
   * A message with arguments, filled in without i18next's lookup: its `$t(key)` references resolved once, then
   * each `{{name}}` replaced by its argument (i18next passes the arguments on to nested messages, so theirs are
   * filled in too). Undefined where i18next must do it: a plural (`count`), a nesting with options, an
   * argument that is missing or not a string or number.
   */
  private interpolated(language: Language, key: string, args: Record<string, unknown>): string | undefined {
    if ('count' in args) return undefined;
    const templates = this.templates[language];
    let template = templates.get(key);
    if (template === undefined) {
      template = this.expanded(language, key, 0);
      templates.set(key, template);
    }
    if (template === null) return undefined;
    let missing = false;
    const text = template.replace(PLACEHOLDER, (_, name: string) => {
      const value = args[name];
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      missing = true;
      return '';
    });
    return missing ? undefined : text;
  }

  /** The message with its `$t(key)` references replaced by their text; null when that is not plain. */
  private expanded(language: Language, key: string, depth: number): string | null {
    const raw: unknown = this.i18n.getResource(language, 'translation', key);
    if (typeof raw !== 'string' || depth > MAX_NESTING) return null;
    let plainNesting = true;
    const text = raw.replace(NESTING, (_, nested: string) => {
      const inner = this.expanded(language, nested, depth + 1);
      if (inner === null) plainNesting = false;
      return inner ?? '';
    });
    return plainNesting && !text.includes('$t(') ? text : null;
  }

  for(language: Language): Translator {
    const fixedT = this.fixed[language];
    const plain = this.plain[language];
    const lists = this.lists[language];
    return {
      language,
      t: (key, args) => {
        const known = args ? undefined : plain.get(key);
        if (known !== undefined) return known;
        if (args) {
          const quick = this.interpolated(language, key, args);
          if (quick !== undefined) return quick;
        }
        const text = fixedT(key, args ?? {});
        if (text === key) throw new Error(`Missing message "${key}" for ${language}`);
        if (!args) plain.set(key, text);
        return text;
      },
      exists: (key) => this.i18n.exists(key, { lng: language }),
      tree: (key) => {
        const value: unknown = fixedT(key, { returnObjects: true });
        if (!value || typeof value !== 'object' || Array.isArray(value))
          throw new Error(`Message "${key}" for ${language} is not a group of messages`);
        return value as Record<string, unknown>;
      },
      list: (key) => {
        let known = lists.get(key);
        if (!known) {
          const value: unknown = fixedT(key, { returnObjects: true });
          if (!Array.isArray(value)) throw new Error(`Message "${key}" for ${language} is not a list`);
          known = value.map(String);
          lists.set(key, known);
        }
        // A copy: a caller that sorts or extends its list must not change the next caller's.
        return [...known];
      },
    };
  }
}
