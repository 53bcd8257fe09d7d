import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { z } from 'zod';
import { isEtagConflict } from '../storage/storageErrors';

const HOUR_MS = 3600_000;
/** Hours one read may span: a quarter of a year, so a dashboard request stays bounded. */
const MAX_HOURS = 24 * 92;

/** "2026-12-02T14": the hour an entry belongs to (UTC). */
export const hourOf = (at: string | number | Date) => new Date(at).toISOString().slice(0, 13);

/**
 * Entries (insight events, missed lines) in the bot's storage, so every engine keeps them. Each instance
 * appends to its own item per hour, `<prefix>/<hour>/<instance>`, so instances never contend for one item;
 * a small index per hour lists the instances that wrote. Appends are buffered for a moment and written
 * together: a turn never waits for them, and a crash loses at most that moment. An item is written only in
 * its hour, so the retention sweep finds old ones by their write time.
 */
export class HourlyLog<T extends { at: string }> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly instance = randomUUID().slice(0, 8);

  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
    private readonly schema: z.ZodType<T>,
    private readonly flushMs = 2000,
  ) {}

  append(entry: T): void {
    this.buffer.push(entry);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; on a storage failure the entries stay buffered for the next try. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      clearTimeout(this.timer);
      this.timer = undefined;
      const pending = this.buffer;
      this.buffer = [];
      const byHour = new Map<string, T[]>();
      for (const entry of pending)
        byHour.set(hourOf(entry.at), [...(byHour.get(hourOf(entry.at)) ?? []), entry]);
      try {
        for (const [hour, entries] of byHour) {
          await this.change(`${this.prefix}-index/${hour}`, (item) => {
            const instances = Array.isArray(item.instances) ? (item.instances as string[]) : [];
            return instances.includes(this.instance)
              ? undefined
              : { instances: [...instances, this.instance] };
          });
          await this.change(`${this.prefix}/${hour}/${this.instance}`, (item) => ({
            entries: [...(Array.isArray(item.entries) ? item.entries : []), ...entries],
          }));
        }
      } catch (error) {
        this.buffer = [...pending, ...this.buffer];
        throw error;
      }
    });
    return this.flushing;
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
    const keys = hours.flatMap((hour) => {
      const instances: unknown = indexes[`${this.prefix}-index/${hour}`]?.instances;
      return Array.isArray(instances) ? instances.map((i) => `${this.prefix}/${hour}/${String(i)}`) : [];
    });
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
        // A new item has no eTag: two instances creating the same index at once keep the later one, and
        // the other re-adds itself at its next flush (it checks every time).
        await this.storage.write({ [key]: { ...next, ...(eTag ? { eTag } : {}) } } as StoreItems);
        return;
      } catch (error) {
        if (!isEtagConflict(error) || attempt >= 4) throw error;
      }
    }
  }
}
