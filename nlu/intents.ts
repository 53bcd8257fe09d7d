/** Every intent the main dialog routes free text to (DESIGN.md, "Conversation design"). */
export const INTENTS = [
  'changePaymentMethod',
  'whoIsBillingContact',
  'onlineVsCorporate',
  'whyCantChangeOnline',
  'payInvoiceCorporate',
  'signInBilling',
  'changePlan',
  'invoiceHistory',
  'reactivate',
  'paymentFaq',
  'agent',
  'help',
  'cancel',
  'startOver',
  'greeting',
  'thanks',
] as const;
export type Intent = (typeof INTENTS)[number];
/** What the recognizer answers when nothing fits well enough. */
export type IntentOrNone = Intent | 'none';
