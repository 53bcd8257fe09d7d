import { z } from 'zod';
import { redactActivity } from '../../domain/cardData';
import { activityFieldsSchema } from '../incomingActivity';
import type { WireActivity } from './conversations';

/** Deeper JSON is refused: the redaction below and JSON.stringify recurse, and no real activity nests this far. */
export const MAX_DEPTH = 32;

/**
 * What a Direct Line client may post. Fields a client must not choose (channelId, serviceUrl, conversation,
 * recipient, id, timestamp, deliveryMode...) are not read: the server sets them.
 */
export const postedActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing']),
  from: z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() }).optional(),
  // Same limits as POST /api/messages.
  text: activityFieldsSchema.shape.text,
  locale: activityFieldsSchema.shape.locale,
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  name: z.string().min(1).max(256).optional(),
  value: z.unknown().optional(),
  channelData: z.looseObject({ clientActivityID: z.string().max(256).optional() }).optional(),
  attachments: z
    .array(z.looseObject({ contentType: z.string().min(1).max(256) }))
    .max(10)
    .optional(),
  entities: z
    .array(z.looseObject({ type: z.string().min(1).max(256) }))
    .max(20)
    .optional(),
});
export type PostedActivity = z.infer<typeof postedActivitySchema>;

/** The POST /conversations body directlinejs sends: `{ user: { id }, locale }`, both optional. */
export const startConversationSchema = z
  .object({
    user: z.object({ id: z.string().min(1).max(256).optional() }).optional(),
    locale: activityFieldsSchema.shape.locale,
  })
  .optional();

/**
 * The copy of the user's activity that the GET echoes back. Card data is redacted here, independently of the
 * bot's redaction middleware (which changes only the bot's copy), with the same rules: the echo must never
 * carry a card number. `cardContext` mirrors the middleware's: after a card number, a lone 3-4 digit
 * message is a CVV.
 */
export function redactForEcho<T extends WireActivity>(
  activity: T,
  cardContext: boolean,
  marker?: string,
): { echo: T; cardNumber: boolean } {
  const result = redactActivity(activity, cardContext, marker);
  return { echo: result.value, cardNumber: result.cardNumber || result.cvv };
}

/** The fields of a posted activity that reach the bot and the echo, without undefined keys. */
export function postedFields(posted: PostedActivity): WireActivity {
  const fields: WireActivity = { type: posted.type };
  if (posted.text !== undefined) fields.text = posted.text;
  if (posted.textFormat !== undefined) fields.textFormat = posted.textFormat;
  if (posted.name !== undefined) fields.name = posted.name;
  if (posted.value !== undefined) fields.value = posted.value;
  if (posted.channelData !== undefined) fields.channelData = posted.channelData;
  if (posted.attachments !== undefined) fields.attachments = posted.attachments;
  if (posted.entities !== undefined) fields.entities = posted.entities;
  return fields;
}
