import { strict as assert } from 'assert';
import {
  accountEmailSchema,
  companyNameSchema,
  corporateUserIdSchema,
  findEmailInText,
  firstIssueKey,
} from '../../domain/fields';
import type { z } from 'zod';

function keyOf(schema: z.ZodType, input: unknown): string | undefined {
  const result = schema.safeParse(input);
  return result.success ? undefined : firstIssueKey(result.error);
}

describe('domain/fields', () => {
  describe('companyNameSchema', () => {
    it('trims and accepts company names in any script', () => {
      assert.equal(companyNameSchema.parse('  Acme GmbH '), 'Acme GmbH');
      assert.equal(companyNameSchema.parse('Müller & Söhne KG'), 'Müller & Söhne KG');
      assert.equal(companyNameSchema.parse('Εταιρεία ΑΕ'), 'Εταιρεία ΑΕ');
      assert.equal(companyNameSchema.parse('株式会社'), '株式会社');
    });
    it('rejects too short, too long and letterless names with locale keys', () => {
      assert.equal(keyOf(companyNameSchema, ' A '), 'validation.companyName.tooShort');
      assert.equal(keyOf(companyNameSchema, ''), 'validation.companyName.tooShort');
      assert.equal(keyOf(companyNameSchema, 'x'.repeat(121)), 'validation.companyName.tooLong');
      assert.equal(keyOf(companyNameSchema, '12'), 'validation.companyName.noLetters');
      assert.equal(keyOf(companyNameSchema, '1 2 3 4'), 'validation.companyName.noLetters');
      // Two letters are the minimum, so a one-letter brand needs its legal form: "3M" alone is refused.
      assert.equal(keyOf(companyNameSchema, '3M'), 'validation.companyName.noLetters');
      assert.equal(keyOf(companyNameSchema, undefined), 'validation.companyName.tooShort');
    });
    it('takes the name out of a sentence that introduces it, keeping names that merely start alike', () => {
      assert.equal(companyNameSchema.parse('our company is called Acme Ltd'), 'Acme Ltd');
      assert.equal(companyNameSchema.parse('unsere Firma heißt Muster GmbH.'), 'Muster GmbH');
      assert.equal(companyNameSchema.parse('Firma: Blau & Grün KG'), 'Blau & Grün KG');
      assert.equal(companyNameSchema.parse('„Muster AG“'), 'Muster AG');
      assert.equal(companyNameSchema.parse('The Company Ltd'), 'The Company Ltd');
      assert.equal(companyNameSchema.parse('Firmenwerk GmbH'), 'Firmenwerk GmbH');
    });
    it('accepts exactly 120 characters', () =>
      assert.equal(companyNameSchema.parse('a'.repeat(120)).length, 120));
  });

  describe('findEmailInText', () => {
    it('pulls an address out of a sentence', () => {
      assert.equal(findEmailInText('meine mail ist Max.Muster@Firma.de'), 'Max.Muster@Firma.de');
      assert.equal(findEmailInText('write to billing@example.co.uk.'), 'billing@example.co.uk');
      assert.equal(findEmailInText('keine Adresse hier'), undefined);
    });
  });

  describe('accountEmailSchema', () => {
    it('lower-cases and extracts the address', () => {
      assert.equal(accountEmailSchema.parse('meine mail ist Max.Muster@Firma.de'), 'max.muster@firma.de');
      assert.equal(accountEmailSchema.parse('  Anna@Example.COM '), 'anna@example.com');
      assert.equal(accountEmailSchema.parse('my email is anna@example.com, thanks!'), 'anna@example.com');
    });
    it('rejects non-addresses with the locale key', () => {
      assert.equal(keyOf(accountEmailSchema, 'anna at example dot com'), 'validation.email.invalid');
      assert.equal(keyOf(accountEmailSchema, 'anna@'), 'validation.email.invalid');
      assert.equal(keyOf(accountEmailSchema, 42), 'validation.email.invalid');
    });
  });

  describe('corporateUserIdSchema', () => {
    it('accepts usernames and email addresses', () => {
      assert.equal(corporateUserIdSchema.parse(' jdoe '), 'jdoe');
      assert.equal(corporateUserIdSchema.parse('acme_billing-01.de'), 'acme_billing-01.de');
      assert.equal(corporateUserIdSchema.parse('a+b@firma.de'), 'a+b@firma.de');
    });
    it('takes the User ID out of a sentence that introduces it', () => {
      assert.equal(corporateUserIdSchema.parse('my user id is jane.doe'), 'jane.doe');
      assert.equal(corporateUserIdSchema.parse('Meine Benutzer-ID lautet max.muster.'), 'max.muster');
      assert.equal(corporateUserIdSchema.parse('Benutzerkennung ist mm123'), 'mm123');
      assert.equal(corporateUserIdSchema.parse("it's j.doe@acme.example"), 'j.doe@acme.example');
    });
    it('rejects whitespace, odd characters and wrong lengths', () => {
      for (const input of ['my name is jane', 'j doe', 'ab', 'jo!e', 'x'.repeat(101), '', 'user#1']) {
        assert.equal(keyOf(corporateUserIdSchema, input), 'validation.userId.invalid', input);
      }
    });
  });
});
