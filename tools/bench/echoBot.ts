import { ActivityHandler, ConversationState, type Storage, type TurnContext } from 'botbuilder';

/**
 * The benchmark's yardstick: botbuilder's echo sample with conversation state (a turn counter) on the
 * same storage engine, so the ratio shows what the assistant adds to what any bot costs.
 */
export class EchoBot extends ActivityHandler {
  private readonly state: ConversationState;

  constructor(storage: Storage) {
    super();
    this.state = new ConversationState(storage);
    const turns = this.state.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      await context.sendActivity(`Echo ${count}: ${context.activity.text ?? ''}`);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity('Hello and welcome!');
      }
      await next();
    });
  }

  async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context, false);
  }
}
