import type { Activity, TranscriptStore, TurnContext } from 'botbuilder';

/** The conversation's transcript so far, every page. The store only ever holds redacted activities. */
export async function transcriptOf(transcripts: TranscriptStore, context: TurnContext): Promise<Activity[]> {
  const { channelId, conversation } = context.activity;
  const activities: Activity[] = [];
  let token: string | undefined;
  do {
    const page = await transcripts.getTranscriptActivities(channelId, conversation.id, token);
    activities.push(...page.items);
    token = page.continuationToken || undefined;
  } while (token);
  return activities;
}
