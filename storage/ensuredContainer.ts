import type { ContainerClient } from '@azure/storage-blob';
import { withinTime } from './boundedStorage';

/**
 * A container client whose "create if missing" is retried until it succeeds; `forget()` makes the next call
 * create it again (the container was deleted, or the emulator restarted empty).
 */
export type EnsuredContainer = (() => Promise<ContainerClient>) & { forget(): void };

export function ensuredContainer(client: ContainerClient, timeoutMs: number): EnsuredContainer {
  let ready: Promise<unknown> | undefined;
  const get = async () => {
    ready ??= withinTime('create container', timeoutMs, () => client.createIfNotExists()).catch(
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    await ready;
    return client;
  };
  return Object.assign(get, { forget: () => (ready = undefined) });
}
