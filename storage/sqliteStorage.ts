import { randomUUID } from 'crypto';
import { mkdirSync } from 'fs';
import { dirname, resolve } from 'path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { writeGroupOf, type SqliteWriteGroup } from './sqliteWriteGroup';

/** How long a connection waits for another connection's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (and creates, with its directory) a SQLite file for the stores in this folder.
 * WAL lets readers in other processes run while one process writes; the busy timeout makes a
 * second writer wait instead of failing at once.
 */
export function openDatabase(filePath: string, busyTimeoutMs = BUSY_TIMEOUT_MS): Database.Database {
  if (filePath !== ':memory:' && filePath !== '') {
    mkdirSync(dirname(resolve(filePath)), { recursive: true });
  }
  const db = new Database(filePath, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL cannot corrupt the file; it syncs at checkpoints instead of at every commit, which
  // made each turn's few small writes wait for the disk. A power cut may lose the last moments' writes.
  db.pragma('synchronous = NORMAL');
  return db;
}

interface StateRow {
  etag: string;
  doc: string;
}

/**
 * Bot state in a SQLite file, with botbuilder MemoryStorage's eTag semantics (optimistic concurrency),
 * so it survives restarts and can be shared by several processes on one host.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly selectRow: Database.Statement<[string], StateRow>;
  private readonly upsertRow: Database.Statement<[string, string, string, number]>;
  private readonly upsertIfEtag: Database.Statement<[string, string, string, number, string]>;
  private readonly deleteRow: Database.Statement<[string]>;
  private readonly writeBatch: Database.Transaction<(changes: StoreItems) => void>;
  private readonly deleteBatch: Database.Transaction<(keys: string[]) => void>;
  private readonly group: SqliteWriteGroup;

  private readonly ownsDatabase: boolean;

  /**
   * A file path, or a connection shared with the engine's other stores (one connection keeps its page cache:
   * another connection's commit to the same file makes it read the pages again). `busyTimeoutMs`: how long a
   * call waits for another process's write lock (it blocks the event loop).
   */
  constructor(source: string | Database.Database, busyTimeoutMs?: number) {
    this.ownsDatabase = typeof source === 'string';
    this.db = typeof source === 'string' ? openDatabase(source, busyTimeoutMs) : source;
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS state (
        key TEXT PRIMARY KEY,
        etag TEXT NOT NULL,
        doc TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
    );
    this.selectRow = this.db.prepare<[string], StateRow>('SELECT etag, doc FROM state WHERE key = ?');
    const upsert = `INSERT INTO state (key, etag, doc, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, doc = excluded.doc, updated_at = excluded.updated_at`;
    this.upsertRow = this.db.prepare<[string, string, string, number]>(upsert);
    // The eTag is checked by the write itself: a row with another eTag is left as it is (no change).
    this.upsertIfEtag = this.db.prepare<[string, string, string, number, string]>(
      `${upsert} WHERE state.etag = ?`,
    );
    this.deleteRow = this.db.prepare<[string]>('DELETE FROM state WHERE key = ?');

    // A throw inside rolls the whole batch back, so a conflict on one key writes none of them.
    this.writeBatch = this.db.transaction((changes: StoreItems) => {
      const now = Date.now();
      for (const key of Object.keys(changes)) this.writeItem(key, changes[key], now);
    });
    this.deleteBatch = this.db.transaction((keys: string[]) => {
      for (const key of keys) this.deleteRow.run(key);
    });
    this.group = writeGroupOf(this.db);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectRow.get(key);
      if (row) items[key] = { ...(JSON.parse(row.doc) as Record<string, unknown>), eTag: row.etag };
    }
    return items;
  }

  /** One item: MemoryStorage's semantics, with the eTag in its own column. */
  private writeItem(key: string, item: unknown, now: number): void {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new TypeError(`Storage: item for "${key}" must be an object.`);
    }
    // The caller's object is left untouched (as MemoryStorage does).
    const { eTag, ...doc } = item as Record<string, unknown>;
    // Random, not a counter: counters in two processes would hand out the same eTag.
    const row = [key, randomUUID(), JSON.stringify(doc), now] as const;
    // MemoryStorage: a missing row, a falsy eTag or '*' writes unconditionally; otherwise it must match.
    if (!eTag || eTag === '*') this.upsertRow.run(...row);
    else if (this.upsertIfEtag.run(...row, String(eTag)).changes === 0) {
      throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
    }
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    // One item (a turn's state) is one statement, checked and written at once; several are all or nothing.
    // Committed with the other turns' writes of this moment (see SqliteWriteGroup).
    await this.group.run(() => {
      if (keys.length === 1) this.writeItem(keys[0], changes[keys[0]], Date.now());
      else this.writeBatch.immediate(changes);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    // In the same queue as the writes, so a delete never overtakes a write asked for before it.
    await this.group.run(() => this.deleteBatch(keys));
  }

  /** Keys last written before `cutoff` (ms since the epoch). */
  async listStale(cutoff: number): Promise<string[]> {
    const rows = this.db
      .prepare<[number], { key: string }>('SELECT key FROM state WHERE updated_at < ?')
      .all(cutoff);
    return rows.map((row) => row.key);
  }

  close(): void {
    this.group.flush();
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}
