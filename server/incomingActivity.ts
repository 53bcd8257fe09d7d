import { z } from 'zod';

/**
 * The least an activity must have before it reaches the adapter; anything else is a 400, not a
 * crash inside botbuilder. Unknown activity types pass: the bot ignores what it doesn't handle.
 */
export const incomingActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url().max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
  from: z.looseObject({ id: z.string().min(1).max(512) }).optional(),
  recipient: z.looseObject({ id: z.string().max(512) }).optional(),
  text: z.string().max(10_000).optional(),
  locale: z.string().max(32).optional(),
});
export type IncomingActivity = z.infer<typeof incomingActivitySchema>;
