import type { Next, Request, Response } from 'restify';

/**
 * Graceful shutdown: once draining, new requests get 503 (with Connection: close), requests already
 * running finish, and `drained` resolves when the last one has.
 */
export class Lifecycle {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  /** restify pre-handler: counts requests, refuses new ones while draining. */
  readonly gate = (req: Request, res: Response, next: Next): void => {
    if (this.draining) {
      res.header('Connection', 'close');
      res.header('Retry-After', '5');
      res.send(503, { error: 'shutting down' });
      next(false);
      return;
    }
    // A live event stream (the desk's) stays open for hours: it does not hold up a shutdown.
    if (req.path().endsWith('/events')) {
      next();
      return;
    }
    this.inFlight += 1;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    res.once('finish', finished);
    res.once('close', finished);
    next();
  };

  /** Stops taking requests; resolves once the running ones are done (or after `maxWaitMs`). */
  drain(maxWaitMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      timer.unref();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
