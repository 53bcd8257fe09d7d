import type { StatePropertyAccessor, TurnContext } from 'botbuilder';

/**
 * Whether a handoff is open in a conversation: initiated, and the agent side has not reported it failed
 * or completed. The handoff's own state, apart from the dialogs' and the middleware's.
 */
export class HandoffSessions {
  constructor(private readonly open: StatePropertyAccessor<boolean>) {}

  isOpen(context: TurnContext): Promise<boolean> {
    return this.open.get(context, false);
  }

  async opened(context: TurnContext): Promise<void> {
    await this.open.set(context, true);
  }

  async closed(context: TurnContext): Promise<void> {
    await this.open.set(context, false);
  }
}
