import { strict as assert } from 'assert';
import {
  checkVatId,
  findVatIdInText,
  normalizeVatId,
  taxedRegardless,
  vatApplies,
  vatPrefixFor,
} from '../../domain/vat';

describe('domain/vat', () => {
  describe('normalizeVatId', () => {
    it('upper-cases and strips spaces, dots and dashes', () => {
      assert.equal(normalizeVatId(' de 136.695-976 '), 'DE136695976');
      assert.equal(normalizeVatId('atu 1358 5627'), 'ATU13585627');
    });
  });

  describe('scope', () => {
    it('gives the VAT prefix per billing country', () => {
      assert.equal(vatPrefixFor('DE'), 'DE');
      assert.equal(vatPrefixFor('AT'), 'AT');
      assert.equal(vatPrefixFor('GR'), 'EL');
      assert.equal(vatPrefixFor('GB'), 'GB');
      assert.equal(vatPrefixFor('ie'), 'IE');
      assert.equal(vatPrefixFor('US'), undefined);
      assert.equal(vatPrefixFor('CH'), undefined);
      assert.equal(vatPrefixFor('NO'), undefined);
    });
    it('applies VAT for the EU 27 and the UK only', () => {
      assert.equal(vatApplies('DE'), true);
      assert.equal(vatApplies('GR'), true);
      assert.equal(vatApplies('GB'), true);
      assert.equal(vatApplies('US'), false);
      assert.equal(vatApplies('CH'), false);
      assert.equal(vatApplies('TR'), false);
    });
    it('taxes everyone in the UK and Ireland', () => {
      assert.equal(taxedRegardless('GB'), true);
      assert.equal(taxedRegardless('IE'), true);
      assert.equal(taxedRegardless('DE'), false);
      assert.equal(taxedRegardless('US'), false);
    });
  });

  describe('checkVatId', () => {
    const valid: Array<[string, string, string]> = [
      ['DE136695976', 'DE', 'DE136695976'],
      ['de 136 695 976', 'DE', 'DE136695976'],
      ['ATU13585627', 'AT', 'ATU13585627'],
      ['EL094259216', 'GR', 'EL094259216'],
      ['GB980780684', 'GB', 'GB980780684'],
      ['XI980780684', 'GB', 'XI980780684'],
      ['NL004495445B01', 'NL', 'NL004495445B01'],
      ['IE6388047V', 'IE', 'IE6388047V'],
      // Typed without the prefix: accepted and returned with it.
      ['136695976', 'DE', 'DE136695976'],
      ['13585627', 'AT', 'ATU13585627'],
      ['U13585627', 'AT', 'ATU13585627'],
      ['094259216', 'GR', 'EL094259216'],
      ['980780684', 'GB', 'GB980780684'],
      ['6388047V', 'IE', 'IE6388047V'],
    ];
    for (const [input, country, vatId] of valid) {
      it(`accepts ${input} for ${country}`, () =>
        assert.deepEqual(checkVatId(input, country), { ok: true, vatId }));
    }

    it('reports a failing check digit separately from a bad format', () => {
      assert.deepEqual(checkVatId('DE123456789', 'DE'), { ok: false, reason: 'checkDigit' });
      assert.deepEqual(checkVatId('123456789', 'DE'), { ok: false, reason: 'checkDigit' });
      assert.deepEqual(checkVatId('ATU13585628', 'AT'), { ok: false, reason: 'checkDigit' });
    });

    it('rejects a wrong structure as format', () => {
      assert.deepEqual(checkVatId('hello', 'DE'), { ok: false, reason: 'format' });
      assert.deepEqual(checkVatId('DE12', 'DE'), { ok: false, reason: 'format' });
      assert.deepEqual(checkVatId('', 'DE'), { ok: false, reason: 'format' });
      assert.deepEqual(checkVatId('DEUTSCHLAND', 'AT'), { ok: false, reason: 'format' });
      assert.deepEqual(checkVatId('AT13585627', 'AT'), { ok: false, reason: 'format' });
    });

    it('names the expected prefix when the ID belongs to another country', () => {
      assert.deepEqual(checkVatId('GR094259216', 'GR'), {
        ok: false,
        reason: 'countryMismatch',
        expectedPrefix: 'EL',
      });
      assert.deepEqual(checkVatId('ATU13585627', 'DE'), {
        ok: false,
        reason: 'countryMismatch',
        expectedPrefix: 'DE',
      });
      assert.deepEqual(checkVatId('DE136695976', 'GB'), {
        ok: false,
        reason: 'countryMismatch',
        expectedPrefix: 'GB',
      });
    });

    it('is not applicable outside the EU and the UK', () => {
      assert.deepEqual(checkVatId('DE136695976', 'US'), { ok: false, reason: 'notApplicable' });
      assert.deepEqual(checkVatId('CHE116281710MWST', 'CH'), { ok: false, reason: 'notApplicable' });
    });
  });

  describe('findVatIdInText', () => {
    const found: Array<[string, string]> = [
      ['unsere USt-IdNr. ist DE 136 695 976', 'DE136695976'],
      ['VAT: ATU13585627 thanks', 'ATU13585627'],
      ['Our VAT number is NL 0044 95445 B01.', 'NL004495445B01'],
      ['meine UID lautet ATU 135 856 27', 'ATU13585627'],
      ['GR094259216 ist unsere Nummer', 'GR094259216'],
      ['die Nummer ist DE12', 'DE12'],
      ['USt-IdNr.: 136 695 976', '136695976'],
    ];
    for (const [text, vatId] of found) {
      it(`finds ${vatId} in ${JSON.stringify(text)}`, () => assert.equal(findVatIdInText(text), vatId));
    }
    const none = [
      'hallo, ich möchte meine Zahlungsmethode ändern',
      'we meet at 12',
      'IBAN DE89 3704 0044 0532 0130 00',
      'mail an max@firma.de',
      'DEUTSCHLAND 12',
    ];
    for (const text of none) {
      it(`finds nothing in ${JSON.stringify(text)}`, () => assert.equal(findVatIdInText(text), undefined));
    }
  });
});
