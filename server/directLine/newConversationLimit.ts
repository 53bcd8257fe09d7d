import type { Request, Response } from 'restify';
import { clientAddress, limitKey } from '../clientAddress';
import type { AddressLimiter } from '../addressLimiter';

/** The per-address budget for starting conversations, as the routes use it. */
export class NewConversationLimit {
  constructor(
    private readonly limiter: AddressLimiter,
    private readonly trustedProxyHops: number,
  ) {}

  /** Counts one new conversation for the request's client; when over budget answers 429 and returns false. */
  admit(req: Request, res: Response): boolean {
    const admitted = this.limiter.admit(limitKey(clientAddress(req, this.trustedProxyHops)));
    if (admitted.ok) return true;
    res.header('Retry-After', String(admitted.retryAfter));
    res.send(429, {
      error: {
        code: 'TooManyRequests',
        message: 'too many new conversations from this address, try again later',
      },
    });
    return false;
  }
}
