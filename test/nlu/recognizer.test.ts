import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LANGUAGES, type Language } from '../../domain/language';
import { INTENTS, type IntentOrNone } from '../../nlu/intents';
import { normalizeUserText } from '../../nlu/normalize';
import { NgramClassifier, ngramFeatures } from '../../nlu/ngramClassifier';
import { findLocalesDir, loadUtterances, NlpjsRecognizer, parseUtterances } from '../../nlu/nlpjsRecognizer';
import { BLIND, HELD_OUT, type HeldOutTable } from './heldOut';

/**
 * Held-out lines the model still gets wrong. They count against the aggregate accuracy but
 * get no per-line assertion; remove a line here once the training data fixes it.
 */
const KNOWN_MISSES: Record<Language, readonly string[]> = {
  de: [],
  en: [],
};
const MIN_HELD_OUT_ACCURACY = 0.9;
/** BLIND was never tuned on; its floor sits a little lower than its measured 93-94 %. */
const MIN_BLIND_ACCURACY = 0.85;

function rows(table: HeldOutTable): Array<{ expected: IntentOrNone; text: string }> {
  return (Object.keys(table) as IntentOrNone[]).flatMap((expected) =>
    table[expected].map((text) => ({ expected, text })),
  );
}

async function accuracy(
  recognizer: NlpjsRecognizer,
  table: HeldOutTable,
  language: Language,
): Promise<number> {
  const all = rows(table);
  let correct = 0;
  for (const { expected, text } of all) {
    if ((await recognizer.recognize(text, language)).intent === expected) correct += 1;
  }
  return correct / all.length;
}

describe('NLU training data (locales/*/utterances.json)', () => {
  const data = loadUtterances();
  const expectedKeys = [...INTENTS, 'none'].sort();

  it('both languages have exactly the same keys: every intent plus "none"', () => {
    const raw = (language: Language): unknown =>
      JSON.parse(fs.readFileSync(path.join(findLocalesDir(), language, 'utterances.json'), 'utf8'));
    const deKeys = Object.keys(raw('de') as object).sort();
    const enKeys = Object.keys(raw('en') as object).sort();
    assert.deepEqual(deKeys, enKeys);
    assert.deepEqual(deKeys, expectedKeys);
  });

  for (const language of LANGUAGES) {
    it(`${language}: at least 15 utterances per intent, none empty`, () => {
      for (const key of expectedKeys) {
        const examples = data[language][key] ?? [];
        assert.ok(examples.length >= 15, `${language}/${key} has ${examples.length}`);
        for (const example of examples) assert.ok(example.trim(), `${language}/${key} has an empty line`);
      }
    });

    it(`${language}: no utterance is filed under two intents`, () => {
      const owner = new Map<string, string>();
      for (const [key, examples] of Object.entries(data[language])) {
        for (const example of examples) {
          const normalized = normalizeUserText(example, language);
          const previous = owner.get(normalized);
          assert.ok(previous === undefined || previous === key, `"${example}" is in ${previous} and ${key}`);
          owner.set(normalized, key);
        }
      }
    });

    it(`${language}: no held-out or blind phrase appears in the training data`, () => {
      const trained = new Set(
        Object.values(data[language])
          .flat()
          .map((example) => normalizeUserText(example, language)),
      );
      for (const { text } of [...rows(HELD_OUT[language]), ...rows(BLIND[language])]) {
        assert.ok(!trained.has(normalizeUserText(text, language)), `"${text}" is in the training data`);
      }
    });
  }

  it('rejects unknown intent names and non-string utterances', () => {
    assert.throws(() => parseUtterances({ chnagePlan: ['x'] }, 'test'), /unknown intent "chnagePlan"/);
    assert.throws(() => parseUtterances({ help: ['x', 3] }, 'test'), /must be an array of strings/);
    assert.throws(() => parseUtterances([], 'test'), /expected an object/);
  });
});

describe('normalizeUserText', () => {
  it('trims, lower-cases and collapses spaces', () => {
    assert.equal(normalizeUserText('  Update   my CARD \n'), 'update my card');
  });

  it('German: ae/oe/ue become umlauts and ß becomes ss, so all spellings meet', () => {
    assert.equal(normalizeUserText('Zahlungsart AENDERN', 'de'), 'zahlungsart ändern');
    assert.equal(normalizeUserText('Zahlungsart ändern', 'de'), 'zahlungsart ändern');
    assert.equal(normalizeUserText('Grüße aus der Straße', 'de'), 'grüsse aus der strasse');
  });

  it('English text keeps its letters', () => {
    assert.equal(normalizeUserText('Does this Issue go away?', 'en'), 'does this issue go away?');
    assert.equal(normalizeUserText('I can\u2019t log in', 'en'), "i can't log in");
  });
});

describe('NgramClassifier', () => {
  const examples: Array<[string, string]> = [
    ['zahlungsmethode ändern', 'changePaymentMethod'],
    ['neue kreditkarte hinterlegen', 'changePaymentMethod'],
    ['alte rechnungen herunterladen', 'invoiceHistory'],
    ['rechnungskopie als pdf', 'invoiceHistory'],
    ['wie wird das wetter', 'None'],
    ['erzähl einen witz', 'None'],
  ];

  it('features: words, word pairs and character n-grams, umlauts folded', () => {
    const features = ngramFeatures('Karte ändern');
    assert.ok(features.includes('w:karte'));
    assert.ok(features.includes('w:andern'));
    assert.ok(features.includes('b:karte_andern'));
    assert.ok(features.includes('c:<ka'));
    assert.ok(features.includes('c:ern>'));
    assert.equal(new Set(features).size, features.length);
  });

  it('probabilities over the trained labels sum to 1; compounds and typos still match', () => {
    const model = new NgramClassifier();
    model.train(examples);
    const p = model.predict('rechnung herunterladen');
    assert.deepEqual(Object.keys(p).sort(), ['None', 'changePaymentMethod', 'invoiceHistory']);
    assert.ok(Math.abs(Object.values(p).reduce((a, b) => a + b, 0) - 1) < 1e-9);
    const best = (text: string) => Object.entries(model.predict(text)).sort((a, b) => b[1] - a[1])[0]?.[0];
    assert.equal(best('zahlungsmethde andern'), 'changePaymentMethod');
    assert.equal(best('rechnungskopien'), 'invoiceHistory');
  });

  it('is deterministic: the same data gives the same model', () => {
    const a = new NgramClassifier();
    const b = new NgramClassifier();
    a.train(examples);
    b.train(examples);
    assert.deepEqual(a.predict('karte ändern'), b.predict('karte ändern'));
  });
});

describe('NlpjsRecognizer', function () {
  // Some tests train from scratch (about 5-7 s, more on a busy CI machine).
  this.timeout(60_000);
  let recognizer: NlpjsRecognizer;

  before(async () => {
    const started = process.hrtime.bigint();
    recognizer = await NlpjsRecognizer.train();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`      (trained DE + EN in ${ms.toFixed(0)} ms, threshold ${recognizer.threshold})`);
  });

  describe('result shape', () => {
    it('empty or blank text is none with score 0 and no candidates', async () => {
      for (const text of ['', '   ', '\n\t']) {
        assert.deepEqual(await recognizer.recognize(text, 'de'), {
          intent: 'none',
          score: 0,
          candidates: [],
        });
      }
    });

    it('candidates: at most 3 real intents, best first, the winner first', async () => {
      for (const [text, language] of [
        ['kreditkarte ändern', 'de'],
        ['who pays for our account', 'en'],
        ['asdf qwer', 'en'],
      ] as const) {
        const result = await recognizer.recognize(text, language);
        assert.ok(result.candidates.length <= 3);
        for (const candidate of result.candidates)
          assert.ok((INTENTS as readonly string[]).includes(candidate.intent));
        const scores = result.candidates.map((c) => c.score);
        assert.deepEqual(
          scores,
          [...scores].sort((a, b) => b - a),
        );
        if (result.intent !== 'none') {
          assert.equal(result.candidates[0]?.intent, result.intent);
          assert.ok(result.score >= recognizer.threshold);
        }
      }
    });

    it('a threshold above every score turns everything into none, keeping the candidates', async () => {
      const strict = await NlpjsRecognizer.train({ threshold: 1.01 });
      const result = await strict.recognize('Zahlungsmethode ändern', 'de');
      assert.equal(result.intent, 'none');
      assert.equal(result.candidates[0]?.intent, 'changePaymentMethod');
    });

    it('a trained model is kept on disk: the next start loads it and answers exactly the same', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-cache-'));
      try {
        const trained = await NlpjsRecognizer.train({ cacheDir: dir });
        assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length, 1);
        const started = Date.now();
        const loaded = await NlpjsRecognizer.train({ cacheDir: dir });
        const loadMs = Date.now() - started;
        const lines: [string, Language][] = [
          ['kreditkarte ändern', 'de'],
          ['who pays for our account', 'en'],
          ['forgot my password', 'de'],
          ['asdf qwer', 'en'],
        ];
        // Every held-out line too, in its own language and in the other one.
        for (const language of LANGUAGES)
          for (const texts of Object.values(HELD_OUT[language]))
            for (const text of texts) lines.push([text, language], [text, language === 'de' ? 'en' : 'de']);
        for (const [text, language] of lines) {
          assert.deepEqual(
            await loaded.recognize(text, language),
            await trained.recognize(text, language),
            text,
          );
        }
        console.log(`      (loaded from the cache in ${loadMs} ms)`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a damaged cache file is ignored: the model is trained again and the file replaced', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-cache-'));
      try {
        await NlpjsRecognizer.train({ cacheDir: dir });
        const [file] = fs.readdirSync(dir);
        fs.writeFileSync(path.join(dir, file), '{"format":1,"nlp":"{not json","ngrams":{}}');
        const recognizer = await NlpjsRecognizer.train({ cacheDir: dir });
        assert.equal((await recognizer.recognize('Kreditkarte ändern', 'de')).intent, 'changePaymentMethod');
        assert.ok(fs.readFileSync(path.join(dir, file), 'utf8').length > 1000, 'the file was written again');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('can be trained on utterances passed in', async () => {
      const tiny = await NlpjsRecognizer.train({
        utterances: {
          de: { greeting: ['hallo', 'guten tag'], thanks: ['danke', 'vielen dank'], none: ['wetter'] },
          en: { greeting: ['hello', 'good morning'], thanks: ['thanks', 'thank you'], none: ['weather'] },
        },
      });
      assert.equal((await tiny.recognize('hallo du', 'de')).intent, 'greeting');
      assert.equal((await tiny.recognize('thank you so much', 'en')).intent, 'thanks');
    });

    it('a lone domain word that fits several intents is none, offering them as candidates', async () => {
      for (const [text, language] of [
        ['billing', 'en'],
        ['Abo', 'de'],
      ] as const) {
        const result = await recognizer.recognize(text, language);
        assert.equal(result.intent, 'none', `${text}: ${JSON.stringify(result.candidates)}`);
        assert.ok(result.candidates.length >= 2);
      }
    });

    it("a short line in the other language goes to that language's model", async () => {
      for (const [text, language, expected] of [
        ['forgot my password', 'de', 'signInBilling'],
        ['which cards do you accept', 'de', 'paymentFaq'],
        ['Rechnungskopie', 'en', 'invoiceHistory'],
        ['bin ich abrechnungskontakt', 'en', 'whoIsBillingContact'],
        ['whats the weather like in munich', 'de', 'none'],
      ] as const) {
        assert.equal((await recognizer.recognize(text, language)).intent, expected, `${language}: ${text}`);
      }
    });

    it('German and English are separate models, each recognising its own phrasing', async () => {
      assert.equal((await recognizer.recognize('Kreditkarte ändern', 'de')).intent, 'changePaymentMethod');
      assert.equal((await recognizer.recognize('update my card', 'en')).intent, 'changePaymentMethod');
    });
  });

  for (const language of LANGUAGES) {
    describe(`${language}: held-out phrases`, () => {
      for (const { expected, text } of rows(HELD_OUT[language])) {
        if (KNOWN_MISSES[language].includes(text)) continue;
        it(`"${text}" -> ${expected}`, async () => {
          const result = await recognizer.recognize(text, language);
          assert.equal(result.intent, expected, `candidates: ${JSON.stringify(result.candidates)}`);
        });
      }

      it(`accuracy over all held-out lines is at least ${MIN_HELD_OUT_ACCURACY * 100} %`, async () => {
        const value = await accuracy(recognizer, HELD_OUT[language], language);
        console.log(`      (${language} held-out accuracy ${(value * 100).toFixed(1)} %)`);
        assert.ok(value >= MIN_HELD_OUT_ACCURACY, `${(value * 100).toFixed(1)} %`);
      });

      it(`accuracy over the blind set is at least ${MIN_BLIND_ACCURACY * 100} %`, async () => {
        const value = await accuracy(recognizer, BLIND[language], language);
        console.log(`      (${language} blind accuracy ${(value * 100).toFixed(1)} %)`);
        assert.ok(value >= MIN_BLIND_ACCURACY, `${(value * 100).toFixed(1)} %`);
      });
    });
  }
});
