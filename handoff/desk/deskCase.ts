import { z } from 'zod';
import { ACCOUNT_KINDS } from '../../domain/accountKind';
import { caseRecordSchema } from '../../domain/caseRecord';
import { LANGUAGES } from '../../domain/language';
import { caseReferenceSchema, HANDOFF_REASONS } from '../handoffContext';

/** Where a proactive message to the customer goes (botbuilder's ConversationReference, as stored). */
export const conversationReferenceSchema = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.string(),
  conversation: z.looseObject({ id: z.string() }),
  user: z.looseObject({ id: z.string() }).optional(),
  bot: z.looseObject({ id: z.string() }).optional(),
  locale: z.string().optional(),
});

/** One line of the conversation as the agent reads it: always plain text. */
export const transcriptEntrySchema = z.object({
  from: z.enum(['customer', 'bot', 'agent']),
  text: z.string(),
  at: z.iso.datetime(),
  /** The agent's display name on agent lines. */
  name: z.string().optional(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const agentRefSchema = z.object({ username: z.string(), displayName: z.string() });
export type AgentRef = z.infer<typeof agentRefSchema>;

export const DESK_CASE_STATUSES = ['waiting', 'active', 'missed', 'cancelled', 'closed'] as const;
export type DeskCaseStatus = (typeof DESK_CASE_STATUSES)[number];

/** A customer's request to talk to a person, with everything collected, kept in the bot's storage. */
export const deskCaseSchema = z.object({
  ref: caseReferenceSchema,
  status: z.enum(DESK_CASE_STATUSES),
  reference: conversationReferenceSchema,
  language: z.enum(LANGUAGES),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
  reason: z.enum(HANDOFF_REASONS),
  fields: caseRecordSchema,
  transcript: z.array(transcriptEntrySchema),
  requestedAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().optional(),
  endedAt: z.iso.datetime().optional(),
  agent: agentRefSchema.optional(),
  closingNote: z.string().max(2000).optional(),
  missedBecause: z.enum(['timeout', 'outOfHours', 'noAgents']).optional(),
});
export type DeskCase = z.infer<typeof deskCaseSchema>;

export const isOpenCase = (c: DeskCase): boolean => c.status === 'waiting' || c.status === 'active';
