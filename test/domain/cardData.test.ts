import { strict as assert } from 'assert';
import { REDACTED, redactCardData, redactCardNumbers, redactCvv } from '../../domain/cardData';

describe('domain/cardData', () => {
  it('marks removed data with [redacted] where no language applies (the logs)', () =>
    assert.equal(redactCardData('4111 1111 1111 1111', false).text, '[redacted]'));

  it('marks it with the word it is given, in every kind of removal', () => {
    const text = 'Karte 4111 1111 1111 1111, CVV 123, IBAN DE89 3704 0044 0532 0130 00, Passwort: geheim123';
    assert.equal(
      redactCardData(text, false, '[entfernt]').text,
      'Karte [entfernt], CVV [entfernt], IBAN [entfernt], Passwort: [entfernt]',
    );
  });

  describe('redactCardNumbers', () => {
    const cards: Array<[string, string]> = [
      ['4111 1111 1111 1111', REDACTED],
      ['4111-1111-1111-1111', REDACTED],
      ['4111111111111111', REDACTED],
      ['my card is 5500 0000 0000 0004 exp 12/27', `my card is ${REDACTED} exp 12/27`],
      ['Amex: 3782 822463 10005', `Amex: ${REDACTED}`],
      ['meine Karte 4111 1111 1111 1111 123', `meine Karte ${REDACTED} 123`],
      // Maestro / girocard (EC-Karte): not in validator's issuer list, caught by Luhn + issuer digit.
      ['EC-Karte 6759 6498 2643 8453', `EC-Karte ${REDACTED}`],
      ['zwei: 4111111111111111 und 5500-0000-0000-0004', `zwei: ${REDACTED} und ${REDACTED}`],
    ];
    for (const [input, output] of cards) {
      it(`redacts ${JSON.stringify(input)}`, () =>
        assert.deepEqual(redactCardNumbers(input), { text: output, found: true }));
    }

    const untouched = [
      'Rechnung 1234567890123',
      '4111 1111 1111 1112',
      'USt-IdNr. DE136695976',
      'NL004495445B01',
      'Kundennummer 7992739871 3',
      'Ruf an: +49 30 1234 5678',
    ];
    for (const input of untouched) {
      it(`leaves ${JSON.stringify(input)} alone`, () =>
        assert.deepEqual(redactCardNumbers(input), { text: input, found: false }));
    }
  });

  describe('redactCvv', () => {
    const named: Array<[string, string]> = [
      ['CVV: 123', `CVV: ${REDACTED}`],
      ['cvv2 1234', `cvv2 ${REDACTED}`],
      ['the security code is 987', `the security code is ${REDACTED}`],
      ['CVC 321 bitte', `CVC ${REDACTED} bitte`],
      ['Sicherheitscode 456', `Sicherheitscode ${REDACTED}`],
      ['Prüfziffer ist 456', `Prüfziffer ist ${REDACTED}`],
      ['Kartenpruefnummer: 789', `Kartenpruefnummer: ${REDACTED}`],
      ['Kartenprüfziffer 0123', `Kartenprüfziffer ${REDACTED}`],
      ['CVV-Code 555', `CVV-Code ${REDACTED}`],
      ['123 ist meine Prüfnummer', `${REDACTED} ist meine Prüfnummer`],
    ];
    for (const [input, output] of named) {
      it(`redacts the named code in ${JSON.stringify(input)}`, () =>
        assert.deepEqual(redactCvv(input, false), { text: output, found: true }));
    }

    it('redacts a lone 3-4 digit message only in card context', () => {
      assert.deepEqual(redactCvv('123', true), { text: REDACTED, found: true });
      assert.deepEqual(redactCvv(' 1234. ', true), { text: REDACTED, found: true });
      assert.deepEqual(redactCvv('123', false), { text: '123', found: false });
    });

    it('leaves years and ordinary numbers alone', () => {
      for (const input of ['Die Karte läuft 2027 ab', 'we have 120 users', 'Rechnung 2024 bezahlt']) {
        assert.deepEqual(redactCvv(input, false), { text: input, found: false });
        assert.deepEqual(redactCvv(input, true), { text: input, found: false });
      }
      // Outside card talk a date is a date; right after a card number it is the card's expiry.
      assert.deepEqual(redactCvv('12/27', false), { text: '12/27', found: false });
      assert.deepEqual(redactCvv('12/27', true), { text: REDACTED, found: true });
    });
  });

  describe('redactCardData', () => {
    const none = { iban: false, password: false };
    it('redacts number and code together', () => {
      assert.deepEqual(redactCardData('Karte 4111 1111 1111 1111, CVV 123', false), {
        text: `Karte ${REDACTED}, CVV ${REDACTED}`,
        cardNumber: true,
        cvv: true,
        ...none,
      });
    });
    it('does not take a card number for a code', () => {
      assert.deepEqual(redactCardData('4111 1111 1111 1111', true), {
        text: REDACTED,
        cardNumber: true,
        cvv: false,
        ...none,
      });
    });
    it('reports nothing for clean text', () => {
      const text = 'Ich möchte meine Zahlungsmethode ändern, USt-IdNr. DE136695976';
      assert.deepEqual(redactCardData(text, true), { text, cardNumber: false, cvv: false, ...none });
    });
  });

  describe('every way a card number is typed', () => {
    const typed = [
      '4111.1111.1111.1111',
      '4111  1111  1111  1111',
      '4111\u00a01111\u00a01111\u00a01111',
      '4111/1111/1111/1111',
      '４１１１ １１１１ １１１１ １１１１',
      'Meine Kreditkartennummer lautet 4111-1111-1111-1111, gültig bis 12/27.',
      'my card number is 5500 0000 0000 0004 thanks',
    ];
    for (const text of typed) {
      it(`"${text}"`, () => {
        const result = redactCardData(text, false);
        assert.equal(result.cardNumber, true);
        assert.ok(!/\d{4}/.test(result.text.replace('12/27', '')), result.text);
      });
    }

    it('a number split over two messages: the first part, then the rest in card context', () => {
      const first = redactCardData('4111 1111', false);
      assert.deepEqual([first.text, first.cardNumber], [REDACTED, true]);
      const rest = redactCardData('1111 1111', true);
      assert.equal(rest.text, REDACTED);
    });

    it('a CVV a few words after its keyword', () => {
      assert.equal(
        redactCardData('die Prüfziffer auf der Rückseite ist 737', false).text.includes('737'),
        false,
      );
    });

    it('leaves dates, prices, postcodes, phone numbers and VAT IDs alone', () => {
      for (const text of [
        'am 24.12.2026 um 10:30',
        'kostet 1.234,56 EUR',
        '80331 München',
        '+49 89 1234567',
        'DE136695976',
      ]) {
        assert.equal(redactCardData(text, false).text, text);
      }
    });
  });

  describe('IBANs and passwords', () => {
    it('redacts a valid IBAN, spaced or not, in a sentence (ibantools)', () => {
      for (const text of [
        'Abbuchung von DE89 3704 0044 0532 0130 00 bitte',
        'IBAN: DE89370400440532013000.',
        'GB29NWBK60161331926819',
      ]) {
        const result = redactCardData(text, false);
        assert.equal(result.iban, true, text);
        assert.ok(!result.text.includes('3704') && !result.text.includes('60161331926819'), result.text);
      }
      assert.equal(
        redactCardData('DE89 3704 0044 0532 0130 01', false).iban,
        false,
        'a wrong check digit is no IBAN',
      );
    });

    it('redacts a password typed after the word, and not the word "Passwort vergessen"', () => {
      for (const text of [
        'mein Passwort ist Sommer2026!',
        'password: hunter2xx',
        'Kennwort lautet "Geheim#1"',
        'PIN 4711',
        // Without a digit anywhere in the message.
        'Mein Passwort ist Sonnenschein',
        'password: correcthorsebattery',
      ]) {
        const result = redactCardData(text, false);
        assert.equal(result.password, true, text);
        assert.ok(
          !/Sommer2026|hunter2xx|Geheim#1|4711|Sonnenschein|correcthorse/.test(result.text),
          result.text,
        );
      }
      for (const text of [
        'Ich habe mein Passwort vergessen',
        'password reset please',
        'Passwort für Abrechnung',
      ]) {
        assert.equal(redactCardData(text, false).password, false, text);
      }
    });
  });
});

describe('domain/cardData on long input', () => {
  it('scans a 10,000-character run of digit groups in linear time (no hang) and still finds a card in it', () => {
    const text = `${'1 '.repeat(4000)}4111 1111 1111 1111 ${'2 '.repeat(980)}`;
    const result = redactCardNumbers(text);
    assert.equal(result.found, true);
    assert.ok(!result.text.includes('4111 1111 1111 1111'));
  });
});
