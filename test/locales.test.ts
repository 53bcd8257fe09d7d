import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { localesDir } from '../i18n/translator';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every leaf as "file:dotted.key" -> value. Arrays are leaves (synonym lists, training lines). */
function leaves(language: string): Map<string, Json> {
  const out = new Map<string, Json>();
  const folder = path.join(localesDir(), language);
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json'))) {
    const walk = (node: Json, prefix: string) => {
      if (node && typeof node === 'object' && !Array.isArray(node)) {
        for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
      } else out.set(`${file}:${prefix}`, node);
    };
    walk(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Json, '');
  }
  return out;
}

const placeholders = (value: Json) =>
  [...String(value).matchAll(/{{\s*(\w+)\s*}}|\$t\(([\w.]+)\)/g)].map((m) => m[1] ?? m[2]).sort();

describe('locales', () => {
  const de = leaves('de');
  const en = leaves('en');

  it('de and en have exactly the same keys', () => {
    assert.deepEqual(
      [...de.keys()].filter((k) => !en.has(k)),
      [],
      'keys only in de',
    );
    assert.deepEqual(
      [...en.keys()].filter((k) => !de.has(k)),
      [],
      'keys only in en',
    );
  });

  it('every message uses the same placeholders in both languages', () => {
    for (const [key, value] of de) {
      if (typeof value !== 'string') continue;
      assert.deepEqual(placeholders(value), placeholders(en.get(key) ?? ''), key);
    }
  });

  it('no message is empty', () => {
    for (const [lang, map] of [
      ['de', de],
      ['en', en],
    ] as const) {
      for (const [key, value] of map) {
        const empty = Array.isArray(value) ? value.length === 0 : String(value).trim() === '';
        assert.ok(!empty, `${lang} ${key} is empty`);
      }
    }
  });

  it('German speaks formally: no "du", "dein", "dich" in messages', () => {
    for (const [key, value] of de) {
      if (typeof value !== 'string' || key.startsWith('utterances.json') || key.startsWith('interrupts.json'))
        continue;
      assert.doesNotMatch(value, /\b(du|dein|deine|dich|dir)\b/i, key);
    }
  });

  it("UI labels are exactly the product's (DOMAIN.md)", () => {
    const labels = (lang: Map<string, Json>, name: string) => lang.get(`labels.json:${name}`);
    assert.equal(labels(de, 'paymentMethod'), 'Zahlungsmethode');
    assert.equal(labels(de, 'updatePaymentMethod'), 'Zahlungsmethode aktualisieren');
    assert.equal(labels(de, 'paymentProfile'), 'Zahlungsprofil');
    assert.equal(labels(de, 'vatId'), 'Umsatzsteuer-Identifikationsnummer');
    assert.equal(labels(en, 'updatePaymentMethod'), 'Update Payment Method');
    assert.equal(labels(en, 'paymentType'), 'Payment Type');
    assert.equal(labels(en, 'forgotPassword'), 'Forgot Password?');
  });
});

describe('locales: how inserted words read', () => {
  const de = leaves('de');
  const en = leaves('en');
  const messages = (map: Map<string, Json>) =>
    [...map].filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' && !entry[0].startsWith('utterances.json'),
    );

  it('both languages use typographic apostrophes and quotes (a JSON example stays code)', () => {
    const straight = [...messages(en), ...messages(de)]
      .filter(([, value]) => /['"]/.test(value.replace(/\[\{.*\}\]/g, '')))
      .map(([key, value]) => `${key}: ${value}`);
    assert.deepEqual(straight, []);
  });

  it('German puts the portal name "Abrechnung" in quotes wherever a sentence names it', () => {
    const bare = messages(de)
      .filter(([key]) => !key.startsWith('labels.json'))
      .filter(([, value]) => /(?<!„|„\*\*)\$t\(labels\.billing\)/.test(value))
      .map(([key]) => key);
    assert.deepEqual(bare, []);
  });
});
