import { ActivityTypes, DeliveryModes, TurnContext, type Middleware } from 'botbuilder';
import { addressedToBot } from './teamsMentions';
import { log as defaultLog, type Logger } from '../logging/logger';

/**
 * Shows "typing…" as soon as a message arrives, so the user sees the bot at work while it
 * recognises, validates and saves. Sent through the adapter, as botbuilder's ShowTypingMiddleware
 * does: it must not count as the turn's answer (prompts re-ask only when nothing was sent) and
 * is no part of the transcript. Best effort: a channel that cannot take it must not fail the turn.
 */
export class TypingIndicatorMiddleware implements Middleware {
  constructor(private readonly log: Pick<Logger, 'warn'> = defaultLog) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, deliveryMode } = context.activity;
    // With expectReplies the replies come back in the HTTP response: nobody watches a typing indicator.
    // Nor in a Teams group chat for a message that is not for the bot.
    if (
      type === ActivityTypes.Message &&
      deliveryMode !== DeliveryModes.ExpectReplies &&
      addressedToBot(context)
    ) {
      const reference = TurnContext.getConversationReference(context.activity);
      const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, reference);
      try {
        await context.adapter.sendActivities(context, [typing]);
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'typing indicator not sent');
      }
    }
    await next();
  }
}
