import type { Middleware, TurnContext } from 'botbuilder';

/** The engine's lease on a key (storage/storageEngine's LeaseService, structurally). */
export interface ConversationLeases {
  tryAcquire(key: string): Promise<{ release(): Promise<void> } | undefined>;
}

/** The conversation's turn could not start in time: another instance holds it, or the engine is not there. */
export class ConversationBusyError extends Error {
  constructor() {
    super('the conversation is busy in another instance');
    this.name = 'ConversationBusyError';
  }
}

export interface ConversationLockOptions {
  /** Shared by every instance on one store; without it, turns are serialised in this process only. */
  leases?: ConversationLeases;
  /** How long a turn waits for another instance's turn of the same conversation. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the turns of one conversation one after the other: in this process by a queue, across instances by
 * the storage engine's lease on the conversation. Two messages of one conversation arriving at two instances
 * at once then read and write its state in turn, never both from the same read.
 */
export class ConversationLockMiddleware implements Middleware {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waitMs: number;

  constructor(private readonly options: ConversationLockOptions = {}) {
    this.waitMs = options.waitMs ?? 20_000;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = `${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      const lease = this.options.leases && (await this.acquire(this.options.leases, `turn/${key}`));
      try {
        await next();
      } finally {
        await lease?.release().catch(() => undefined);
      }
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  private async acquire(leases: ConversationLeases, key: string) {
    const deadline = Date.now() + this.waitMs;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const lease = await leases.tryAcquire(key);
      if (lease) return lease;
      if (Date.now() + pause > deadline) throw new ConversationBusyError();
      await sleep(pause + Math.random() * pause);
    }
  }
}
