/**
 * The hits of one key, oldest first. Hits arrive in time order, so the expired ones are always at the front:
 * they are skipped by moving `head` (the array is compacted now and then) instead of filtering the whole list
 * on every call, which cost every request time in proportion to the limit (a busy address behind one NAT).
 */
class Hits {
  private times: number[] = [];
  private head = 0;

  /** Drops the hits at or before `cutoff`; returns how many are left. */
  since(cutoff: number): number {
    while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head += 1;
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  get oldest(): number {
    return this.times[this.head];
  }

  add(t: number): void {
    this.times.push(t);
  }
}

/** Sliding-window counts per caller key, e.g. new conversations per client address. */
export class AddressLimiter {
  private readonly hits = new Map<string, Hits>();

  constructor(
    private readonly options: {
      limit: number;
      windowMs: number;
      now: () => number;
      /** Keys tracked at most; beyond it the ones not seen for longest are forgotten (memory stays bounded). */
      maxKeys?: number;
    },
  ) {}

  /** The seconds to wait when `key` is over the limit now, without counting a hit; undefined when not. */
  blocked(key: string): number | undefined {
    const { limit, windowMs, now } = this.options;
    const t = now();
    const hits = this.hits.get(key);
    if (!hits || hits.since(t - windowMs) < limit) return undefined;
    return this.retryAfter(hits, t);
  }

  /** Counts one hit for `key`; when over the limit, nothing is counted and the seconds to wait are returned. */
  admit(key: string): { ok: true } | { ok: false; retryAfter: number } {
    const { limit, windowMs, now } = this.options;
    const t = now();
    const hits = this.hits.get(key) ?? new Hits();
    if (hits.since(t - windowMs) >= limit) return { ok: false, retryAfter: this.retryAfter(hits, t) };
    hits.add(t);
    // Re-inserted, so the Map's order is least recently seen first.
    this.hits.delete(key);
    this.hits.set(key, hits);
    this.forgetOldest();
    return { ok: true };
  }

  private retryAfter(hits: Hits, t: number): number {
    return Math.max(1, Math.ceil((hits.oldest + this.options.windowMs - t) / 1000));
  }

  private forgetOldest(): void {
    const max = this.options.maxKeys ?? 50_000;
    for (const key of this.hits.keys()) {
      if (this.hits.size <= max) break;
      this.hits.delete(key);
    }
  }
}
