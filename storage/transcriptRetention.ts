import type { TranscriptStore } from 'botbuilder';

function newest(values: (Date | string | undefined)[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    const ms = value === undefined ? Number.NaN : new Date(value).getTime();
    if (!Number.isNaN(ms) && ms > max) max = ms;
  }
  return max;
}

/**
 * Retention through the TranscriptStore interface alone (engines without a cheaper query): a conversation
 * whose newest activity is older than `cutoff` is deleted. Returns how many were deleted.
 */
export async function deleteTranscriptsOlderThan(
  store: TranscriptStore,
  channelIds: string[],
  cutoff: Date,
): Promise<number> {
  let deleted = 0;
  for (const channelId of channelIds) {
    const conversationIds: string[] = [];
    let token: string | undefined;
    do {
      const page = await store.listTranscripts(channelId, token);
      conversationIds.push(...page.items.map((item) => item.id));
      token = page.continuationToken || undefined;
    } while (token);
    for (const conversationId of conversationIds) {
      const times: (Date | string | undefined)[] = [];
      let after: string | undefined;
      do {
        const page = await store.getTranscriptActivities(channelId, conversationId, after);
        times.push(...page.items.map((activity) => activity.timestamp));
        after = page.continuationToken || undefined;
      } while (after);
      if (newest(times) < cutoff.getTime()) {
        await store.deleteTranscript(channelId, conversationId);
        deleted += 1;
      }
    }
  }
  return deleted;
}
