/**
 * The two ways a store can fail a turn that the bot answers differently from a bug: the engine did not
 * answer in time (or refused the connection), or another writer changed an item since it was read.
 */
export class StorageUnavailableError extends Error {
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`Storage: ${operation} failed: the storage engine did not answer`, options);
    this.name = 'StorageUnavailableError';
  }
}

export class EtagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'EtagConflictError';
  }
}

/** botbuilder's engines report a conflict only in the message ("... due to eTag conflict."). */
export function isEtagConflict(error: unknown): boolean {
  if (error instanceof EtagConflictError) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /etag conflict/i.test(message);
}

export function isStorageUnavailable(error: unknown): boolean {
  return error instanceof StorageUnavailableError;
}
