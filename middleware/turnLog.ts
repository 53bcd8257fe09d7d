import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';

const TURN_LOG = Symbol('turnLog');

/** The log of this turn: every line carries the turn's request id. */
export function turnLog(context: TurnContext, fallback: Logger): Logger {
  const value: unknown = context.turnState.get(TURN_LOG);
  return (value as Logger | undefined) ?? fallback;
}

/**
 * First in the pipeline: gives the turn a request id and a log that carries it, and logs the turn at
 * debug level with no personal data (channel, activity type, duration; never text, names or ids of people).
 */
export class TurnLogMiddleware implements Middleware {
  constructor(private readonly log: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const requestId = randomUUID().slice(0, 8);
    const log = this.log.child({ requestId });
    context.turnState.set(TURN_LOG, log);
    const started = Date.now();
    try {
      await next();
    } finally {
      log.debug(
        {
          channelId: context.activity.channelId,
          activityType: context.activity.type,
          ms: Date.now() - started,
        },
        'turn',
      );
    }
  }
}
