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
    case 'blob': {
      // Loaded only when chosen: the Azure SDK costs about 100 ms at every start of the default set-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createBlobEngine } = require('./blobEngine') as typeof import('./blobEngine');
      return createBlobEngine(choice);
    }
    case 'memory':
      return createMemoryEngine();
  }
}
