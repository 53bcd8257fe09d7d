import { createBlobEngine } from './blobEngine';
import { createMemoryEngine } from './memoryEngine';
import { createSqliteEngine } from './sqliteEngine';
import type { StorageEngine } from './storageEngine';

/** STORAGE: the embedded SQLite file (default), Azure Blob Storage (several instances), or memory (tests). */
export type StorageChoice =
  | { kind: 'sqlite'; path: string; timeoutMs: number }
  | {
      kind: 'blob';
      connectionString: string;
      stateContainer: string;
      transcriptsContainer: string;
      timeoutMs: number;
    }
  | { kind: 'memory' };

export function createStorageEngine(choice: StorageChoice): StorageEngine {
  switch (choice.kind) {
    case 'sqlite':
      return createSqliteEngine(choice.path, choice.timeoutMs);
    case 'blob':
      return createBlobEngine(choice);
    case 'memory':
      return createMemoryEngine();
  }
}
