import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';

const REQUESTED = Symbol('dataErasureRequested');

/** Whose data "delete my data" removes: the user, and every conversation of theirs the bot has seen. */
export interface ErasureTarget {
  channelId: string;
  userId: string;
  conversationIds: string[];
}

export interface DataEraser {
  erase(target: ErasureTarget): Promise<unknown>;
}

/** Conversations remembered per user, so "delete my data" reaches the older ones too. */
const REMEMBERED = 100;

/** Called by the dialog once the customer confirmed: the data goes when the turn is over. */
export function requestErasure(context: TurnContext): void {
  context.turnState.set(REQUESTED, true);
}

/**
 * "Delete my data" (GDPR Art. 17). The erasure runs after the whole turn, when everything inside has written
 * what it writes (state, the transcript of this very exchange), so nothing of it is left behind. Before the
 * turn, the conversation is noted in the user's state: a user who writes in several conversations (Teams)
 * has all of them deleted.
 */
export class DataErasureMiddleware implements Middleware {
  constructor(
    private readonly conversations: StatePropertyAccessor<string[]>,
    private readonly eraser: DataEraser,
    private readonly log: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { channelId, conversation, from, type } = context.activity;
    const conversationId = conversation?.id;
    const known = type !== 'typing' && conversationId && from?.id;
    if (known) {
      const seen = await this.conversations.get(context, []);
      if (!seen.includes(conversationId))
        await this.conversations.set(context, [...seen, conversationId].slice(-REMEMBERED));
    }
    await next();
    if (!context.turnState.get(REQUESTED) || !known) return;
    const seen = await this.conversations.get(context, []);
    const target = { channelId, userId: from.id, conversationIds: [...new Set([...seen, conversationId])] };
    await this.eraser.erase(target);
    this.log.info(
      { channelId, conversations: target.conversationIds.length },
      "data deleted at the user's request",
    );
  }
}
