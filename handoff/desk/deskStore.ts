import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { isEtagConflict } from '../../storage/storageErrors';
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

/** How often a write is re-read and re-applied after another instance changed the index first. */
const MAX_ATTEMPTS = 6;

/**
 * The desk's cases in the bot's own storage (SQLite by default), so a restart loses no waiting customer
 * and no agent session. Writes are serialised in this process, and the index (the queue's order) is written
 * with the eTag it was read with, so instances sharing a store do not overwrite each other's changes.
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
    return (await this.indexWithEtag()).index;
  }

  private async indexWithEtag(): Promise<{ index: DeskIndex; eTag?: string }> {
    const item = (await this.storage.read([INDEX_KEY]))[INDEX_KEY] as { eTag?: string } | undefined;
    return { index: indexSchema.parse(item ?? {}), eTag: item?.eTag };
  }

  /** Writes a new index computed from the stored one; a conflict is read again and recomputed. */
  private async updateIndex(change: (index: DeskIndex) => DeskIndex): Promise<DeskIndex> {
    for (let attempt = 1; ; attempt++) {
      const { index, eTag } = await this.indexWithEtag();
      const next = change(index);
      try {
        await this.storage.write({ [INDEX_KEY]: { ...next, ...(eTag ? { eTag } : {}) } });
        return next;
      } catch (error) {
        if (!isEtagConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
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
    // The case first: an index entry never points at a case that is not there.
    await this.storage.write({ [caseKey(deskCase.ref)]: { ...deskCase, eTag: '*' } });
    let dropped: string[] = [];
    await this.updateIndex((index) => {
      const wasOpen = index.open.includes(deskCase.ref);
      // An open case keeps its place in the queue when it is written again (a new message, accepted).
      const open = isOpenCase(deskCase)
        ? wasOpen
          ? index.open
          : [...index.open, deskCase.ref]
        : index.open.filter((r) => r !== deskCase.ref);
      const recent = index.recent.filter((r) => r !== deskCase.ref);
      if (!isOpenCase(deskCase)) recent.unshift(deskCase.ref);
      dropped = recent.slice(RECENT);
      return { open, recent: recent.slice(0, RECENT) };
    });
    // The oldest ended cases go for good, so the store does not grow without end.
    if (dropped.length) await this.storage.delete(dropped.map(caseKey));
    return deskCase;
  }

  /** Removes cases and their index entries; returns how many went. */
  private remove(matches: (deskCase: DeskCase) => boolean): Promise<number> {
    return this.serial(async () => {
      const { open, recent } = await this.index();
      const gone = (await this.many([...open, ...recent])).filter(matches).map((c) => c.ref);
      if (gone.length === 0) return 0;
      await this.updateIndex((index) => ({
        open: index.open.filter((r) => !gone.includes(r)),
        recent: index.recent.filter((r) => !gone.includes(r)),
      }));
      await this.storage.delete(gone.map(caseKey));
      return gone.length;
    });
  }

  /** "Delete my data": every case of these conversations, open or ended. */
  forgetConversations(channelId: string, conversationIds: string[]): Promise<number> {
    const ids = new Set(conversationIds);
    return this.remove((c) => c.reference.channelId === channelId && ids.has(c.reference.conversation.id));
  }

  /** Retention: ended cases that ended before `cutoff` (ms since the epoch). */
  forgetEndedBefore(cutoff: number): Promise<number> {
    return this.remove((c) => !isOpenCase(c) && Date.parse(c.endedAt ?? c.requestedAt) < cutoff);
  }
}

function deskSchemaCheck(deskCase: DeskCase): DeskCase {
  return deskCaseSchema.parse(deskCase);
}
