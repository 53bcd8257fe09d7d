import { z } from 'zod';
import { ACCOUNT_KINDS } from '../../domain/accountKind';
import { ALL_PAYMENT_METHODS } from '../../domain/paymentMethods';

/** Fields the form collects; the order is the order of the summary. */
export const FIELD_NAMES = [
  'country',
  'vatId',
  'companyName',
  'accountEmail',
  'corporateUserId',
  'paymentMethod',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/**
 * Everything the user told us in this conversation. Kept in conversation state (so it survives a
 * restart) and handed to an agent on escalation. Never holds card data: that is redacted before
 * any dialog sees the text.
 */
export const caseRecordSchema = z.object({
  isBillingContact: z.enum(['yes', 'no', 'unsure']).optional(),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
  accountKindReason: z.enum(['stated', 'invoicePdf', 'representative', 'selfService']).optional(),
  country: z.string().length(2).optional(),
  /** null: the user said they have no VAT ID. */
  vatId: z.string().nullable().optional(),
  companyName: z.string().optional(),
  accountEmail: z.string().optional(),
  corporateUserId: z.string().optional(),
  paymentMethod: z.enum(ALL_PAYMENT_METHODS).optional(),
  outcome: z.enum(['worked', 'notWorked']).optional(),
});
export type CaseRecord = z.infer<typeof caseRecordSchema>;

/** Per-conversation bookkeeping that is not the user's data. */
export const conversationFlagsSchema = z.object({
  misunderstood: z.number().int().min(0).default(0),
  /** The previous message held a card number, so a bare 3-4 digit reply is treated as a CVV. */
  cardContext: z.boolean().default(false),
  /** A handoff was initiated and the agent side has not yet reported it failed or completed. */
  handoffOpen: z.boolean().default(false),
});
export type ConversationFlags = z.infer<typeof conversationFlagsSchema>;
export const DEFAULT_FLAGS: ConversationFlags = { misunderstood: 0, cardContext: false, handoffOpen: false };

export const userProfileSchema = z.object({
  language: z.enum(['de', 'en']).optional(),
});
export type UserProfile = z.infer<typeof userProfileSchema>;
