import type { AccountKind } from '../domain/accountKind';
import { LANGUAGES } from '../domain/language';
import type { Translations } from '../i18n/translator';
import { foldText } from './choiceMatching';
import type { Intent } from './intents';

/** The four quick replies of the welcome (DESIGN.md, "Entry"). */
export const MAIN_MENU: Intent[] = [
  'changePaymentMethod',
  'whoIsBillingContact',
  'onlineVsCorporate',
  'agent',
];

/** The seed article's related topics, offered after an answer or a finished change. */
export const RELATED_TOPICS: Intent[] = [
  'changePlan',
  'invoiceHistory',
  'reactivate',
  'signInBilling',
  'whyCantChangeOnline',
  'payInvoiceCorporate',
  'paymentFaq',
];

/** After a finished change: the three related topics most asked next for that kind of account. */
export const FOLLOW_UP_TOPICS: Record<AccountKind, Intent[]> = {
  online: ['invoiceHistory', 'changePlan', 'paymentFaq'],
  corporate: ['payInvoiceCorporate', 'invoiceHistory', 'paymentFaq'],
};

/** Intents answered with one message from locales/<lang>/faq.json: the seed's related topics. */
export const FAQ_INTENTS = new Set<Intent>(['whoIsBillingContact', 'onlineVsCorporate', ...RELATED_TOPICS]);

/** A clicked quick reply comes back as its label: map it straight to its intent, in either language. */
export class MenuLabels {
  private readonly byLabel = new Map<string, Intent>();

  constructor(translations: Translations) {
    for (const lng of LANGUAGES) {
      const tr = translations.for(lng);
      for (const intent of [...MAIN_MENU, ...RELATED_TOPICS])
        this.byLabel.set(foldText(tr.t(`menu.${intent}`)), intent);
    }
  }

  hasLabel(intent: Intent): boolean {
    return [...MAIN_MENU, ...RELATED_TOPICS].includes(intent);
  }

  intentFor(text: string | undefined): Intent | undefined {
    return text ? this.byLabel.get(foldText(text)) : undefined;
  }
}
