import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EldLanguageDetector } from '../../nlu/languageDetector';

/**
 * The bot loads only the German and English part of eld's database (a fraction of the memory); it must tell
 * every sentence's language exactly as the full database restricted to German and English does.
 */
describe('language detection with the two-language part of eld', () => {
  const LINES = [
    'Ich möchte meine Zahlungsmethode ändern',
    'I would like to change my payment method please',
    'Wir haben ein Unternehmenskonto und zahlen per Überweisung',
    'can we switch to paying by bank transfer',
    'Acme Europe GmbH',
    'hallo ich bin der Abrechnungskontakt',
    'my VAT ID is DE136695976 and the company is Muster GmbH',
    'Können Sie bitte meine Daten löschen?',
    'ok',
    'PayPal',
    'Das ist mein Firmenname: Blue Sky Consulting Ltd',
    'where do I find the Corporate Billing Portal',
  ];

  it('gives the same answer as the full database for German, English, mixed and short lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eld-'));
    try {
      const subset = await EldLanguageDetector.create(dir);
      assert.ok(
        fs.readdirSync(dir).some((f) => f.startsWith('eld-')),
        'the two-language file was written',
      );
      // A cache folder that cannot be made: the full database, as before.
      const full = await EldLanguageDetector.create(path.join('/dev/null', 'no-cache'));
      for (const line of LINES) assert.equal(subset.detect(line), full.detect(line), line);
      assert.equal(subset.detect(LINES[0]), 'de');
      assert.equal(subset.detect(LINES[1]), 'en');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
