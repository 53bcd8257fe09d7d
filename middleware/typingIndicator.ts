import { ActivityTypes, TurnContext, type Middleware } from 'botbuilder';

/**
 * Shows "typing…" as soon as a message arrives, so the user sees the bot at work while it
 * recognises, validates and saves. Sent through the adapter, as botbuilder's ShowTypingMiddleware
 * does: it must not count as the turn's answer (prompts re-ask only when nothing was sent) and
 * is no part of the transcript.
 */
export class TypingIndicatorMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) {
      const reference = TurnContext.getConversationReference(context.activity);
      const typing = TurnContext.applyConversationReference({ type: ActivityTypes.Typing }, reference);
      await context.adapter.sendActivities(context, [typing]);
    }
    await next();
  }
}
