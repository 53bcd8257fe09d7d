import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PORTAL_STEPS } from '../domain/portalSteps';
import { Translations, localesDir } from '../i18n/translator';
import { createTestBot, type TestBot } from './helpers/testBot';
import { LINES, conversation } from './helpers/scripts';

const translations = new Translations();
const de = translations.for('de');
const en = translations.for('en');

/** Where on the page a step sends the customer, as language-free facts. */
const PLACES: Record<string, { de: RegExp; en: RegExp }> = {
  left: { de: /\blinks\b|\blinken\b/i, en: /\bleft\b/i },
  right: { de: /\brechts\b|\brechten\b/i, en: /\bright\b/i },
  top: { de: /\boben\b|\boberen\b/i, en: /\btop\b/i },
  bottom: { de: /\bunten\b|\bunteren\b/i, en: /\bbottom\b/i },
};

function places(text: string, lang: 'de' | 'en'): string[] {
  return Object.keys(PLACES).filter((p) => PLACES[p][lang].test(text));
}

/** The portal UI labels a step names, by key (German shows two of them as "Zahlungsmethode"). */
function labelKeys(key: string, lang: 'de' | 'en'): string[] {
  const [file, ...rest] = key.split('.');
  let node: unknown = JSON.parse(fs.readFileSync(path.join(localesDir(), lang, `${file}.json`), 'utf8'));
  for (const part of rest) node = (node as Record<string, unknown>)[part];
  return [...String(node).matchAll(/\$t\(labels\.(\w+)\)/g)].map((m) => m[1]).sort();
}

describe('portal steps: the same facts in German and English', () => {
  for (const kind of ['online', 'corporate'] as const) {
    PORTAL_STEPS[kind].forEach((key, i) => {
      it(`${kind} step ${i + 1}: same place on the page and the same labels`, () => {
        const textDe = de.t(key, { url: 'URL' });
        const textEn = en.t(key, { url: 'URL' });
        assert.deepEqual(places(textEn, 'en'), places(textDe, 'de'), `${textDe}\n${textEn}`);
        assert.deepEqual(labelKeys(key, 'en'), labelKeys(key, 'de'));
      });
    });
  }

  it('online step 3: the Edit link is in the navigation on the left, as the help article says', () => {
    assert.deepEqual(places(de.t('flow.guide.online.step3'), 'de'), ['left']);
    assert.deepEqual(places(en.t('flow.guide.online.step3'), 'en'), ['left']);
  });

  describe('as the customer reads it', () => {
    let bot: TestBot;
    before(async () => (bot = await createTestBot()));

    it('en: the online guide says the Edit link is on the left', async () => {
      const c = conversation(bot, 'en');
      await c.says(LINES.en.start);
      await c.says(LINES.en.yes);
      (await c.says(LINES.en.online)).says('**Edit**', 'on the left').doesNotSay('on the right');
    });

    it('de: the online guide says the Bearbeiten link is on the left', async () => {
      const c = conversation(bot, 'de');
      await c.says(LINES.de.start);
      await c.says(LINES.de.yes);
      (await c.says(LINES.de.online)).says('**Bearbeiten**', 'links').doesNotSay('rechts');
    });
  });
});
