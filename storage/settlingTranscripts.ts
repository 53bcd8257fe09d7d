import type { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import type { RetainingTranscriptStore } from './storageEngine';

/**
 * botbuilder's TranscriptLoggerMiddleware does not wait for its writes. Deleting a conversation's transcript
 * right after a turn ("delete my data") must wait for them, or a write still on its way brings it back.
 */
export class SettlingTranscriptStore implements RetainingTranscriptStore {
  private readonly pending = new Map<string, Set<Promise<unknown>>>();

  constructor(private readonly inner: RetainingTranscriptStore) {}

  private keyOf(channelId: string | undefined, conversationId: string | undefined): string {
    return `${channelId ?? ''}/${conversationId ?? ''}`;
  }

  logActivity(activity: Activity): Promise<void> {
    const key = this.keyOf(activity?.channelId, activity?.conversation?.id);
    // Called at once: an engine that writes synchronously (SQLite) has the row in before this returns.
    let writing: Promise<void>;
    try {
      writing = Promise.resolve(this.inner.logActivity(activity));
    } catch (error) {
      writing = Promise.reject(error as Error);
    }
    const set = this.pending.get(key) ?? new Set();
    set.add(writing);
    this.pending.set(key, set);
    const done = () => {
      set.delete(writing);
      if (set.size === 0 && this.pending.get(key) === set) this.pending.delete(key);
    };
    writing.then(done, done);
    return writing;
  }

  /** Resolves when every write for the conversation that has started so far is over (failed ones too). */
  async settled(channelId: string, conversationId: string): Promise<void> {
    const set = this.pending.get(this.keyOf(channelId, conversationId));
    if (set) await Promise.allSettled([...set]);
  }

  getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    return this.inner.getTranscriptActivities(channelId, conversationId, continuationToken, startDate);
  }

  listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    return this.inner.listTranscripts(channelId, continuationToken);
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.settled(channelId, conversationId);
    await this.inner.deleteTranscript(channelId, conversationId);
  }

  deleteOlderThan(cutoff: Date): Promise<number> {
    return this.inner.deleteOlderThan(cutoff);
  }
}
