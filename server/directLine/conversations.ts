import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { isEtagConflict } from '../../storage/storageErrors';
import type { DirectLineHistory, HistorySnapshot } from './history';

/** An account on the wire; botbuilder's ChannelAccount makes `name` required, Direct Line does not. */
export interface WireAccount {
  id: string;
  name?: string;
  role?: string;
}

/** An activity in Direct Line's JSON: botbuilder's Activity with the fields the wire leaves optional. */
export type WireActivity = Omit<Partial<Activity>, 'from' | 'recipient' | 'conversation' | 'membersAdded'> & {
  type: string;
  from?: WireAccount;
  recipient?: WireAccount;
  conversation?: { id: string };
  membersAdded?: WireAccount[];
};

/** An activity as the GET returns it, always with an id. */
export type StoredActivity = WireActivity & { id: string };

export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** User ids minted by the server carry Azure's reserved prefix for ids that come from a token. */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/** How a conversation the store no longer held comes back (ConversationStore.resume). */
export interface Resumption {
  /** Its first sequence number: above every one it had before. */
  firstSeq: number;
  /** Whether its users joined before, so the bot must not welcome them again. */
  joined: boolean;
}

/** How often a change of a shared conversation is re-read and re-applied after another instance's write. */
const MAX_UPDATE_ATTEMPTS = 5;

/** Logged by the caller: the store did not take a change, which is then kept in this process only. */
export type HistoryFailure = (error: unknown) => void;

/**
 * One built-in Direct Line conversation: its activities with their sequence numbers. With a history (a
 * persistent store), every change goes through `update`: the stored snapshot is read, the change applied
 * to it and written back with the read eTag, so instances sharing the store number activities alike.
 */
export class DirectLineConversation {
  private entries: { seq: number; activity: StoredActivity }[] = [];
  private lastSeq: number;
  private readonly postTimes: number[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  /** Users the bot has been told about with a conversationUpdate. */
  members = new Set<string>();
  /** Set when the conversation was resumed and its users had joined: whoever posts is taken as a member. */
  readonly joinedBefore: boolean;
  /** Whether the user's last message held a card number (then a lone 3-4 digit answer is a CVV). */
  cardContext = false;
  /** Set by the store once the user has sent a message: from then on it is a customer's conversation. */
  active = false;
  /** The token that speaks for this conversation now; the one before it is honoured for a short grace. */
  private currentToken?: string;
  private previousToken?: { id: string; until: number };
  private readonly refreshTimes: number[] = [];
  readonly createdAt: number;
  locale?: string;

  constructor(
    readonly id: string,
    /** The user a token bound this conversation to, if any. */
    readonly userId: string | undefined,
    public lastSeen: number,
    private readonly maxActivities: number,
    resumption?: Resumption,
    private readonly history?: DirectLineHistory,
    private readonly onHistoryFailure: HistoryFailure = () => undefined,
  ) {
    this.createdAt = lastSeen;
    this.lastSeq = (resumption?.firstSeq ?? 0) - 1;
    this.joinedBefore = resumption?.joined ?? false;
    // What the user said before is unknown: a lone 3-4 digit first answer is echoed as a possible CVV.
    if (resumption) this.cardContext = true;
  }

  /** What the store keeps of this conversation. */
  snapshot(): HistorySnapshot {
    return {
      lastSeq: this.lastSeq,
      entries: this.entries.map((e) => ({ seq: e.seq, activity: e.activity })),
      members: [...this.members],
      cardContext: this.cardContext,
      ...(this.locale ? { locale: this.locale } : {}),
      ...(this.currentToken ? { currentToken: this.currentToken } : {}),
      ...(this.previousToken ? { previousToken: this.previousToken } : {}),
    };
  }

  /** Takes the stored snapshot as the truth (another instance may have written since). */
  adopt(snapshot: HistorySnapshot): void {
    this.lastSeq = snapshot.lastSeq;
    this.entries = snapshot.entries.map((e) => ({ seq: e.seq, activity: e.activity as StoredActivity }));
    this.members = new Set(snapshot.members);
    this.cardContext = snapshot.cardContext;
    this.locale = snapshot.locale ?? this.locale;
    this.currentToken = snapshot.currentToken;
    this.previousToken = snapshot.previousToken;
  }

  /** Brings this copy up to date with the store (before answering a poll, checking a token). */
  async refresh(): Promise<void> {
    if (!this.history) return;
    try {
      const { snapshot } = await this.history.read(this.id);
      if (snapshot) this.adopt(snapshot);
    } catch (error) {
      this.onHistoryFailure(error);
    }
  }

  /**
   * Applies `change` to the stored conversation: read, change, write with the read eTag; a conflict (another
   * instance wrote first) is re-read and the change applied again. Without a history, or when the store does
   * not answer, the change is made here only (the conversation goes on in this process).
   */
  async update<T>(change: (conversation: this) => T): Promise<T> {
    if (!this.history) return change(this);
    for (let attempt = 1; ; attempt++) {
      const before = this.snapshot();
      let eTag: string | undefined;
      try {
        const stored = await this.history.read(this.id);
        if (stored.snapshot) this.adopt(stored.snapshot);
        eTag = stored.eTag;
      } catch (error) {
        this.onHistoryFailure(error);
        return change(this);
      }
      const result = change(this);
      try {
        await this.history.write(this.id, this.snapshot(), eTag);
        return result;
      } catch (error) {
        if (!isEtagConflict(error)) {
          this.onHistoryFailure(error);
          return result;
        }
        if (attempt >= MAX_UPDATE_ATTEMPTS) throw error;
        this.adopt(before);
      }
    }
  }

  /** Whether the bot has been told that this user joined (or was, before the conversation was resumed). */
  hasJoined(userId: string): boolean {
    return this.joinedBefore || this.members.has(userId);
  }

  /**
   * Whether a token may act for this conversation: the newest one, or the one it replaced within
   * `graceMs` (requests already on their way). A conversation that knows no token yet (brought back after a
   * restart) takes the first valid one it sees as its current token.
   */
  acceptsToken(tokenId: string | undefined, now: number): boolean {
    if (!tokenId) return this.currentToken === undefined;
    if (this.currentToken === undefined) {
      this.currentToken = tokenId;
      return true;
    }
    if (tokenId === this.currentToken) return true;
    return this.previousToken?.id === tokenId && now <= this.previousToken.until;
  }

  /** A new token replaces the current one, which is retired after `graceMs`. */
  rotateToken(tokenId: string | undefined, now: number, graceMs: number): void {
    if (this.currentToken) this.previousToken = { id: this.currentToken, until: now + graceMs };
    this.currentToken = tokenId;
  }

  /** Counts a token refresh; false when this conversation refreshed too often lately. */
  admitRefresh(now: number, limit: { refreshes: number; windowMs: number }): boolean {
    while (this.refreshTimes.length && this.refreshTimes[0] <= now - limit.windowMs)
      this.refreshTimes.shift();
    if (this.refreshTimes.length >= limit.refreshes) return false;
    this.refreshTimes.push(now);
    return true;
  }

  /** Stores an activity under the next id (`<conversationId>|0000007`, as Azure numbers them). */
  append(activity: WireActivity): string {
    this.lastSeq += 1;
    const id = `${this.id}|${String(this.lastSeq).padStart(7, '0')}`;
    this.entries.push({ seq: this.lastSeq, activity: { ...activity, id } });
    if (this.entries.length > this.maxActivities)
      this.entries.splice(0, this.entries.length - this.maxActivities);
    return id;
  }

  /** The id of the echo of an activity this user already posted with this clientActivityID, if it is still held. */
  echoOf(userId: string, clientActivityId: string): string | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const { activity } = this.entries[i];
      const channelData = activity.channelData as { clientActivityID?: unknown } | undefined;
      if (activity.from?.id === userId && channelData?.clientActivityID === clientActivityId)
        return activity.id;
    }
    return undefined;
  }

  /** Activities after the watermark (all when none) and the watermark to send next time. */
  since(watermark: number | undefined): { activities: StoredActivity[]; watermark: string } {
    const after = watermark ?? -1;
    return {
      activities: this.entries.filter((e) => e.seq > after).map((e) => e.activity),
      watermark: this.lastSeq >= 0 ? String(this.lastSeq) : '',
    };
  }

  /** Sliding-window rate limit; returns the seconds to wait when over it. */
  admitPost(
    now: number,
    limit: { posts: number; windowMs: number },
  ): { ok: true } | { ok: false; retryAfter: number } {
    while (this.postTimes.length && this.postTimes[0] <= now - limit.windowMs) this.postTimes.shift();
    if (this.postTimes.length >= limit.posts) {
      return {
        ok: false,
        retryAfter: Math.max(1, Math.ceil((this.postTimes[0] + limit.windowMs - now) / 1000)),
      };
    }
    this.postTimes.push(now);
    return { ok: true };
  }

  /** Runs the turns of this conversation one after another, in the order they arrived. */
  enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

export interface ConversationStoreOptions {
  idleMs: number;
  /** Conversations in which a user has written: customers. New anonymous ones never evict or block these. */
  maxConversations: number;
  /** Conversations nobody has written in yet (a token was fetched, the welcome shown). */
  maxPending: number;
  /** How long a pending conversation keeps its slot; after it, a new one may take the slot. */
  pendingGraceMs: number;
  maxActivitiesPerConversation: number;
  now: () => number;
  /** Where conversations are kept beyond this process (a persistent store); none: in memory only. */
  history?: DirectLineHistory;
  onHistoryFailure?: HistoryFailure;
}

/**
 * The built-in conversations; idle ones are dropped on access and by a background sweep. Two budgets: a
 * conversation is pending until its user writes a message, then active. Fetching tokens fills only the
 * pending budget, where a conversation past its grace time gives way to a new one (polling does not keep
 * it), so a caller who fetches tokens by the thousand cannot shut the chat off for customers.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, DirectLineConversation>();
  /** Ids of the pending conversations, oldest first. */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ConversationStoreOptions) {}

  get size(): number {
    return this.conversations.size;
  }

  get activeCount(): number {
    return this.conversations.size - this.pending.size;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** A new conversation, or undefined when the pending budget is full even after making room. */
  create(userId?: string): DirectLineConversation | undefined {
    return this.add(newConversationId(), userId);
  }

  /**
   * Brings back a conversation of a valid token that the store does not hold (a restart, or dropped for
   * idleness), empty, under its old id; undefined when the store is full. Its sequence numbers (and so its
   * watermarks and activity ids) go on from the current time in milliseconds, above any it had before:
   * those counted from 0, or from the time of an earlier resumption, and a conversation gets far fewer
   * than one activity per millisecond (posts are rate-limited). It is pending until its user writes.
   */
  async resume(
    id: string,
    userId: string | undefined,
    joined: boolean,
  ): Promise<DirectLineConversation | undefined> {
    const held = this.get(id);
    if (held) return held;
    const conversation = this.add(id, userId, { firstSeq: Math.floor(this.options.now()), joined });
    // What the store kept (another instance's, or this one's before a restart) replaces the empty start.
    await conversation?.refresh();
    return conversation;
  }

  /**
   * The user wrote a message: the conversation becomes a customer's. False when the active budget is full
   * of customers' conversations (then the message is refused with 429; no customer is evicted).
   */
  activate(conversation: DirectLineConversation): boolean {
    if (conversation.active) return true;
    if (this.activeCount >= this.options.maxConversations) this.sweep();
    if (this.activeCount >= this.options.maxConversations) return false;
    conversation.active = true;
    this.pending.delete(conversation.id);
    return true;
  }

  private add(id: string, userId?: string, resumption?: Resumption): DirectLineConversation | undefined {
    if (this.pending.size >= this.options.maxPending) this.makePendingRoom();
    if (this.pending.size >= this.options.maxPending) return undefined;
    const conversation = new DirectLineConversation(
      id,
      userId,
      this.options.now(),
      this.options.maxActivitiesPerConversation,
      resumption,
      this.options.history,
      this.options.onHistoryFailure,
    );
    this.conversations.set(conversation.id, conversation);
    this.pending.add(conversation.id);
    return conversation;
  }

  /** Drops idle conversations and pending ones past their grace time (its token can resume it later). */
  private makePendingRoom(): void {
    this.sweep();
    const cutoff = this.options.now() - this.options.pendingGraceMs;
    for (const id of this.pending) {
      if (this.pending.size < this.options.maxPending) break;
      const conversation = this.conversations.get(id);
      if (conversation && conversation.createdAt > cutoff) break;
      this.remove(id);
    }
  }

  /** Drops a conversation from memory at once; a later request for it starts afresh (or from the store). */
  forget(id: string): void {
    this.remove(id);
  }

  private remove(id: string): void {
    this.conversations.delete(id);
    this.pending.delete(id);
  }

  /** The conversation, marked as used now; undefined when unknown or idle too long. */
  get(id: string): DirectLineConversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    const now = this.options.now();
    if (now - conversation.lastSeen > this.options.idleMs) {
      this.remove(id);
      return undefined;
    }
    conversation.lastSeen = now;
    return conversation;
  }

  sweep(): void {
    const now = this.options.now();
    for (const [id, conversation] of this.conversations) {
      if (now - conversation.lastSeen > this.options.idleMs) this.remove(id);
    }
  }

  /** Sweeps now and then; unref'd so it never keeps the process alive. */
  startSweeping(): void {
    if (this.timer) return;
    const every = Math.min(Math.max(this.options.idleMs / 2, 1000), 60_000);
    this.timer = setInterval(() => this.sweep(), every);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.conversations.clear();
    this.pending.clear();
  }
}
