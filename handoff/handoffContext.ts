import { z } from 'zod';
import { ACCOUNT_KINDS } from '../domain/accountKind';
import { caseRecordSchema } from '../domain/caseRecord';
import { LANGUAGES } from '../domain/language';

export const HANDOFF_REASONS = [
  'userRequested',
  'notBillingContact',
  'selfServiceFailed',
  'notUnderstood',
  'tooManyFailedAnswers',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** A case reference the customer can quote ("GTM-4K7P2Q"); no 0/O or 1/I to misread. */
export const caseReferenceSchema = z.string().regex(/^GTM-[2-9A-HJKMNP-Z]{6}$/);

/** What an agent receives with the handoff: the collected fields, never card data. */
export const handoffContextSchema = z.object({
  caseReference: caseReferenceSchema,
  reason: z.enum(HANDOFF_REASONS),
  language: z.enum(LANGUAGES),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
  isBillingContact: caseRecordSchema.shape.isBillingContact,
  fields: caseRecordSchema,
  requestedAt: z.iso.datetime(),
});
export type HandoffContext = z.infer<typeof handoffContextSchema>;

/** The handoff.status event an agent platform sends back (Bot Framework handoff protocol). */
export const handoffStatusSchema = z.object({
  state: z.enum(['accepted', 'failed', 'completed']),
  message: z.string().optional(),
});
export type HandoffStatus = z.infer<typeof handoffStatusSchema>;
