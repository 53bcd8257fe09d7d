import type { TurnContext } from 'botbuilder';
import type { ConversationRef, ProactiveSender } from './deskService';

/**
 * The desk is composed before the adapter and the Direct Line endpoint exist (they need the bot, which
 * needs the desk); this stands in until the composition root connects the real sender.
 */
export class DeferredProactiveSender implements ProactiveSender {
  private target: ProactiveSender | undefined;

  connect(target: ProactiveSender): void {
    this.target = target;
  }

  async continueConversation(
    reference: ConversationRef,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (!this.target) throw new Error('no proactive sender connected');
    await this.target.continueConversation(reference, logic);
  }
}
