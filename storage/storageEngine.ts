import type { Storage, TranscriptStore } from 'botbuilder';

/** A lease on one key, held until released or until it lapses (its holder crashed). */
export interface Lease {
  release(): Promise<void>;
}

/**
 * Mutual exclusion across processes sharing one engine: the bot holds a conversation's lease while it
 * runs a turn, so two instances never run turns of one conversation at once.
 */
export interface LeaseService {
  /** The lease, or undefined when another holder has it (try again later). */
  tryAcquire(key: string): Promise<Lease | undefined>;
}

/** A transcript store that can forget conversations: retention and "delete my data". */
export interface RetainingTranscriptStore extends TranscriptStore {
  /** Deletes every conversation whose newest activity is older than `cutoff`; returns how many. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}

/** What the bot needs from a storage engine; index.ts picks one by configuration (STORAGE). */
export interface StorageEngine {
  readonly kind: 'sqlite' | 'blob' | 'memory';
  /** Bot state, desk cases, Direct Line history: every call bounded by STORAGE_TIMEOUT_SECONDS. */
  readonly storage: Storage;
  readonly transcripts: RetainingTranscriptStore;
  readonly leases: LeaseService;
  /** Keys of the state items last written before `cutoff` (ms since the epoch): for the retention sweep. */
  listStale(cutoff: number): Promise<string[]>;
  /** Whether state outlives the process (then the built-in Direct Line may resume conversations). */
  readonly persistent: boolean;
  close(): Promise<void>;
}
