import { z } from 'zod';
import { ACCOUNT_KINDS } from '../domain/accountKind';
import { SLOT_NAMES } from '../domain/caseRecord';
import { LANGUAGES } from '../domain/language';

/**
 * One step of a conversation, as the support manager's dashboard counts it. The schema is the guarantee that
 * no personal data gets in: there is no field for text, a reason is a short code (a locale key such as
 * `validation.vatId.checksum` or a handoff reason), and the conversation appears only as a pseudonym.
 */
export const INSIGHT_KINDS = [
  'started',
  'asked',
  'answered',
  'failed',
  'summaryConfirmed',
  'portalShown',
  'outcome',
  'escalated',
  'handoffAccepted',
  'handoffMissed',
] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

/** The channels the dashboard filters by; anything else counts as "other". */
export const INSIGHT_CHANNELS = ['webchat', 'msteams', 'directline', 'emulator', 'other'] as const;
export type InsightChannel = (typeof INSIGHT_CHANNELS)[number];

export const insightEventSchema = z.strictObject({
  at: z.iso.datetime(),
  kind: z.enum(INSIGHT_KINDS),
  /** A keyed hash of the conversation id: counts conversations, cannot be turned back into one. */
  conversation: z.string().regex(/^[0-9a-f]{16}$/),
  language: z.enum(LANGUAGES),
  channel: z.enum(INSIGHT_CHANNELS),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
  /** The question: asked, answered, failed. */
  step: z.enum(SLOT_NAMES).optional(),
  /** Why it failed or escalated, as a code (never the customer's value). */
  reason: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.]{0,63}$/)
    .optional(),
  /** outcome: did the change work. */
  worked: z.boolean().optional(),
  /** handoffAccepted / handoffMissed: seconds from the request. */
  waitedSeconds: z
    .number()
    .min(0)
    .max(7 * 86_400)
    .optional(),
});
export type InsightEvent = z.infer<typeof insightEventSchema>;

export function insightChannel(channelId: string | undefined): InsightChannel {
  return (INSIGHT_CHANNELS as readonly string[]).includes(channelId ?? '')
    ? (channelId as InsightChannel)
    : 'other';
}
