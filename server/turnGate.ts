/**
 * At most `limit` turns run at once; the others wait, in order of arrival, before anything of theirs is
 * loaded. Under a burst (invoices going out) an instance then works through its backlog a few turns at a
 * time instead of holding hundreds of half-done turns, each with its state, dialog stack and reply in
 * memory: memory stays flat and the earliest customers are answered first. A turn waiting for its
 * conversation's previous turn holds its slot, but that previous turn holds one too, so all progress.
 */
export class TurnGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  /** Turns waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(turn: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    // The slot is handed over by the turn that ends (see finally), so `running` stays at the limit.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await turn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
