import { MemoryStorage, MemoryTranscriptStore, type Activity, type StoreItems } from 'botbuilder';
import { MemoryLeases } from './memoryLeases';
import type { RetainingTranscriptStore, StorageEngine } from './storageEngine';
import { deleteTranscriptsOlderThan } from './transcriptRetention';

/** MemoryStorage that remembers when each key was written, for the retention sweep. */
class TimedMemoryStorage extends MemoryStorage {
  readonly writtenAt = new Map<string, number>();

  async write(changes: StoreItems): Promise<void> {
    await super.write(changes);
    const now = Date.now();
    for (const key of Object.keys(changes)) this.writtenAt.set(key, now);
  }

  async delete(keys: string[]): Promise<void> {
    await super.delete(keys);
    for (const key of keys) this.writtenAt.delete(key);
  }
}

class RetainingMemoryTranscriptStore extends MemoryTranscriptStore implements RetainingTranscriptStore {
  private readonly channelIds = new Set<string>();

  async logActivity(activity: Activity): Promise<void> {
    if (activity?.channelId) this.channelIds.add(activity.channelId);
    await super.logActivity(activity);
  }

  deleteOlderThan(cutoff: Date): Promise<number> {
    return deleteTranscriptsOlderThan(this, [...this.channelIds], cutoff);
  }
}

/** The reference engine of the contract suite, and tests' default: everything ends with the process. */
export function createMemoryEngine(): StorageEngine {
  const storage = new TimedMemoryStorage();
  return {
    kind: 'memory',
    storage,
    transcripts: new RetainingMemoryTranscriptStore(),
    leases: new MemoryLeases(),
    persistent: false,
    async listStale(cutoff) {
      return [...storage.writtenAt].filter(([, at]) => at < cutoff).map(([key]) => key);
    },
    async close() {},
  };
}
