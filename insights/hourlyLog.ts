import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { z } from 'zod';
import { isEtagConflict } from '../storage/storageErrors';

const HOUR_MS = 3600_000;
/** Hours one read may span: a quarter of a year, so a dashboard request stays bounded. */
const MAX_HOURS = 24 * 92;
const MAX_BUFFERED = 10_000;
/**
 * Written at once when this many are buffered, not only after `flushMs`: a busy instance writes items of a
 * bounded size, and the buffer reaches MAX_BUFFERED (dropping the oldest) only while the store is down.
 */
const FLUSH_AT = 500;

/** The index's instance -> item count, whatever was stored. */
function countsOf(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (e): e is [string, number] =>
        /^[0-9a-f]{8}$/.test(e[0]) && Number.isInteger(e[1]) && e[1] > 0 && e[1] < 100_000,
    ),
  );
}

/** "2026-12-02T14": the hour an entry belongs to (UTC). */
export const hourOf = (at: string | number | Date) => new Date(at).toISOString().slice(0, 13);

/**
 * Entries (insight events, missed lines) in the bot's storage, so every engine keeps them. Appends are
 * buffered for a moment and written together as a new item, `<prefix>/<hour>/<instance>/<n>`: no item is
 * ever read back to be appended to, so the cost of a write does not grow with the traffic, and instances
 * never contend for one. A small index per hour (`<prefix>-index/<hour>`: instance -> items written) is the
 * only shared item. A turn never waits for any of it; a crash loses at most the buffered moment. Items are
 * written in their hour, so the retention sweep finds old ones by their write time.
 */
export class HourlyLog<T extends { at: string }> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly instance = randomUUID().slice(0, 8);
  /** Items this instance has written per hour. */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
    private readonly schema: z.ZodType<T>,
    private readonly flushMs = 2000,
  ) {}

  append(entry: T): void {
    this.buffer.push(entry);
    // A store that is down for long: the oldest entries go first, memory stays bounded.
    if (this.buffer.length > MAX_BUFFERED) this.buffer.splice(0, this.buffer.length - MAX_BUFFERED);
    if (this.buffer.length === FLUSH_AT) {
      void this.flush().catch(() => undefined);
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; on a storage failure the entries not yet written stay buffered. */
  flush(): Promise<void> {
    const run = async () => {
      clearTimeout(this.timer);
      this.timer = undefined;
      const byHour = new Map<string, T[]>();
      for (const entry of this.buffer) {
        const hour = hourOf(entry.at);
        const list = byHour.get(hour);
        if (list) list.push(entry);
        else byHour.set(hour, [entry]);
      }
      this.buffer = [];
      for (const [hour, entries] of byHour) {
        try {
          await this.writeHour(hour, entries);
        } catch (error) {
          this.buffer.unshift(...[...byHour].filter(([h]) => h >= hour).flatMap(([, list]) => list));
          throw error;
        }
      }
    };
    // One flush at a time; a failed one does not stop the next.
    const next = this.flushing.catch(() => undefined).then(run);
    this.flushing = next;
    return next;
  }

  private async writeHour(hour: string, entries: T[]): Promise<void> {
    const n = this.written.get(hour) ?? 0;
    await this.storage.write({ [`${this.prefix}/${hour}/${this.instance}/${n}`]: { entries } });
    await this.change(`${this.prefix}-index/${hour}`, (item) => {
      const counts = countsOf(item.instances);
      // Checked every time: of two instances creating the index at once, the overwritten one comes back.
      return counts[this.instance] === n + 1
        ? undefined
        : { instances: { ...counts, [this.instance]: n + 1 } };
    });
    // Only now: if the index failed, the retry writes item n again rather than leaving it unlisted.
    this.written.set(hour, n + 1);
  }

  /** Every valid entry from `from` to `to` (whole hours), oldest hour first. */
  async read(from: Date, to: Date): Promise<T[]> {
    await this.flush().catch(() => undefined);
    const items = await this.items(from, to);
    return items.flatMap(({ entries }) => entries);
  }

  /** Removes the entries `drop` picks, in every hour from `from` to now (for "delete my data"). */
  async remove(from: Date, drop: (entry: T) => boolean): Promise<number> {
    await this.flush().catch(() => undefined);
    let removed = 0;
    for (const { key, entries } of await this.items(from, new Date())) {
      const kept = entries.filter((entry) => !drop(entry));
      if (kept.length === entries.length) continue;
      removed += entries.length - kept.length;
      await this.change(key, () => ({ entries: kept }));
    }
    return removed;
  }

  private async items(from: Date, to: Date): Promise<Array<{ key: string; entries: T[] }>> {
    const hours: string[] = [];
    const start = Math.max(
      Math.floor(from.getTime() / HOUR_MS),
      Math.floor(to.getTime() / HOUR_MS) - MAX_HOURS,
    );
    for (let h = start; h * HOUR_MS <= to.getTime(); h++) hours.push(hourOf(h * HOUR_MS));
    const indexes = await this.storage.read(hours.map((hour) => `${this.prefix}-index/${hour}`));
    const keys = hours.flatMap((hour) =>
      Object.entries(countsOf(indexes[`${this.prefix}-index/${hour}`]?.instances)).flatMap(
        ([instance, count]) =>
          Array.from({ length: count }, (_, n) => `${this.prefix}/${hour}/${instance}/${n}`),
      ),
    );
    if (keys.length === 0) return [];
    const stored = await this.storage.read(keys);
    return keys.map((key) => {
      const raw: unknown = stored[key]?.entries;
      const entries = (Array.isArray(raw) ? raw : []).flatMap((entry) => {
        const parsed = this.schema.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      });
      return { key, entries };
    });
  }

  /** Read, change, write with the eTag read; a conflict reads again (another writer of the index). */
  private async change(
    key: string,
    update: (item: Record<string, unknown>) => object | undefined,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const item = ((await this.storage.read([key]))[key] ?? {}) as Record<string, unknown>;
      const next = update(item);
      if (!next) return;
      const eTag = typeof item.eTag === 'string' ? item.eTag : undefined;
      try {
        await this.storage.write({ [key]: { ...next, ...(eTag ? { eTag } : {}) } } as StoreItems);
        return;
      } catch (error) {
        if (!isEtagConflict(error) || attempt >= 4) throw error;
      }
    }
  }
}
