import { EventFactory, type Activity, type TranscriptStore, type TurnContext } from 'botbuilder';
import type { HandoffGateway } from './handoffGateway';
import { handoffContextSchema, type HandoffContext } from './handoffContext';

/**
 * Sends `handoff.initiate` (EventFactory.createHandoffInitiation) with the handoff context and the
 * conversation's transcript. The transcript store only ever holds redacted activities.
 */
export class ProtocolHandoffGateway implements HandoffGateway {
  constructor(private readonly transcripts: TranscriptStore) {}

  async initiate(context: TurnContext, handoffContext: HandoffContext): Promise<void> {
    const checked = handoffContextSchema.parse(handoffContext);
    const { channelId, conversation } = context.activity;
    const activities: Activity[] = [];
    let token: string | undefined;
    do {
      const page = await this.transcripts.getTranscriptActivities(channelId, conversation.id, token);
      activities.push(...page.items);
      token = page.continuationToken || undefined;
    } while (token);
    const event = EventFactory.createHandoffInitiation(context, checked, { activities });
    await context.sendActivity(event);
  }
}
