import { BoundedStorage } from './boundedStorage';
import { SqliteLeases } from './sqliteLeases';
import { SqliteStorage } from './sqliteStorage';
import { SqliteTranscriptStore } from './sqliteTranscriptStore';
import type { StorageEngine } from './storageEngine';

/** The embedded default: one file, several connections (WAL lets other processes on the host share it). */
export function createSqliteEngine(path: string, timeoutMs: number): StorageEngine {
  const state = new SqliteStorage(path, timeoutMs);
  const transcripts = new SqliteTranscriptStore(path);
  const leases = new SqliteLeases(path, timeoutMs);
  return {
    kind: 'sqlite',
    // Its calls block until done or until the busy timeout (timeoutMs) fails them: no timer per call.
    storage: new BoundedStorage(state, undefined),
    transcripts,
    leases,
    persistent: path !== ':memory:' && path !== '',
    listStale: (cutoff) => state.listStale(cutoff),
    async close() {
      leases.close();
      transcripts.close();
      state.close();
    },
  };
}
