import { z } from 'zod';
import { ACCOUNT_KINDS } from '../domain/accountKind';
import { LANGUAGES } from '../domain/language';
import { caseRecordSchema } from '../domain/caseRecord';

export const HANDOFF_REASONS = [
  'userRequested',
  'notBillingContact',
  'selfServiceFailed',
  'notUnderstood',
  'tooManyFailedAnswers',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** What an agent receives with the handoff.initiate event: the collected fields, never card data. */
export const handoffContextSchema = z.object({
  reason: z.enum(HANDOFF_REASONS),
  language: z.enum(LANGUAGES),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
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
