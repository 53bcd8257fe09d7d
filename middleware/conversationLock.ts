import type { Middleware, TurnContext } from 'botbuilder';

/**
 * Runs the turns of one conversation one after the other. botbuilder's state writes use eTag '*',
 * so two messages of one conversation processed at once would overwrite each other's state.
 * (In-process only; a scaled-out deployment needs sticky sessions or a distributed lock.)
 */
export class ConversationLockMiddleware implements Middleware {
  private readonly tails = new Map<string, Promise<void>>();

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = `${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      await next();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
