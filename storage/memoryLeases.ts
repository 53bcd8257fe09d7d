import type { Lease, LeaseService } from './storageEngine';

/** Leases for one process (memory storage, tests); they lapse after `ttlMs` like the engines' leases. */
export class MemoryLeases implements LeaseService {
  private readonly held = new Map<string, { holder: symbol; until: number }>();

  constructor(private readonly ttlMs = 15_000) {}

  async tryAcquire(key: string): Promise<Lease | undefined> {
    const now = Date.now();
    const current = this.held.get(key);
    if (current && current.until > now) return undefined;
    const holder = Symbol(key);
    this.held.set(key, { holder, until: now + this.ttlMs });
    return {
      release: async () => {
        if (this.held.get(key)?.holder === holder) this.held.delete(key);
      },
    };
  }
}
