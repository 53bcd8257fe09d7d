import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { withinTime } from './boundedStorage';
import { openDatabase } from './sqliteStorage';
import type { Lease, LeaseService } from './storageEngine';

/**
 * Leases in the SQLite file, shared by every process that opens it. A lease is a row with an expiry:
 * taking it succeeds when there is no row or the row has lapsed (its holder crashed mid-turn).
 */
export class SqliteLeases implements LeaseService {
  private readonly db: Database.Database;
  private readonly takeRow: Database.Statement<[string, string, number, number]>;
  private readonly give: Database.Statement<[string, string]>;

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
    this.takeRow = this.db.prepare(
      `INSERT INTO lease (key, holder, until) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE lease.until < ?`,
    );
    this.give = this.db.prepare('DELETE FROM lease WHERE key = ? AND holder = ?');
  }

  /** A locked or broken file is StorageUnavailableError, as for the state calls. */
  tryAcquire(key: string): Promise<Lease | undefined> {
    // Synchronous: the busy timeout bounds it (see withinTime).
    return withinTime('acquire lease', undefined, async () => this.take(key));
  }

  private take(key: string): Lease | undefined {
    const holder = randomUUID();
    const now = Date.now();
    const { changes } = this.takeRow.run(key, holder, now + this.ttlMs, now);
    if (changes !== 1) return undefined;
    return {
      release: async () => {
        if (this.db.open) this.give.run(key, holder);
      },
    };
  }

  close(): void {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}
