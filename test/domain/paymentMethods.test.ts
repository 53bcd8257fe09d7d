import { strict as assert } from 'assert';
import {
  matchPaymentMethod,
  PAYMENT_METHODS,
  paymentMethodsFor,
  type PaymentMethod,
} from '../../domain/paymentMethods';

describe('domain/paymentMethods', () => {
  it('lists the methods per account kind', () => {
    assert.deepEqual(paymentMethodsFor('online'), ['card', 'paypal']);
    assert.deepEqual(paymentMethodsFor('corporate'), [
      'card',
      'bankTransfer',
      'check',
      'directDebit',
      'paypal',
    ]);
    assert.equal(paymentMethodsFor('corporate'), PAYMENT_METHODS.corporate);
  });

  const synonyms: Array<[string, PaymentMethod]> = [
    ['Kreditkarte', 'card'],
    ['kredit karte', 'card'],
    ['Debitkarte', 'card'],
    ['EC-Karte', 'card'],
    ['Visa', 'card'],
    ['Mastercard', 'card'],
    ['Amex', 'card'],
    ['credit card', 'card'],
    ['debit card', 'card'],
    ['card', 'card'],
    ['Kartenzahlung', 'card'],
    ['Überweisung', 'bankTransfer'],
    ['Ueberweisung', 'bankTransfer'],
    ['Uberweisung', 'bankTransfer'],
    ['Banküberweisung', 'bankTransfer'],
    ['bank transfer', 'bankTransfer'],
    ['wire', 'bankTransfer'],
    ['electronic payment', 'bankTransfer'],
    ['elektronische Zahlung', 'bankTransfer'],
    ['Dauerauftrag', 'bankTransfer'],
    ['Scheck', 'check'],
    ['check', 'check'],
    ['cheque', 'check'],
    ['Lastschrift', 'directDebit'],
    ['SEPA-Lastschrift', 'directDebit'],
    ['Bankeinzug', 'directDebit'],
    ['direct debit', 'directDebit'],
    ['ACH', 'directDebit'],
    ['recurring bank transfer', 'directDebit'],
    ['wiederkehrende Banküberweisung', 'directDebit'],
    ['wiederkehrende Ueberweisung', 'directDebit'],
    ['PayPal', 'paypal'],
    ['paypal', 'paypal'],
    ['pay pal', 'paypal'],
  ];
  for (const [text, method] of synonyms) {
    it(`reads ${JSON.stringify(text)} as ${method}`, () => assert.equal(matchPaymentMethod(text), method));
  }

  const sentences: Array<[string, PaymentMethod]> = [
    ['ich möchte per Lastschrift zahlen', 'directDebit'],
    ['we want to switch to direct debit', 'directDebit'],
    ['Können wir künftig per Überweisung zahlen?', 'bankTransfer'],
    ['we would like to pay by check', 'check'],
    ['can we pay via PayPal?', 'paypal'],
    ['switch from credit card to direct debit', 'directDebit'],
    ['von Lastschrift auf Kreditkarte umstellen', 'card'],
    ['per Lastschrift statt Kreditkarte', 'directDebit'],
    ['Kreditkarte, nicht PayPal', 'card'],
  ];
  for (const [text, method] of sentences) {
    it(`finds ${method} in ${JSON.stringify(text)}`, () => assert.equal(matchPaymentMethod(text), method));
  }

  const typos: Array<[string, PaymentMethod]> = [
    ['kreditkate', 'card'],
    ['per lastschirft bitte', 'directDebit'],
    ['paypall', 'paypal'],
    ['banktransfer', 'bankTransfer'],
  ];
  for (const [text, method] of typos) {
    it(`reads the typo ${JSON.stringify(text)} as ${method}`, () =>
      assert.equal(matchPaymentMethod(text), method));
  }

  const none = [
    'statt kreditkate',
    'Muster GmbH',
    'Ach so, danke',
    'can you check my invoice?',
    'Landkarte',
    'hallo',
    'nicht per Karte',
  ];
  for (const text of none) {
    it(`finds nothing in ${JSON.stringify(text)}`, () => assert.equal(matchPaymentMethod(text), undefined));
  }
});
