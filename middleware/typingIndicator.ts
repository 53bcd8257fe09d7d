import { ActivityTypes, DeliveryModes, TurnContext, type Middleware } from 'botbuilder';
import { addressedToBot } from './teamsMentions';
import { log as defaultLog, type Logger } from '../logging/logger';

/** A turn that answers within this shows no "typing…": the answer itself is there first. */
export const TYPING_DELAY_MS = 300;

/**
 * Shows "typing…" when a message takes a moment to answer (a slow store, a handoff), as botbuilder's
 * ShowTypingMiddleware does with its delay: most turns answer within a few milliseconds, and a typing
 * activity before each answer cost every turn one more request to the channel. Sent through the adapter:
 * it must not count as the turn's answer (prompts re-ask only when nothing was sent) and is no part of
 * the transcript. Best effort: a channel that cannot take it must not fail the turn.
 */
export class TypingIndicatorMiddleware implements Middleware {
  constructor(
    private readonly delayMs = TYPING_DELAY_MS,
    private readonly log: Pick<Logger, 'warn'> = defaultLog,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, deliveryMode } = context.activity;
    // With expectReplies the replies come back in the HTTP response: nobody watches a typing indicator.
    // Nor in a Teams group chat for a message that is not for the bot.
    if (
      type !== ActivityTypes.Message ||
      deliveryMode === DeliveryModes.ExpectReplies ||
      !addressedToBot(context)
    ) {
      return next();
    }
    let answered = false;
    context.onSendActivities(async (_context, activities, send) => {
      if (activities.some((a) => a.type === ActivityTypes.Message)) answered = true;
      return send();
    });
    const timer = setTimeout(() => {
      if (answered) return;
      const reference = TurnContext.getConversationReference(context.activity);
      const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, reference);
      context.adapter.sendActivities(context, [typing]).catch((error: unknown) => {
        this.log.warn({ err: (error as Error).message }, 'typing indicator not sent');
      });
    }, this.delayMs);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  }
}
