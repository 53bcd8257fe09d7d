import { strict as assert } from 'assert';
import { countryName, isEuMember, resolveCountry } from '../../domain/countries';

describe('domain/countries', () => {
  describe('resolveCountry', () => {
    const cases: Array<[string, string]> = [
      ['de', 'DE'],
      ['DEU', 'DE'],
      ['AT', 'AT'],
      ['Deutschland', 'DE'],
      ['  Deutschland  ', 'DE'],
      ['Deutschland.', 'DE'],
      ['österreich', 'AT'],
      ['Oesterreich', 'AT'],
      ['Osterreich', 'AT'],
      ['Tuerkei', 'TR'],
      ['Griechenland', 'GR'],
      ['Greece', 'GR'],
      ['United Kingdom', 'GB'],
      ['UK', 'GB'],
      ['U.K.', 'GB'],
      ['Great Britain', 'GB'],
      ['Grossbritannien', 'GB'],
      ['England', 'GB'],
      ['Schottland', 'GB'],
      ['Nordirland', 'GB'],
      ['Northern Ireland', 'GB'],
      ['USA', 'US'],
      ['Vereinigte Staaten', 'US'],
      ['United States of America', 'US'],
      ['Schweiz', 'CH'],
      ['Niederlande', 'NL'],
      ['Holland', 'NL'],
      ['Frankreich!', 'FR'],
    ];
    for (const [input, code] of cases) {
      it(`reads ${JSON.stringify(input)} as ${code}`, () => assert.equal(resolveCountry(input), code));
    }

    const phrases: Array<[string, string]> = [
      ['wir sitzen in Deutschland', 'DE'],
      ['we are in Ireland', 'IE'],
      ['in Österreich', 'AT'],
      ['ich bin aus der Schweiz', 'CH'],
      ['our office is in Northern Ireland', 'GB'],
      ['we are in the US', 'US'],
      ['Firmensitz in DE', 'DE'],
    ];
    for (const [input, code] of phrases) {
      it(`finds ${code} in the phrase ${JSON.stringify(input)}`, () =>
        assert.equal(resolveCountry(input), code));
    }

    const typos: Array<[string, string]> = [
      ['Schwiez', 'CH'],
      ['deutschlnad', 'DE'],
      ['Untied Kingdom', 'GB'],
      ['Frankriech', 'FR'],
      ['Irelnd', 'IE'],
    ];
    for (const [input, code] of typos) {
      it(`reads the typo ${JSON.stringify(input)} as ${code}`, () =>
        assert.equal(resolveCountry(input), code));
    }

    const garbage = [
      'Acme Ltd',
      'Muster',
      'Iram',
      'asdf',
      '123',
      '😀',
      '',
      '   ',
      'contact us',
      'no',
      'our IT team',
    ];
    for (const input of garbage) {
      it(`returns undefined for ${JSON.stringify(input)}`, () =>
        assert.equal(resolveCountry(input), undefined));
    }
  });

  describe('countryName', () => {
    it('names the country in German and English', () => {
      assert.equal(countryName('DE', 'de'), 'Deutschland');
      assert.equal(countryName('DE', 'en'), 'Germany');
      assert.equal(countryName('at', 'de'), 'Österreich');
      assert.equal(countryName('GR', 'en'), 'Greece');
    });
    it('falls back to the code it was given', () => {
      assert.equal(countryName('XX', 'de'), 'XX');
      assert.equal(countryName('XI', 'en'), 'XI');
    });
  });

  describe('isEuMember', () => {
    it('knows the EU 27 and nobody else', () => {
      for (const code of ['DE', 'AT', 'GR', 'IE', 'FR', 'HR', 'se'])
        assert.equal(isEuMember(code), true, code);
      for (const code of ['GB', 'CH', 'NO', 'US', 'EL', 'XI', 'TR'])
        assert.equal(isEuMember(code), false, code);
    });
  });
});
