import type Database from 'better-sqlite3';
import type { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import { openDatabase } from './sqliteStorage';
import type { RetainingTranscriptStore } from './storageEngine';

export interface SqliteTranscriptStoreOptions {
  /** Newest activities kept per conversation; older ones are dropped on each log. Default 500. */
  maxPerConversation?: number;
  /** Items per page for getTranscriptActivities and listTranscripts. Default 20 (as MemoryTranscriptStore). */
  pageSize?: number;
  /**
   * Logged activities wait at most this long (ms) to be written, together with those of other turns: one
   * transaction for many turns writes their shared pages once. 0 writes at the end of the tick. Default 100.
   */
  batchMs?: number;
}

/** A batch is written at once when it has this many rows. */
const BATCH_ROWS = 200;

interface ActivityRow {
  seq: number;
  ts: number;
  doc: string;
}

interface PendingRow {
  channelId: string;
  conversationId: string;
  ts: number;
  doc: string;
}

interface ConversationRow {
  conversation_id: string;
  created: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

/** Tokens are "<ms>:<rest>" so paging is by (time, tiebreaker) and survives rows being added meanwhile. */
function parseToken(token: string): { ms: number; rest: string } {
  const at = token.indexOf(':');
  const ms = Number(token.slice(0, at));
  if (at < 1 || !Number.isSafeInteger(ms)) throw new Error(`Invalid continuationToken: ${token}`);
  return { ms, rest: token.slice(at + 1) };
}

function toMillis(value: unknown): number | undefined {
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number') {
    const ms = new Date(value).getTime();
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

/**
 * Transcripts in SQLite, one JSON row per activity. It stores what it is given: redaction is the job
 * of a middleware in front of it. Each conversation is capped at maxPerConversation rows.
 */
export class SqliteTranscriptStore implements RetainingTranscriptStore {
  private readonly db: Database.Database;
  private readonly maxPerConversation: number;
  private readonly pageSize: number;
  private readonly logTx: Database.Transaction<(rows: PendingRow[]) => void>;
  /** Rows logged and not yet written; they are written together in one transaction (see logActivity). */
  private pending:
    | { rows: PendingRow[]; done: Promise<void>; settle: (error?: unknown) => void; timer?: NodeJS.Timeout }
    | undefined;
  private readonly batchMs: number;
  private readonly deleteTx: Database.Transaction<(channelId: string, conversationId: string) => void>;
  private readonly expireTx: Database.Transaction<(cutoff: number) => number>;
  private readonly selectActivities: Database.Statement<
    [string, string, number, number, number, number],
    ActivityRow
  >;
  private readonly selectConversations: Database.Statement<[string, number], ConversationRow>;
  private readonly selectConversationsAfter: Database.Statement<
    [string, number, string, number],
    ConversationRow
  >;

  private readonly ownsDatabase: boolean;

  /** A file path, or a connection shared with the engine's other stores. */
  constructor(source: string | Database.Database, options: SqliteTranscriptStoreOptions = {}) {
    this.maxPerConversation = positiveInteger('maxPerConversation', options.maxPerConversation ?? 500);
    this.pageSize = positiveInteger('pageSize', options.pageSize ?? 20);
    this.batchMs = options.batchMs ?? 100;
    this.ownsDatabase = typeof source === 'string';
    this.db = typeof source === 'string' ? openDatabase(source) : source;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS transcript_activity (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        channel_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS transcript_activity_order
        ON transcript_activity (channel_id, conversation_id, ts, seq);
      CREATE TABLE IF NOT EXISTS transcript_conversation (
        channel_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        created INTEGER NOT NULL,
        held INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (channel_id, conversation_id)
      );
      CREATE INDEX IF NOT EXISTS transcript_conversation_order
        ON transcript_conversation (channel_id, created, conversation_id);
    `);
    // Files from before the row count: add it, counted once.
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(transcript_conversation)').all();
    if (!columns.some((c) => c.name === 'held')) {
      this.db.exec(`
        ALTER TABLE transcript_conversation ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
        UPDATE transcript_conversation SET held = (
          SELECT COUNT(*) FROM transcript_activity a
          WHERE a.channel_id = transcript_conversation.channel_id AND a.conversation_id = transcript_conversation.conversation_id);
      `);
    }

    const insert = this.db.prepare<[string, string, number, string]>(
      'INSERT INTO transcript_activity (channel_id, conversation_id, ts, doc) VALUES (?, ?, ?, ?)',
    );
    // Kept in its own table so "created" stays the first activity's time after old rows are pruned; `held`
    // counts the conversation's rows, so pruning (a scan of them) runs only once there are too many.
    const touch = this.db.prepare<[string, string, number, number], { held: number }>(
      `INSERT INTO transcript_conversation (channel_id, conversation_id, created, held) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel_id, conversation_id) DO UPDATE SET created = MIN(created, excluded.created), held = held + excluded.held
       RETURNING held`,
    );
    const setHeld = this.db.prepare<[number, string, string]>(
      'UPDATE transcript_conversation SET held = ? WHERE channel_id = ? AND conversation_id = ?',
    );
    // Drops everything behind the newest N in read order (timestamp, then insertion).
    const prune = this.db.prepare<[string, string, string, string, number]>(
      `DELETE FROM transcript_activity WHERE channel_id = ? AND conversation_id = ? AND seq IN (
         SELECT seq FROM transcript_activity WHERE channel_id = ? AND conversation_id = ?
         ORDER BY ts DESC, seq DESC LIMIT -1 OFFSET ?)`,
    );
    // A batch holds several turns of a few conversations: each conversation's count row is updated once.
    this.logTx = this.db.transaction((rows: PendingRow[]) => {
      const counts = new Map<
        string,
        { channelId: string; conversationId: string; first: number; n: number }
      >();
      for (const { channelId, conversationId, ts, doc } of rows) {
        insert.run(channelId, conversationId, ts, doc);
        const key = `${channelId}\n${conversationId}`;
        const count = counts.get(key);
        if (count) {
          count.n += 1;
          count.first = Math.min(count.first, ts);
        } else counts.set(key, { channelId, conversationId, first: ts, n: 1 });
      }
      for (const { channelId, conversationId, first, n } of counts.values()) {
        const { held } = touch.get(channelId, conversationId, first, n)!;
        if (held > this.maxPerConversation) {
          prune.run(channelId, conversationId, channelId, conversationId, this.maxPerConversation);
          setHeld.run(this.maxPerConversation, channelId, conversationId);
        }
      }
    });

    const deleteActivities = this.db.prepare<[string, string]>(
      'DELETE FROM transcript_activity WHERE channel_id = ? AND conversation_id = ?',
    );
    const deleteConversation = this.db.prepare<[string, string]>(
      'DELETE FROM transcript_conversation WHERE channel_id = ? AND conversation_id = ?',
    );
    this.deleteTx = this.db.transaction((channelId: string, conversationId: string) => {
      deleteActivities.run(channelId, conversationId);
      deleteConversation.run(channelId, conversationId);
    });

    // A conversation expires as a whole, once its newest activity is older than the cutoff.
    const expired = this.db.prepare<[number], { channel_id: string; conversation_id: string }>(
      `SELECT channel_id, conversation_id FROM transcript_activity
       GROUP BY channel_id, conversation_id HAVING MAX(ts) < ?`,
    );
    this.expireTx = this.db.transaction((cutoff: number) => {
      const rows = expired.all(cutoff);
      for (const row of rows) this.deleteTx(row.channel_id, row.conversation_id);
      return rows.length;
    });

    this.selectActivities = this.db.prepare(
      `SELECT seq, ts, doc FROM transcript_activity
       WHERE channel_id = ? AND conversation_id = ? AND ts >= ? AND (ts, seq) > (?, ?)
       ORDER BY ts, seq LIMIT ?`,
    );
    this.selectConversations = this.db.prepare(
      `SELECT conversation_id, created FROM transcript_conversation
       WHERE channel_id = ? ORDER BY created, conversation_id LIMIT ?`,
    );
    this.selectConversationsAfter = this.db.prepare(
      `SELECT conversation_id, created FROM transcript_conversation
       WHERE channel_id = ? AND (created, conversation_id) > (?, ?)
       ORDER BY created, conversation_id LIMIT ?`,
    );
  }

  /**
   * TranscriptLoggerMiddleware logs a turn's activities at its end and does not wait for the write: they are
   * written with those of the turns of the next `batchMs` in one transaction (a process that dies meanwhile
   * loses them, never the state), and every read or delete writes what is pending first, so a reader always
   * sees them.
   */
  logActivity(activity: Partial<Activity>): Promise<void> {
    if (!activity) return Promise.reject(new Error('activity cannot be null for logActivity()'));
    const channelId = activity.channelId;
    const conversationId = activity.conversation?.id;
    if (!channelId) return Promise.reject(new Error('Missing channelId'));
    if (!conversationId) return Promise.reject(new Error('Missing conversationId'));
    // A missing timestamp gets "now" so every stored row can be ordered and revived as a Date.
    const ts = toMillis(activity.timestamp) ?? Date.now();
    const doc = JSON.stringify({ ...activity, timestamp: new Date(ts).toISOString() });
    if (!this.pending) {
      let settle!: (error?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error as Error));
      });
      this.pending = { rows: [], done, settle };
      if (this.batchMs > 0) {
        this.pending.timer = setTimeout(() => this.flush(), this.batchMs);
        // A pending batch does not keep the process alive; close() writes it.
        this.pending.timer.unref();
      } else queueMicrotask(() => this.flush());
    }
    const { rows, done } = this.pending;
    rows.push({ channelId, conversationId, ts, doc });
    if (rows.length >= BATCH_ROWS) this.flush();
    return done;
  }

  /** Writes the rows logged so far (a no-op when there are none). */
  private flush(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = undefined;
    clearTimeout(batch.timer);
    try {
      this.logTx(batch.rows);
      batch.settle();
    } catch (error) {
      batch.settle(error);
    }
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    if (!channelId) throw new Error('Missing channelId');
    if (!conversationId) throw new Error('Missing conversationId');
    this.flush();
    const from = startDate === undefined ? Number.MIN_SAFE_INTEGER : toMillis(startDate);
    if (from === undefined) throw new Error('Invalid startDate');
    let afterTs = Number.MIN_SAFE_INTEGER;
    let afterSeq = -1;
    if (continuationToken) {
      const { ms, rest } = parseToken(continuationToken);
      afterTs = ms;
      afterSeq = Number(rest);
      if (!Number.isSafeInteger(afterSeq)) throw new Error(`Invalid continuationToken: ${continuationToken}`);
    }
    const rows = this.selectActivities.all(
      channelId,
      conversationId,
      from,
      afterTs,
      afterSeq,
      this.pageSize + 1,
    );
    const page = rows.slice(0, this.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => reviveActivity(row.doc)),
      // '' rather than undefined: the interface types it as string, and callers test it for truthiness.
      continuationToken: rows.length > this.pageSize && last ? `${last.ts}:${last.seq}` : '',
    };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    if (!channelId) throw new Error('Missing channelId');
    this.flush();
    const limit = this.pageSize + 1;
    let rows: ConversationRow[];
    if (continuationToken) {
      const { ms, rest } = parseToken(continuationToken);
      rows = this.selectConversationsAfter.all(channelId, ms, rest, limit);
    } else {
      rows = this.selectConversations.all(channelId, limit);
    }
    const page = rows.slice(0, this.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({ channelId, id: row.conversation_id, created: new Date(row.created) })),
      continuationToken: rows.length > this.pageSize && last ? `${last.created}:${last.conversation_id}` : '',
    };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    if (!channelId) throw new Error('Missing channelId');
    if (!conversationId) throw new Error('Missing conversationId');
    this.flush();
    this.deleteTx(channelId, conversationId);
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    this.flush();
    return this.expireTx(cutoff.getTime());
  }

  close(): void {
    if (this.db.open) this.flush();
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}

/** JSON turns Dates into strings; Activity types both timestamps as Date, so turn them back. */
function reviveActivity(doc: string): Activity {
  const activity = JSON.parse(doc) as Activity;
  for (const field of ['timestamp', 'localTimestamp'] as const) {
    const value: unknown = activity[field];
    if (typeof value === 'string') activity[field] = new Date(value);
  }
  return activity;
}
