import { BoundedStorage } from './boundedStorage';
import { SqliteLeases } from './sqliteLeases';
import { openDatabase, SqliteStorage } from './sqliteStorage';
import { SqliteTranscriptStore } from './sqliteTranscriptStore';
import type { StorageEngine } from './storageEngine';

/**
 * The embedded default: one file, and one connection to it for state, transcripts and leases (WAL lets other
 * processes on the host share the file). Three connections cost every turn: each commit on one made the
 * others read their cached pages again.
 */
export function createSqliteEngine(path: string, timeoutMs: number): StorageEngine {
  const db = openDatabase(path, timeoutMs);
  const state = new SqliteStorage(db);
  const transcripts = new SqliteTranscriptStore(db);
  const leases = new SqliteLeases(db, timeoutMs);
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
      if (db.open) db.close();
    },
  };
}
