import { z } from 'zod';
import { ACCOUNT_KINDS } from './accountKind';
import { ALL_PAYMENT_METHODS } from './paymentMethods';

/** The facts of a case, in the order the form asks for them (and the summary shows them). */
export const SLOT_NAMES = [
  'isBillingContact',
  'accountKind',
  'country',
  'vatId',
  'companyName',
  'accountEmail',
  'corporateUserId',
  'paymentMethod',
] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/** The slots of the details form (step 4 of DESIGN.md), which the summary lets the customer correct. */
export const DETAIL_SLOTS = [
  'country',
  'vatId',
  'companyName',
  'accountEmail',
  'corporateUserId',
  'paymentMethod',
] as const satisfies readonly SlotName[];
export type DetailSlot = (typeof DETAIL_SLOTS)[number];

export const ACCOUNT_KIND_REASONS = ['stated', 'invoicePdf', 'representative', 'selfService'] as const;

/**
 * Everything the customer told us in this conversation. Kept in conversation state (so it survives a
 * restart) and handed to an agent on escalation. Never holds card data: that is redacted before any
 * dialog sees the text.
 */
export const caseRecordSchema = z.object({
  isBillingContact: z.enum(['yes', 'no', 'unsure']).optional(),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
  accountKindReason: z.enum(ACCOUNT_KIND_REASONS).optional(),
  country: z.string().length(2).optional(),
  /** null: the customer said they have no VAT ID. */
  vatId: z.string().min(4).max(20).nullable().optional(),
  companyName: z.string().min(2).max(120).optional(),
  accountEmail: z.string().max(254).optional(),
  corporateUserId: z.string().min(3).max(100).optional(),
  paymentMethod: z.enum(ALL_PAYMENT_METHODS).optional(),
  outcome: z.enum(['worked', 'notWorked']).optional(),
});
export type CaseRecord = z.infer<typeof caseRecordSchema>;

/**
 * A stored record read back: each field that still passes the schema is kept, a field that does not (a
 * value written by an older version, say) is dropped, so one bad field never loses the others.
 */
export function salvageCaseRecord(stored: unknown): CaseRecord {
  const whole = caseRecordSchema.safeParse(stored);
  if (whole.success) return whole.data;
  if (!stored || typeof stored !== 'object') return {};
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    const field = caseRecordSchema.shape[key as keyof typeof caseRecordSchema.shape];
    if (field?.safeParse(value).success) kept[key] = value;
  }
  return caseRecordSchema.parse(kept);
}
