import { EventFactory, type TranscriptStore, type TurnContext } from 'botbuilder';
import type { HandoffGateway, HandoffOutcome } from './handoffGateway';
import { handoffContextSchema, type HandoffContext } from './handoffContext';
import { transcriptOf } from './transcriptOf';

/**
 * Sends `handoff.initiate` (EventFactory.createHandoffInitiation) with the handoff context and the
 * conversation's (redacted) transcript, for a contact-centre product such as Omnichannel; it answers
 * with handoff.status events.
 */
export class ProtocolHandoffGateway implements HandoffGateway {
  readonly kind = 'protocol';

  constructor(private readonly transcripts: TranscriptStore) {}

  async initiate(context: TurnContext, handoffContext: HandoffContext): Promise<HandoffOutcome> {
    const checked = handoffContextSchema.parse(handoffContext);
    const activities = await transcriptOf(this.transcripts, context);
    await context.sendActivity(EventFactory.createHandoffInitiation(context, checked, { activities }));
    return { kind: 'sent' };
  }
}
