import { createHmac, randomBytes } from 'node:crypto';
import type { Storage } from 'botbuilder';

const SALT_KEY = 'insights/salt';

/** Pseudonyms kept for the conversations seen last: a turn records several steps, each needs one. */
const CACHED = 2_000;

/**
 * Conversations appear in insights only as a keyed hash of their id: the same conversation gets the same
 * pseudonym on every instance and after a restart (the key lives in the bot's storage), and nobody holding
 * the events alone can tell which conversation one was.
 */
export class ConversationPseudonyms {
  private readonly recent = new Map<string, string>();

  private constructor(private readonly key: Buffer) {}

  static async open(storage: Storage): Promise<ConversationPseudonyms> {
    const read = async () => {
      const salt: unknown = (await storage.read([SALT_KEY]))[SALT_KEY]?.salt;
      return typeof salt === 'string' && salt.length >= 32 ? salt : undefined;
    };
    let salt = await read();
    if (!salt) {
      await storage.write({ [SALT_KEY]: { salt: randomBytes(32).toString('base64') } });
      // Read back: of two instances starting at the same moment, the later reader takes the other's key.
      salt = (await read())!;
    }
    return new ConversationPseudonyms(Buffer.from(salt, 'base64'));
  }

  of(conversationId: string): string {
    const known = this.recent.get(conversationId);
    if (known !== undefined) return known;
    const pseudonym = createHmac('sha256', this.key).update(conversationId).digest('hex').slice(0, 16);
    if (this.recent.size >= CACHED) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(conversationId, pseudonym);
    return pseudonym;
  }
}
