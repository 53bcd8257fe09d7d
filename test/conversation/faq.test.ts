import { createTestBot, type TestBot } from '../helpers/testBot';
import { conversation } from '../helpers/scripts';

/** Each related topic of the seed article gets an answer, by quick reply and by free text. */
const TOPICS = {
  de: [
    { ask: 'Abrechnungskontakt?', says: ['Der **Abrechnungskontakt** ist die Person', '**Subscriptions**'] },
    { ask: 'wer ist bei uns der abrechnungskontakt', says: ['Der **Abrechnungskontakt** ist die Person'] },
    { ask: 'Welcher Kontotyp?', says: ['**Online-Konto:**', '**Unternehmenskonto:**', '**Benutzer-ID**'] },
    { ask: 'Warum geht es nicht online?', says: ['drei übliche Gründe', '**abgelaufen**'] },
    {
      ask: 'Rechnung bezahlen',
      says: ['**Invoice History**', '**Pay Now**', '**Pay with New Payment Card**'],
    },
    {
      ask: 'Bei Abrechnung anmelden',
      says: ['„**Abrechnung**“ (https://billing.logmeininc.com)', '**Forgot Password?**'],
    },
    { ask: 'Passwort vergessen', says: ['Haben Sie das Passwort vergessen'] },
    { ask: 'Abonnementplan ändern', says: ['Den Abonnementplan eines Online-Kontos'] },
    { ask: 'Rechnungshistorie', says: ['Rechnungen anzusehen und herunterzuladen'] },
    { ask: 'Plan reaktivieren', says: ['Ein abgelaufenes Abonnement muss zuerst reaktiviert werden'] },
    { ask: 'Fragen zur Zahlung', says: ['Einige Fakten zur Zahlung', 'Discover (nur in USD)'] },
  ],
  en: [
    { ask: 'Billing contact?', says: ['The **billing contact** is the person', '**Subscriptions**'] },
    { ask: 'who pays for our account', says: ['The **billing contact** is the person'] },
    { ask: 'Which account type?', says: ['**Online account:**', '**Corporate account**', '**User ID**'] },
    { ask: "Why can't I change it?", says: ['three usual reasons', '**expired**'] },
    { ask: 'Pay an invoice', says: ['**Invoice History**', '**Pay Now**', '**Pay with New Payment Card**'] },
    {
      ask: 'Sign in to Billing',
      says: ['**Billing** at https://billing.logmeininc.com', '**Forgot Password?**'],
    },
    { ask: 'i cant log into billing', says: ['Sign in to **Billing**'] },
    { ask: 'Change my plan', says: ['changes the subscription plan'] },
    { ask: 'Invoice history', says: ['view and download your invoices'] },
    { ask: 'Reactivate my plan', says: ['An expired subscription has to be reactivated'] },
    { ask: 'Payment FAQ', says: ['A few facts about paying', 'Discover (USD only)'] },
  ],
} as const;

describe('conversation: related topics are answered', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  for (const lang of ['de', 'en'] as const) {
    for (const topic of TOPICS[lang]) {
      it(`${lang}: "${topic.ask}"`, async () => {
        const r = await conversation(bot, lang).says(topic.ask);
        r.says(...topic.says).offers(lang === 'de' ? 'Zahlungsmethode ändern' : 'Change payment method');
      });
    }
  }
});
