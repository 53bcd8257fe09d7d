import type { Storage, StoreItems } from 'botbuilder';
import { EtagConflictError, isEtagConflict, StorageUnavailableError } from './storageErrors';

/**
 * Rejects with StorageUnavailableError when `work` takes longer than `ms` (the work itself is not cancelled).
 * `ms` undefined: an engine whose calls finish synchronously (SQLite: its busy timeout bounds the wait for a
 * lock), where a timer could never fire first and would only cost every call; failures are still typed.
 */
export async function withinTime<T>(
  operation: string,
  ms: number | undefined,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout =
    ms === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new StorageUnavailableError(operation)), ms);
        });
  try {
    return await (timeout ? Promise.race([work(), timeout]) : work());
  } catch (error) {
    if (error instanceof StorageUnavailableError || isEtagConflict(error)) throw error;
    // A caller's mistake (a missing key, an item that is not an object) is a bug, not an outage.
    if (error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError)
      throw error;
    // A refused connection, a DNS failure, a 5xx after the engine's own retries: the engine is not there.
    throw new StorageUnavailableError(operation, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Any Storage with a deadline per call and typed failures: a turn never waits on the engine longer than
 * `timeoutMs`, and the bot can tell "engine unreachable" (apologise) from "someone wrote first" (retry).
 */
export class BoundedStorage implements Storage {
  constructor(
    private readonly inner: Storage,
    /** Undefined for an engine whose calls finish synchronously (see withinTime). */
    private readonly timeoutMs: number | undefined,
  ) {}

  read(keys: string[]): Promise<StoreItems> {
    return withinTime('read', this.timeoutMs, () => this.inner.read(keys));
  }

  async write(changes: StoreItems): Promise<void> {
    try {
      await withinTime('write', this.timeoutMs, () => this.inner.write(changes));
    } catch (error) {
      if (!isEtagConflict(error)) throw error;
      const key = /"([^"]*)"/.exec(error instanceof Error ? error.message : '')?.[1] ?? '';
      throw new EtagConflictError(key);
    }
  }

  delete(keys: string[]): Promise<void> {
    return withinTime('delete', this.timeoutMs, () => this.inner.delete(keys));
  }
}
