import { MemoryStorage, MemoryTranscriptStore } from 'botbuilder';
import type { Storage, TranscriptStore } from 'botbuilder';
import { SqliteStorage } from './sqliteStorage';
import { SqliteTranscriptStore } from './sqliteTranscriptStore';

export type StorageChoice = { kind: 'sqlite'; path: string } | { kind: 'memory' };

export function createStorage(choice: StorageChoice): {
  storage: Storage;
  transcripts: TranscriptStore;
  close(): void;
} {
  if (choice.kind === 'sqlite') {
    // One file, two connections: WAL lets them (and other processes) share it.
    const storage = new SqliteStorage(choice.path);
    const transcripts = new SqliteTranscriptStore(choice.path);
    return {
      storage,
      transcripts,
      close() {
        transcripts.close();
        storage.close();
      },
    };
  }
  // Tests only: state is lost on exit and the transcript store is unbounded.
  return { storage: new MemoryStorage(), transcripts: new MemoryTranscriptStore(), close() {} };
}
