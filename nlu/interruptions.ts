import { LANGUAGES, type Language } from '../domain/language';
import type { Translations } from '../i18n/translator';
import type { IntentRecognizer } from './recognizer';
import { foldText, typoMatch } from './choiceMatching';

export type Interruption =
  | { kind: 'cancel' | 'startOver' | 'help' | 'agent' | 'goodbye' | 'greeting' | 'deleteData' }
  | { kind: 'language'; language: Language };

const PHRASE_KINDS = ['cancel', 'startOver', 'help', 'agent', 'deleteData'] as const;

/**
 * "Können Sie bitte meine Daten löschen?", "please erase all my data": a request to delete one's data in a
 * sentence (folded text). Both a word for the data and one for deleting; the bot asks before it deletes.
 */
const DATA_WORDS = '(?:daten|angaben|informationen|data|details|information|personal data)';
const DELETE_WORDS =
  '(?:loeschen|loesche|loescht|geloescht|entfernen|entfernt|delete|deleted|erase|erased|remove|removed|wipe)';
const ERASURE_REQUEST = new RegExp(
  `\\b(?:meine|unsere|alle|my|our|all)\\b.*\\b${DATA_WORDS}\\b.*\\b${DELETE_WORDS}\\b|\\b${DELETE_WORDS}\\b.*\\b(?:meine|unsere|alle|my|our|all)\\b.*\\b${DATA_WORDS}\\b`,
);
type TypoKind = (typeof PHRASE_KINDS)[number] | 'goodbye';

/** Words around a language name that don't change the request ("auf Deutsch bitte", "can we speak English"). */
const LANGUAGE_FILLERS = new Set(
  'bitte please pls plz auf in on speak sprechen spreche sprichst wir we can could koennen koennten sie you switch to wechseln zu sprache language schreiben write lets let us do the answer antworten mir me gerne gern lieber rather i ich would like moechte moechten want will mit with talk reden'.split(
    ' ',
  ),
);
const LANGUAGE_NAMES: Record<string, Language> = {
  deutsch: 'de',
  german: 'de',
  englisch: 'en',
  english: 'en',
};
/** Pronouns and modal verbs: a sentence talking to the bot rather than a company name (folded text). */
const SPOKEN_TO_THE_BOT =
  /\b(i|im|i'm|me|my|we|us|can|could|want|would|please|ich|mich|mir|wir|uns|kann|koennen|koennte|moechte|will|bitte)\b/;

/** Words that only join the parts of a closing line ("ok, dann tschüss", "thanks and bye"). */
const JOINERS = ['dann', 'also', 'und', 'na', 'ja', 'and', 'then', 'so', 'well', 'oh'];

/** What a part of a closing line is: a farewell or "that's all" ends the chat, a "no" declines more help. */
type ClosingPart = 'farewell' | 'decline' | 'filler';
const FAREWELL = 1;
const DECLINE = 2;
/** Longer lines are not a closing line: they say something else besides. */
const MAX_CLOSING_WORDS = 16;

/**
 * Closing lines: a line made only of farewells, "that's all", "no thanks", thanks and joining words, in
 * any order and with any punctuation ("nein danke, das wars. tschüss"). Every word must belong to one
 * of the phrases (locales/<lang>/interrupts.json), so "tschüss, ich will noch die Karte ändern" is none.
 */
export class ClosingLines {
  private readonly parts = new Map<string, ClosingPart>();
  private readonly longest: number;

  constructor(translations: Translations) {
    const add = (phrase: string, part: ClosingPart) => {
      const folded = foldText(phrase);
      // A phrase in two lists counts as the stronger one: a farewell over a "no", a "no" over a filler.
      const known = this.parts.get(folded);
      if (folded && known !== 'farewell' && !(known === 'decline' && part === 'filler'))
        this.parts.set(folded, part);
    };
    for (const lng of LANGUAGES) {
      const tr = translations.for(lng);
      for (const p of tr.list('interrupts.goodbye')) add(p, 'farewell');
      for (const p of tr.list('interrupts.done')) add(p, 'farewell');
      for (const p of tr.list('interrupts.decline')) add(p, 'decline');
      for (const p of tr.list('interrupts.closing')) add(p, 'filler');
    }
    for (const w of JOINERS) add(w, 'filler');
    this.longest = Math.max(...[...this.parts.keys()].map((p) => p.split(' ').length));
  }

  /** Which kinds of parts a whole line can be read as (bit flags); undefined when some word is left over. */
  private read(text: string): number[] | undefined {
    const words = text
      .split(/[.,;:!?()\n]+/)
      .map((segment) => foldText(segment))
      .filter(Boolean)
      .join(' ')
      .split(' ')
      .filter(Boolean);
    if (!words.length || words.length > MAX_CLOSING_WORDS) return undefined;
    // reach[i]: the flag sets of every way to read the first i words as phrases.
    const reach: Set<number>[] = words.map(() => new Set<number>());
    reach.push(new Set<number>());
    reach[0].add(0);
    for (let i = 0; i < words.length; i++) {
      if (!reach[i].size) continue;
      for (let len = 1; len <= this.longest && i + len <= words.length; len++) {
        const part = this.parts.get(words.slice(i, i + len).join(' '));
        if (!part) continue;
        const flag = part === 'farewell' ? FAREWELL : part === 'decline' ? DECLINE : 0;
        for (const flags of reach[i]) reach[i + len].add(flags | flag);
      }
    }
    const end = reach[words.length];
    return end.size ? [...end] : undefined;
  }

  /** "tschüss", "nein danke, das wars. tschüss", "thanks, that's all": the customer is leaving. */
  isFarewell(text: string): boolean {
    return (this.read(text) ?? []).some((flags) => (flags & FAREWELL) !== 0);
  }

  /** "nein danke", "no thanks, all good": no more help wanted (an answer where a question is open). */
  isDecline(text: string): boolean {
    return (this.read(text) ?? []).some((flags) => (flags & DECLINE) !== 0);
  }
}

/** Longer sentences ("ich möchte mit einem Menschen sprechen") go to the intent model. */
const MIN_WORDS_FOR_MODEL = 3;
const MODEL_CONFIDENCE = 0.8;

/**
 * Recognises the things a user may say at any prompt. Exact phrases from locales/<lang>/interrupts.json
 * in either language, then, for whole sentences, a confident intent from the model.
 */
export class InterruptionDetector {
  private readonly phrases = new Map<string, Interruption>();
  /** What a typo may stand for: every phrase but the language names, and the farewells. */
  private readonly typoTargets: Array<readonly [string, TypoKind]> = [];
  /** Farewells as typed exactly: they count at any question but where a name is asked for ("Ciao GmbH"). */
  private readonly goodbyes = new Set<string>();
  /** Greetings as typed exactly ("hallo", "good morning"); not where a name is asked for either. */
  private readonly greetings = new Set<string>();
  readonly closing: ClosingLines;

  constructor(
    translations: Translations,
    private readonly recognizer: IntentRecognizer,
  ) {
    for (const lng of LANGUAGES) {
      const tr = translations.for(lng);
      for (const kind of PHRASE_KINDS) {
        for (const p of tr.list(`interrupts.${kind}`)) this.add(p, { kind });
      }
      for (const p of tr.list('interrupts.goodbye')) {
        this.typoTargets.push([p, 'goodbye']);
        this.goodbyes.add(foldText(p));
      }
      for (const p of tr.list('interrupts.greeting')) this.greetings.add(foldText(p));
      for (const p of tr.list('interrupts.toGerman')) this.add(p, { kind: 'language', language: 'de' });
      for (const p of tr.list('interrupts.toEnglish')) this.add(p, { kind: 'language', language: 'en' });
    }
    this.closing = new ClosingLines(translations);
    // Language names are left out: "Germany" is a country, not a typo of "German".
    for (const [phrase, i] of this.phrases)
      if (i.kind !== 'language' && i.kind !== 'greeting') this.typoTargets.push([phrase, i.kind]);
  }

  private add(phrase: string, interruption: Interruption): void {
    const folded = foldText(phrase);
    if (folded) this.phrases.set(folded, interruption);
  }

  /** "auf Deutsch bitte" -> de: a language name with nothing but filler words around it. */
  private languageRequest(folded: string): Interruption | undefined {
    const words = folded.split(' ').filter((w) => !LANGUAGE_FILLERS.has(w));
    const language = words.length === 1 ? LANGUAGE_NAMES[words[0]] : undefined;
    return language ? { kind: 'language', language } : undefined;
  }

  /**
   * `typos`: whether a typo of a phrase counts ("abbrechn"); off while a field is asked for, where
   * "Germany" must stay a country and not become "German".
   * `nameExpected` while a name or identifier is asked for: "Blue Sky Consulting Ltd" must be taken as
   * the company; only a sentence addressed to the bot ("can I talk to a human") goes to the model.
   */
  async detect(
    text: string | undefined,
    language: Language,
    nameExpected = false,
    typos = !nameExpected,
  ): Promise<Interruption | undefined> {
    const raw = (text ?? '').trim();
    if (!raw) return undefined;
    // "?", "??", "?!": a customer who does not know what to type.
    if (/^[?!¿\s]*\?[?!\s]*$/.test(raw)) return { kind: 'help' };
    const folded = foldText(raw);
    if (!folded) return undefined;
    const exact = this.phrases.get(folded) ?? this.languageRequest(folded);
    if (exact) return exact;
    // Not while a name is asked for: "Datenlöscher GmbH" is a company, and a sentence is no name anyway.
    if (!nameExpected && ERASURE_REQUEST.test(folded)) return { kind: 'deleteData' };
    if (!nameExpected && this.goodbyes.has(folded)) return { kind: 'goodbye' };
    if (!nameExpected && this.greetings.has(folded)) return { kind: 'greeting' };
    // "nein danke, das wars. tschüss": a farewell inside a longer line is a farewell too.
    if (!nameExpected && this.closing.isFarewell(raw)) return { kind: 'goodbye' };
    if (typos) {
      // A typo of a phrase ("abbrechn"), or a farewell ("tschüss", "bye"). Neither while a field is
      // asked for: a company may well be called "Ciao GmbH".
      const kind = typoMatch(folded, this.typoTargets);
      if (kind) return { kind };
    }
    if (folded.split(' ').length < MIN_WORDS_FOR_MODEL) return undefined;
    if (nameExpected && !SPOKEN_TO_THE_BOT.test(folded)) return undefined;
    const result = await this.recognizer.recognize(raw, language);
    if (result.score < MODEL_CONFIDENCE) return undefined;
    switch (result.intent) {
      case 'cancel':
      case 'startOver':
      case 'agent':
        return { kind: result.intent };
      default:
        return undefined;
    }
  }
}
