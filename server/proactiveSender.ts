import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationRef, ProactiveSender } from '../handoff/desk/deskService';
import type { BuiltInDirectLine } from './directLine/builtInDirectLine';
import { BUILT_IN_SERVICE_URL, type DirectLineCloudAdapter } from './directLine/directLineAdapter';

/**
 * Proactive messages on the customer's own channel: a built-in Direct Line conversation gets them on its
 * next poll; every other channel (Azure Direct Line, Teams, the Emulator) through the adapter's
 * continueConversationAsync with the stored conversation reference.
 */
export class ChannelProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: DirectLineCloudAdapter,
    private readonly appId: string,
    private readonly builtIn: BuiltInDirectLine | undefined,
  ) {}

  async continueConversation(
    reference: ConversationRef,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (reference.serviceUrl === BUILT_IN_SERVICE_URL) {
      if (!this.builtIn) throw new Error('the built-in Direct Line is not running');
      await this.builtIn.continueConversation(reference, logic);
      return;
    }
    // Stored as JSON: botbuilder types the accounts' optional wire fields as required.
    await this.adapter.continueConversationAsync(
      this.appId,
      reference as unknown as Partial<ConversationReference>,
      logic,
    );
  }
}
