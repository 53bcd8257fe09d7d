import { createHash, randomUUID } from 'node:crypto';
import type { RestError } from '@azure/storage-blob';
import type { EnsuredContainer } from './ensuredContainer';
import { withinTime } from './boundedStorage';
import type { Lease, LeaseService } from './storageEngine';

/** Blob leases last 15-60 s; a held one is renewed well before it lapses. */
const LEASE_SECONDS = 15;
const RENEW_EVERY_MS = 5_000;

function statusOf(error: unknown): number | undefined {
  return (error as RestError | undefined)?.statusCode;
}

/**
 * Leases as Azure blob leases on one small blob per key, in the state container under `_lease/` (state
 * blob names never hold a '/': BlobsStorage encodes it). A crashed holder's lease lapses after 15 s.
 */
export class BlobLeases implements LeaseService {
  constructor(
    private readonly container: EnsuredContainer,
    private readonly timeoutMs: number,
  ) {}

  tryAcquire(key: string): Promise<Lease | undefined> {
    return withinTime('acquire lease', this.timeoutMs, async () => {
      try {
        return await this.take(key);
      } catch (error) {
        // The container is gone (deleted, or an emulator restarted empty): create it again, once.
        if (statusOf(error) !== 404) throw error;
        this.container.forget();
        return this.take(key);
      }
    });
  }

  private async take(key: string): Promise<Lease | undefined> {
    const container = await this.container();
    const blob = container.getBlockBlobClient(`_lease/${createHash('sha256').update(key).digest('hex')}`);
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      // 409: it exists (and may be leased right now); 412: it exists. Either way: take the lease.
      if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
    }
    const client = blob.getBlobLeaseClient(randomUUID());
    try {
      await client.acquireLease(LEASE_SECONDS);
    } catch (error) {
      if (statusOf(error) === 409) return undefined;
      throw error;
    }
    const renewal = setInterval(() => void client.renewLease().catch(() => undefined), RENEW_EVERY_MS);
    renewal.unref();
    return {
      release: async () => {
        clearInterval(renewal);
        await client.releaseLease().catch(() => undefined);
      },
    };
  }
}
