import type { Language } from '../../domain/language';
import type { AccountKind } from '../../domain/accountKind';
import { Conversation, type Reply } from './conversation';
import type { TestBot } from './testBot';

/** The lines a customer types to walk the happy path, per language. */
export const LINES = {
  de: {
    locale: 'de-DE',
    start: 'Zahlungsmethode ändern',
    yes: 'ja',
    no: 'nein',
    unsure: 'weiß nicht',
    online: 'Online-Konto',
    corporate: 'Unternehmenskonto',
    check: 'Angaben prüfen',
    skipCheck: 'nein danke',
    country: 'Deutschland',
    countryName: 'Deutschland',
    vat: 'DE136695976',
    company: 'Muster GmbH',
    email: 'max@muster.de',
    userId: 'max.muster',
    method: 'PayPal',
    methodLabel: 'PayPal',
    confirm: 'Alles korrekt',
    worked: 'Ja, hat geklappt',
    notWorked: 'Nein, leider nicht',
  },
  en: {
    locale: 'en-US',
    start: 'Change payment method',
    yes: 'yes',
    no: 'no',
    unsure: 'not sure',
    online: 'Online account',
    corporate: 'Corporate account',
    check: 'Check my details',
    skipCheck: 'No, I’m fine',
    country: 'Germany',
    countryName: 'Germany',
    vat: 'DE136695976',
    company: 'Acme Ltd',
    email: 'jane@acme.example',
    userId: 'jane.doe',
    method: 'PayPal',
    methodLabel: 'PayPal',
    confirm: 'All correct',
    worked: 'Yes, it worked',
    notWorked: 'No, it didn’t',
  },
} as const;

/** What the bot's question contains at each point, per language, to tell where we are. */
export const ASKS = {
  de: {
    billingContact: 'Sind Sie der **Abrechnungskontakt**',
    accountKind: 'Welche Art von Konto haben Sie',
    offerCheck: 'Soll ich vorab die Angaben prüfen',
    country: 'In welchem Land liegt Ihre Rechnungsadresse?',
    vat: 'Wie lautet Ihre Umsatzsteuer-Identifikationsnummer',
    company: 'Wie lautet der Firmenname',
    email: 'Mit welcher E-Mail-Adresse',
    userId: 'Wie lautet die **Benutzer-ID**',
    method: 'Welche Zahlungsmethode möchten Sie künftig verwenden?',
    confirm: 'Ist alles korrekt?',
    outcome: 'Hat die Änderung geklappt?',
    menu: 'Wobei kann ich Ihnen helfen?',
  },
  en: {
    billingContact: 'are you the **billing contact**',
    accountKind: 'Which kind of account do you have',
    offerCheck: 'Would you like me to check the details',
    country: 'Which country is your billing address in?',
    vat: 'What is your VAT ID?',
    company: 'What is the company name',
    email: 'Which email address do you use',
    userId: 'What is the **User ID**',
    method: 'Which payment method would you like to use',
    confirm: 'Is everything correct?',
    outcome: 'Did the change work?',
    menu: 'What can I do for you?',
  },
} as const;

export const LANGS: Language[] = ['de', 'en'];

export function conversation(bot: TestBot, lang: Language, channelId = 'test'): Conversation {
  return new Conversation(bot, LINES[lang].locale, channelId);
}

/** Drives a conversation to the country question of the given account kind. */
export async function reachCountryQuestion(
  c: Conversation,
  lang: Language,
  kind: AccountKind,
): Promise<Reply> {
  const l = LINES[lang];
  await c.says(l.start);
  await c.says(l.yes);
  await c.says(kind === 'online' ? l.online : l.corporate);
  return c.says(l.check);
}

/** Drives a conversation to the summary with the standard answers. */
export async function reachSummary(c: Conversation, lang: Language, kind: AccountKind): Promise<Reply> {
  const l = LINES[lang];
  await reachCountryQuestion(c, lang, kind);
  await c.says(l.country);
  await c.says(l.vat);
  await c.says(l.company);
  await c.says(kind === 'online' ? l.email : l.userId);
  return c.says(l.method);
}
