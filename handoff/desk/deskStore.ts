import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { deskCaseSchema, isOpenCase, type DeskCase } from './deskCase';

const INDEX_KEY = 'desk/index';
const caseKey = (ref: string) => `desk/case/${ref}`;
/** Ended cases the desk lists (missed ones for a call-back, closed ones for reference). */
const RECENT = 200;

const indexSchema = z.object({
  /** Waiting and active cases, oldest request first: the queue's order. */
  open: z.array(z.string()).default([]),
  /** Ended cases, newest first. */
  recent: z.array(z.string()).default([]),
});
type DeskIndex = z.infer<typeof indexSchema>;

/**
 * The desk's cases in the bot's own storage (SQLite by default), so a restart loses no waiting customer
 * and no agent session. Writes are serialised in this process; the index keeps the queue's order.
 */
export class DeskStore {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly storage: Storage) {}

  /** Runs `work` after every earlier write has finished (one writer at a time). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async index(): Promise<DeskIndex> {
    const items = await this.storage.read([INDEX_KEY]);
    return indexSchema.parse(items[INDEX_KEY] ?? {});
  }

  async get(ref: string): Promise<DeskCase | undefined> {
    const items = await this.storage.read([caseKey(ref)]);
    const parsed = deskCaseSchema.safeParse(items[caseKey(ref)]);
    return parsed.success ? parsed.data : undefined;
  }

  private async many(refs: string[]): Promise<DeskCase[]> {
    if (refs.length === 0) return [];
    const items = await this.storage.read(refs.map(caseKey));
    return refs
      .map((ref) => deskCaseSchema.safeParse(items[caseKey(ref)]))
      .filter((p) => p.success)
      .map((p) => p.data);
  }

  /** Waiting and active cases in queue order. */
  async open(): Promise<DeskCase[]> {
    return this.many((await this.index()).open);
  }

  async recent(): Promise<DeskCase[]> {
    return this.many((await this.index()).recent);
  }

  /** Stores a case and keeps the index in step with its status. */
  put(deskCase: DeskCase): Promise<DeskCase> {
    return this.serial(async () => this.write(deskSchemaCheck(deskCase)));
  }

  /** Reads, changes and writes one case as one step; undefined when it does not exist. */
  change(ref: string, update: (current: DeskCase) => DeskCase | undefined): Promise<DeskCase | undefined> {
    return this.serial(async () => {
      const current = await this.get(ref);
      if (!current) return undefined;
      const next = update(current);
      return next ? this.write(deskSchemaCheck(next)) : current;
    });
  }

  private async write(deskCase: DeskCase): Promise<DeskCase> {
    const index = await this.index();
    const wasOpen = index.open.includes(deskCase.ref);
    // An open case keeps its place in the queue when it is written again (a new message, accepted).
    const open = isOpenCase(deskCase)
      ? wasOpen
        ? index.open
        : [...index.open, deskCase.ref]
      : index.open.filter((r) => r !== deskCase.ref);
    const recent = index.recent.filter((r) => r !== deskCase.ref);
    if (!isOpenCase(deskCase)) recent.unshift(deskCase.ref);
    await this.storage.write({
      [caseKey(deskCase.ref)]: { ...deskCase, eTag: '*' },
      [INDEX_KEY]: { open, recent: recent.slice(0, RECENT), eTag: '*' },
    });
    // The oldest ended cases go for good, so the store does not grow without end.
    const dropped = recent.slice(RECENT);
    if (dropped.length) await this.storage.delete(dropped.map(caseKey));
    return deskCase;
  }
}

function deskSchemaCheck(deskCase: DeskCase): DeskCase {
  return deskCaseSchema.parse(deskCase);
}
