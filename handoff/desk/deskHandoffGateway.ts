import { TurnContext, type Activity, type TranscriptStore } from 'botbuilder';
import type { HandoffGateway, HandoffOutcome } from '../handoffGateway';
import { handoffContextSchema, type HandoffContext } from '../handoffContext';
import { transcriptOf } from '../transcriptOf';
import type { TranscriptEntry } from './deskCase';
import type { DeskService } from './deskService';

/** The conversation so far as the agent reads it: message text only, attachments named, never rendered. */
export function transcriptEntries(activities: Activity[]): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const activity of activities) {
    if (activity.type !== 'message') continue;
    const parts = [activity.text ?? ''];
    for (const attachment of activity.attachments ?? []) {
      parts.push(`[${attachment.name ?? attachment.contentType}]`);
    }
    const text = parts.filter(Boolean).join(' ').trim();
    if (!text) continue;
    const at = new Date(activity.timestamp ?? Date.now()).toISOString();
    const from = activity.from?.role === 'user' ? 'customer' : 'bot';
    // The bot's Markdown emphasis is noise as plain text; what the customer typed stays exactly as typed.
    entries.push({ from, text: from === 'bot' ? text.replace(/\*\*/g, '') : text, at });
  }
  return entries;
}

/** Hands the conversation to the built-in agent desk: the request joins the queue with the transcript. */
export class DeskHandoffGateway implements HandoffGateway {
  readonly kind = 'desk';

  constructor(
    private readonly desk: DeskService,
    private readonly transcripts: TranscriptStore,
  ) {}

  async initiate(context: TurnContext, handoffContext: HandoffContext): Promise<HandoffOutcome> {
    const checked = handoffContextSchema.parse(handoffContext);
    const reference = TurnContext.getConversationReference(context.activity);
    const transcript = transcriptEntries(await transcriptOf(this.transcripts, context));
    return this.desk.enqueue(checked, JSON.parse(JSON.stringify(reference)) as never, transcript);
  }
}
