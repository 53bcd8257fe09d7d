import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { z } from 'zod';

const sessionSchema = z.object({
  username: z.string(),
  csrfToken: z.string(),
  expiresAt: z.number(),
});
export type DeskSession = z.infer<typeof sessionSchema>;

/** Stored under a hash of the token: whoever reads the store cannot sign in with what is there. */
const keyOf = (token: string) => `desk/session/${createHash('sha256').update(token).digest('hex')}`;

/**
 * Signed-in agents, in the bot's storage so a restart signs nobody out. The browser holds only a random
 * token in an HttpOnly cookie; a session expires after its lifetime and ends at sign-out.
 */
export class DeskSessions {
  constructor(
    private readonly storage: Storage,
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async create(username: string): Promise<{ token: string; session: DeskSession }> {
    const token = randomBytes(32).toString('base64url');
    const session: DeskSession = {
      username,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: this.now() + this.lifetimeMs,
    };
    await this.storage.write({ [keyOf(token)]: { ...session, eTag: '*' } });
    return { token, session };
  }

  async get(token: string | undefined): Promise<DeskSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const items = await this.storage.read([keyOf(token)]);
    const parsed = sessionSchema.safeParse(items[keyOf(token)]);
    if (!parsed.success) return undefined;
    if (parsed.data.expiresAt <= this.now()) {
      await this.storage.delete([keyOf(token)]);
      return undefined;
    }
    return parsed.data;
  }

  async end(token: string | undefined): Promise<void> {
    if (token && token.length <= 100) await this.storage.delete([keyOf(token)]);
  }

  get lifetimeSeconds(): number {
    return Math.floor(this.lifetimeMs / 1000);
  }
}

/** Compares a CSRF token in constant time. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
