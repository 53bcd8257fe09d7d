import {
  ActivityEventNames,
  type Activity,
  type Middleware,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';

/** How many delivery keys a conversation remembers; channels retry within seconds, not hundreds of turns. */
const REMEMBERED = 64;

/** Activities that are never skipped: typing carries no meaning, and an invoke must always get its response. */
const NEVER_SKIPPED = new Set(['typing', 'invoke']);

/** What identifies one delivery: the channel's activity id, and Web Chat's own id for what it sent. */
function deliveryKeys(activity: Partial<Activity>): string[] {
  const keys: string[] = [];
  if (typeof activity.id === 'string' && activity.id) keys.push(`id:${activity.id}`);
  const channelData: unknown = activity.channelData;
  const clientId =
    channelData && typeof channelData === 'object'
      ? (channelData as { clientActivityID?: unknown }).clientActivityID
      : undefined;
  if (typeof clientId === 'string' && clientId) keys.push(`client:${activity.from?.id ?? ''}:${clientId}`);
  return keys;
}

/**
 * A channel that timed out waiting for the bot sends the same activity again; running it twice would take
 * one answer for two (the repeat answers the next question). The ids of recent activities are kept in the
 * conversation's state, so a repeat is recognised after a restart too, and a repeat is acknowledged
 * without running the turn. Runs after the conversation lock, so a repeat that arrives while the first
 * delivery is still running waits for it and is then recognised.
 */
export class DuplicateDeliveryMiddleware implements Middleware {
  constructor(private readonly recent: StatePropertyAccessor<string[]>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (NEVER_SKIPPED.has(activity.type)) return next();
    // A proactive turn of the bot's own (the agent desk's messages) is no delivery of a channel's.
    if (activity.type === 'event' && activity.name === ActivityEventNames.ContinueConversation) return next();
    const keys = deliveryKeys(activity);
    if (keys.length === 0) return next();
    const seen = await this.recent.get(context, []);
    if (keys.some((k) => seen.includes(k))) return;
    // Saved with the rest of the state at the end of the turn: a turn that fails is not remembered, so
    // the channel's retry of it runs.
    await this.recent.set(context, [...seen, ...keys].slice(-REMEMBERED));
    await next();
  }
}
