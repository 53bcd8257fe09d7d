/** Sliding-window counts per caller key, e.g. new conversations per client address. */
export class AddressLimiter {
  private readonly hits = new Map<string, number[]>();

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
    const times = (this.hits.get(key) ?? []).filter((h) => h > t - windowMs);
    return times.length >= limit ? Math.max(1, Math.ceil((times[0] + windowMs - t) / 1000)) : undefined;
  }

  /** Counts one hit for `key`; when over the limit, nothing is counted and the seconds to wait are returned. */
  admit(key: string): { ok: true } | { ok: false; retryAfter: number } {
    const { limit, windowMs, now } = this.options;
    const t = now();
    const times = (this.hits.get(key) ?? []).filter((h) => h > t - windowMs);
    if (times.length >= limit) {
      this.hits.set(key, times);
      return { ok: false, retryAfter: Math.max(1, Math.ceil((times[0] + windowMs - t) / 1000)) };
    }
    times.push(t);
    // Re-inserted, so the Map's order is least recently seen first.
    this.hits.delete(key);
    this.hits.set(key, times);
    this.forgetOldest();
    return { ok: true };
  }

  private forgetOldest(): void {
    const max = this.options.maxKeys ?? 50_000;
    for (const key of this.hits.keys()) {
      if (this.hits.size <= max) break;
      this.hits.delete(key);
    }
  }
}
