import assert from 'node:assert/strict';
import i18next from 'i18next';
import { LANGUAGES } from '../domain/language';
import { readMessages, Translations } from '../i18n/translator';

/** Every message (a string leaf) as its dotted key. */
function messageKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  return Object.entries(node).flatMap(([k, v]) => messageKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations with arguments', () => {
  const translations = new Translations();
  // i18next on its own, set up as Translations sets it up: what every message must read like.
  const reference = i18next.createInstance();
  void reference.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: readMessages(l) }])),
    lng: 'de',
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
  });

  for (const language of LANGUAGES) {
    const keys = messageKeys(readMessages(language));
    const names = new Set(
      keys.flatMap((key) =>
        [
          ...String(reference.t(key, { lng: language, returnObjects: false })).matchAll(/{{\s*(\w+)\s*}}/g),
        ].map((m) => m[1]),
      ),
    );

    it(`${language}: every message reads as i18next fills it in, with values customers type`, () => {
      const samples = ['Müller & Söhne GmbH', '$1 $& {{name}}', 'DE 123 456 789', '42'];
      let compared = 0;
      for (const sample of samples) {
        const args: Record<string, string | number> = {};
        for (const name of names) if (name !== 'count') args[name] = sample;
        args.position = 3;
        for (const key of keys) {
          const expected = reference.t(key, { ...args, lng: language });
          assert.equal(
            translations.for(language).t(key, args),
            expected,
            `${language} ${key} with "${sample}"`,
          );
          compared++;
        }
      }
      assert.ok(compared > 500, `compared ${compared} messages`);
    });

    it(`${language}: a value that looks like a message reference is shown as typed, beside the message's labels`, () => {
      // i18next itself leaves the message's own $t(labels...) unresolved when a value holds "$t(".
      const text = translations.for(language).t('escalation.defaultSupport', { url: '$t(general.help)' });
      assert.match(text, /Contact Support/);
      assert.doesNotMatch(text, /\$t\(labels/);
      assert.ok(text.includes('$t(general.help)'));
    });

    it(`${language}: a message missing an argument, or with a count, is still i18next's`, () => {
      const tr = translations.for(language);
      for (const key of keys) {
        for (const args of [{}, { count: 2 }, { count: 1, days: 5 }] as Record<string, string | number>[]) {
          let expected: string;
          try {
            expected = reference.t(key, { ...args, lng: language });
          } catch {
            continue;
          }
          if (expected === key) continue;
          assert.equal(tr.t(key, args), expected, `${language} ${key} ${JSON.stringify(args)}`);
        }
      }
    });
  }
});
