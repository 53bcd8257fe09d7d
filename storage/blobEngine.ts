import { BlobsStorage, BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { Storage, StoreItems } from 'botbuilder';
import { BlobLeases } from './blobLeases';
import { ensuredContainer } from './ensuredContainer';
import { BoundedStorage } from './boundedStorage';
import { BlobTranscripts } from './blobTranscripts';
import { isEtagConflict } from './storageErrors';
import type { StorageEngine } from './storageEngine';

export interface BlobEngineOptions {
  connectionString: string;
  stateContainer: string;
  transcriptsContainer: string;
  timeoutMs: number;
}

/**
 * BlobsStorage remembers a failed "create container" forever, so after one outage every later call fails
 * too. This one starts a new BlobsStorage after a failure that is not an eTag conflict.
 */
class RecoveringBlobsStorage implements Storage {
  private current?: BlobsStorage;

  constructor(private readonly create: () => BlobsStorage) {}

  private async use<T>(work: (storage: BlobsStorage) => Promise<T>): Promise<T> {
    this.current ??= this.create();
    const storage = this.current;
    try {
      return await work(storage);
    } catch (error) {
      if (!isEtagConflict(error) && this.current === storage) this.current = undefined;
      throw error;
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.use((s) => s.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.use((s) => s.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.use((s) => s.delete(keys));
  }
}

/** Azure Blob Storage (or Azurite): state and transcripts shared by every instance behind a load balancer. */
export function createBlobEngine(options: BlobEngineOptions): StorageEngine {
  // One quick try per call: the turn has its own deadline (timeoutMs) and the apology is the fallback.
  const pipeline: StoragePipelineOptions = {
    retryOptions: {
      maxTries: 2,
      tryTimeoutInMs: options.timeoutMs,
      retryDelayInMs: 200,
      maxRetryDelayInMs: 500,
    },
  };
  const stateContainer = ensuredContainer(
    new ContainerClient(options.connectionString, options.stateContainer, pipeline),
    options.timeoutMs,
  );
  const transcriptsContainer = ensuredContainer(
    new ContainerClient(options.connectionString, options.transcriptsContainer, pipeline),
    options.timeoutMs,
  );
  const storage = new RecoveringBlobsStorage(
    () =>
      new BlobsStorage(options.connectionString, options.stateContainer, {
        storagePipelineOptions: pipeline,
      }),
  );
  const transcripts = new BlobTranscripts(
    () =>
      new BlobsTranscriptStore(options.connectionString, options.transcriptsContainer, {
        storagePipelineOptions: pipeline,
      }),
    transcriptsContainer,
    options.timeoutMs,
  );
  return {
    kind: 'blob',
    storage: new BoundedStorage(storage, options.timeoutMs),
    transcripts,
    leases: new BlobLeases(stateContainer, options.timeoutMs),
    persistent: true,
    async listStale(cutoff) {
      const container = await stateContainer();
      const keys: string[] = [];
      for await (const blob of container.listBlobsFlat()) {
        // Our own blobs (leases) hold a '/'; BlobsStorage's never do.
        if (blob.name.includes('/')) continue;
        const modified = blob.properties.lastModified?.getTime() ?? 0;
        if (modified < cutoff) keys.push(decodeURIComponent(blob.name));
      }
      return keys;
    },
    async close() {},
  };
}
