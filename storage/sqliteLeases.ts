import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { withinTime } from './boundedStorage';
import { openDatabase } from './sqliteStorage';
import { writeGroupOf, type SqliteWriteGroup } from './sqliteWriteGroup';
import type { Lease, LeaseService } from './storageEngine';

/** How long a released lease waits to be deleted, with the others released meanwhile. */
const RELEASE_DELAY_MS = 50;

/**
 * A row is named by a hash of its key, never the conversation's id: a released row may wait a moment after
 * "delete my data", and one left by a crash stays until the conversation's next turn.
 */
const rowKey = (key: string): string => createHash('sha256').update(key).digest('base64url');

/**
 * Leases in the SQLite file, shared by every process that opens it. A lease is a row with an expiry:
 * taking it succeeds when there is no row or the row has lapsed (its holder crashed mid-turn).
 *
 * Releases are written together, RELEASE_DELAY_MS later, in one transaction: a write per turn less. Meanwhile
 * this process takes the lease on again (its next turn of the conversation), and another process gets it once
 * the release is written (its turn waits and tries again, as for any held lease). A process that dies leaves
 * its unwritten releases to lapse, as it does a lease held mid-turn.
 */
export class SqliteLeases implements LeaseService {
  private readonly db: Database.Database;
  private readonly takeRow: Database.Statement<[string, string, number, number, string]>;
  private readonly giveAll: Database.Transaction<(released: [string, string][]) => void>;
  /** Released and not yet deleted: key -> holder. */
  private readonly released = new Map<string, string>();
  private releaseTimer: NodeJS.Timeout | undefined;
  private readonly group: SqliteWriteGroup;

  private readonly ownsDatabase: boolean;

  /** A file path, or a connection shared with the engine's other stores. */
  constructor(
    source: string | Database.Database,
    timeoutMs: number,
    private readonly ttlMs = 15_000,
  ) {
    this.ownsDatabase = typeof source === 'string';
    this.db = typeof source === 'string' ? openDatabase(source, timeoutMs) : source;
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS lease (key TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL)',
    );
    // A lapsed row, or this process's own released one, is taken over.
    this.takeRow = this.db.prepare(
      `INSERT INTO lease (key, holder, until) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET holder = excluded.holder, until = excluded.until
       WHERE lease.until < ? OR lease.holder = ?`,
    );
    const give = this.db.prepare<[string, string]>('DELETE FROM lease WHERE key = ? AND holder = ?');
    this.giveAll = this.db.transaction((released: [string, string][]) => {
      for (const [key, holder] of released) give.run(key, holder);
    });
    this.group = writeGroupOf(this.db);
  }

  /** A locked or broken file is StorageUnavailableError, as for the state calls. */
  tryAcquire(key: string): Promise<Lease | undefined> {
    // Committed with the writes of this moment (see take); the busy timeout bounds the wait for a lock.
    return withinTime('acquire lease', undefined, async () => this.take(key));
  }

  private async take(key: string): Promise<Lease | undefined> {
    const row = rowKey(key);
    // Released by this process and not yet deleted: the same holder takes it on, and it is not deleted.
    const holder = this.released.get(row) ?? randomUUID();
    this.released.delete(row);
    const now = Date.now();
    // Committed with the other turns' takes of this moment (see SqliteWriteGroup).
    const { changes } = await this.group.run(() =>
      this.takeRow.run(row, holder, now + this.ttlMs, now, holder),
    );
    if (changes !== 1) return undefined;
    return {
      release: async () => {
        if (!this.db.open) return;
        this.released.set(row, holder);
        this.releaseTimer ??= setTimeout(() => this.writeReleases(), RELEASE_DELAY_MS).unref();
      },
    };
  }

  /** Deletes the released leases; one that cannot be deleted now lapses at its expiry. */
  private writeReleases(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (!this.released.size || !this.db.open) return;
    const released = [...this.released];
    this.released.clear();
    try {
      this.giveAll(released);
    } catch {
      // A locked or broken file: the rows lapse, as after a crash.
    }
  }

  close(): void {
    this.group.flush();
    this.writeReleases();
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}
