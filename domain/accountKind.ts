/** Online accounts use "Billing"; corporate ("Unternehmenskonto") accounts use the Corporate Billing Portal. */
export const ACCOUNT_KINDS = ['online', 'corporate'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
