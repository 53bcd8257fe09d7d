import type { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import type { EnsuredContainer } from './ensuredContainer';
import type { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import { withinTime } from './boundedStorage';
import type { RetainingTranscriptStore } from './storageEngine';

/** BlobsTranscriptStore's blob names: encodeURIComponent of "channel/conversation/ticks-id.json". */
function prefixOf(...parts: string[]): string {
  return encodeURIComponent(`${parts.join('/')}/`);
}

function partsOf(blobName: string): { channelId: string; conversationId: string } | undefined {
  const [channelId, conversationId] = decodeURIComponent(blobName).split('/');
  return channelId && conversationId ? { channelId, conversationId } : undefined;
}

/**
 * Transcripts in Azure Blob Storage. Activities are written and read by botbuilder's BlobsTranscriptStore;
 * listing and deleting go through the container directly, by the exact "channel/conversation/" prefix:
 * the library's own prefix has no trailing separator, so deleting conversation "abc" would also delete
 * "abcd", and its listing yields one entry per activity.
 */
export class BlobTranscripts implements RetainingTranscriptStore {
  private store?: BlobsTranscriptStore;

  constructor(
    private readonly create: () => BlobsTranscriptStore,
    private readonly container: EnsuredContainer,
    private readonly timeoutMs: number,
  ) {}

  /** Like RecoveringBlobsStorage: a new library store after a failure (its failed init is cached). */
  private async use<T>(operation: string, work: (store: BlobsTranscriptStore) => Promise<T>): Promise<T> {
    this.store ??= this.create();
    const store = this.store;
    try {
      return await withinTime(operation, this.timeoutMs, () => work(store));
    } catch (error) {
      if (this.store === store) this.store = undefined;
      throw error;
    }
  }

  async logActivity(activity: Activity): Promise<void> {
    // The library keys blobs by timestamp and needs a Date.
    const timestamp = activity.timestamp ? new Date(activity.timestamp) : new Date();
    await this.use('log activity', (store) => store.logActivity({ ...activity, timestamp }));
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const page = await this.use('read transcript', (store) =>
      store.getTranscriptActivities(channelId, conversationId, continuationToken, startDate),
    );
    // The library's prefix also matches longer ids that start with this one.
    return { ...page, items: page.items.filter((activity) => activity.conversation?.id === conversationId) };
  }

  async listTranscripts(channelId: string): Promise<PagedResult<TranscriptInfo>> {
    const container = await this.container();
    const found = new Map<string, Date>();
    await withinTime('list transcripts', this.timeoutMs, async () => {
      for await (const blob of container.listBlobsFlat({ prefix: prefixOf(channelId) })) {
        const parts = partsOf(blob.name);
        if (!parts) continue;
        const created = blob.properties.createdOn ?? new Date(0);
        const earlier = found.get(parts.conversationId);
        if (!earlier || created < earlier) found.set(parts.conversationId, created);
      }
    });
    const items = [...found].map(([id, created]) => ({ channelId, id, created }));
    return { items, continuationToken: '' };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    const container = await this.container();
    await withinTime('delete transcript', this.timeoutMs * 4, async () => {
      for await (const blob of container.listBlobsFlat({ prefix: prefixOf(channelId, conversationId) })) {
        await container.deleteBlob(blob.name);
      }
    });
  }

  /** One listing of the container: conversations whose newest blob is older than the cutoff go. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const container = await this.container();
    const newest = new Map<string, { channelId: string; conversationId: string; at: number }>();
    for await (const blob of container.listBlobsFlat()) {
      const parts = partsOf(blob.name);
      if (!parts) continue;
      const id = `${parts.channelId}/${parts.conversationId}`;
      const at = blob.properties.lastModified?.getTime() ?? 0;
      const seen = newest.get(id);
      if (!seen || at > seen.at) newest.set(id, { ...parts, at });
    }
    let deleted = 0;
    for (const { channelId, conversationId, at } of newest.values()) {
      if (at >= cutoff.getTime()) continue;
      await this.deleteTranscript(channelId, conversationId);
      deleted += 1;
    }
    return deleted;
  }
}
