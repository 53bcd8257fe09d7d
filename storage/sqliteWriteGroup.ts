import type Database from 'better-sqlite3';

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** One group per connection, shared by every store on it (state, leases). */
const groups = new WeakMap<Database.Database, SqliteWriteGroup>();

export function writeGroupOf(db: Database.Database): SqliteWriteGroup {
  let group = groups.get(db);
  if (!group) {
    group = new SqliteWriteGroup(db);
    groups.set(db, group);
  }
  return group;
}

/**
 * Group commit: the writes asked for while the event loop runs one batch of callbacks (under load, the turns
 * of 20 or 30 requests) are committed together, after them, in one transaction. A commit costs about 25 µs
 * in a busy process whatever it holds, and the turns' rows share pages that one commit writes once: two
 * writes a turn (lease, state) cost 30 µs as single commits and 10 µs in groups of five (measured with the
 * bench's state). Alone, a write is committed by itself, as before.
 *
 * Each write has its own savepoint: one that throws (an eTag conflict) is undone alone and rejects alone. A
 * commit that fails (the file locked by another process past the busy timeout) rejects every write in it,
 * as it would have rejected each. Nothing is acknowledged before its commit.
 */
export class SqliteWriteGroup {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly commitAll: Database.Transaction<(items: Queued[]) => Outcome[]>;

  constructor(private readonly db: Database.Database) {
    // Called inside commitAll, a better-sqlite3 transaction function is a savepoint.
    const one = db.transaction((work: () => unknown) => work());
    this.commitAll = db.transaction((items: Queued[]) => items.map((item) => attempt(() => one(item.work))));
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now (also called before the connection closes). */
  flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    if (items.length === 0) return;
    if (items.length === 1 || !this.db.open) {
      for (const item of items) settle(item, attempt(item.work));
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = this.commitAll.immediate(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => settle(items[i], outcome));
  }
}

function attempt(work: () => unknown): Outcome {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error };
  }
}

function settle(item: Queued, outcome: Outcome): void {
  if (outcome.ok) item.resolve(outcome.value);
  else item.reject(outcome.error);
}
