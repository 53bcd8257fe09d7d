import { z } from 'zod';

/** Deeper JSON is refused: the card-data redaction walks values recursively and would overflow the stack. */
const MAX_NESTING = 64;

/** True when no object or array in `value` is nested deeper than `max` (checked without recursion). */
export function withinDepth(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(v)) stack.push({ value: child, depth: depth + 1 });
  }
  return true;
}

/**
 * The least an activity must have before it reaches the adapter; anything else is a 400, not a
 * crash inside botbuilder. Unknown activity types pass: the bot ignores what it doesn't handle.
 * Other fields are allowed and left out of the result: the turn runs on the request's activity, checked
 * here. (zod's compiled check serves objects that leave extra fields out; one that keeps them costs half
 * as much again, on every request.)
 */
export const activityFieldsSchema = z.object({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url().max(2048),
  conversation: z.object({ id: z.string().min(1).max(512) }),
  // Required: botbuilder's transcript logger and the replies read it, so without it the turn throws.
  from: z.object({ id: z.string().min(1).max(512) }),
  recipient: z.object({ id: z.string().max(512) }).optional(),
  // The welcome handler walks these; a non-array or a member without an id would throw mid-turn.
  membersAdded: z.array(z.object({ id: z.string().max(512) })).optional(),
  membersRemoved: z.array(z.object({ id: z.string().max(512) })).optional(),
  // Long texts get a clear answer from the bot (it reads the first MAX_TEXT characters only); the body limit bounds them.
  text: z.string().max(200_000).optional(),
  locale: z.string().max(32).optional(),
});

export type IncomingActivity = z.infer<typeof activityFieldsSchema>;

/**
 * The depth on the whole request (channelData, value and attachments included), then the fields: what is
 * wrong, for a 400, or nothing. Two steps rather than a zod pipe, which cost every request half as much again.
 */
export function incomingActivityIssues(body: unknown): string[] | undefined {
  if (!withinDepth(body, MAX_NESTING)) return [`nested deeper than ${MAX_NESTING} levels`];
  const checked = activityFieldsSchema.safeParse(body);
  return checked.success ? undefined : checked.error.issues.map((i) => i.path.join('.') || i.message);
}
