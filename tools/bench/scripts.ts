import { LANGUAGES } from '../../domain/language';
import { Translations } from '../../i18n/translator';

/** The conversations the benchmark walks: every turn of the full flow, as customers type it. */
export interface BenchScript {
  name: string;
  locale: string;
  lines: string[];
}

export const SCRIPTS: BenchScript[] = [
  {
    name: 'de-online',
    locale: 'de-DE',
    lines: [
      'Zahlungsmethode ändern',
      'ja',
      'Online-Konto',
      'Angaben prüfen',
      'Österreich',
      'ATU13585627',
      'ACME GmbH',
      'anna@example.com',
      'PayPal',
      'Alles korrekt',
      'Ja, hat geklappt',
    ],
  },
  {
    name: 'en-corporate',
    locale: 'en-US',
    lines: [
      'Change payment method',
      'yes',
      'Corporate account',
      'Check my details',
      'Germany',
      'DE136695976',
      'Acme Ltd',
      'jane.doe',
      'PayPal',
      'All correct',
      'Yes, it worked',
    ],
  },
];

const translations = new Translations();
const failures = LANGUAGES.flatMap((lang) =>
  ['general.error', 'general.storageUnavailable'].map((key) => translations.for(lang).t(key)),
);

/** A reply that means the turn failed, in either language: the turn-error answers from locales/. */
export const FAILED_REPLY = { test: (text: string) => failures.some((failure) => text.includes(failure)) };

/** Turns of one conversation: the join, then every line. */
export const TURNS_PER_CONVERSATION = SCRIPTS[0].lines.length + 1;
