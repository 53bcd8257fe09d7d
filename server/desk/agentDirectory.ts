import { verify } from '@node-rs/argon2';
import type { AgentAccount } from '../../config/configSchema';

/** A hash of a password nobody has: an unknown user costs as much time as a wrong password. */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Hn5w3+XnLl3tH9b6wQ2xYbJ3WkV3qXzYy1e4mGm5xE';

/** The agents from AGENT_ACCOUNTS; passwords are checked against their argon2id hashes, never stored. */
export class AgentDirectory {
  private readonly byName: Map<string, AgentAccount>;

  constructor(accounts: AgentAccount[]) {
    this.byName = new Map(accounts.map((a) => [a.username.toLowerCase(), a]));
  }

  get size(): number {
    return this.byName.size;
  }

  find(username: string): AgentAccount | undefined {
    return this.byName.get(username.toLowerCase());
  }

  /** The account when the password fits its hash; undefined for a wrong password or an unknown user. */
  async verify(username: string, password: string): Promise<AgentAccount | undefined> {
    const account = this.find(username);
    let ok = false;
    try {
      ok = await verify(account?.passwordHash ?? DUMMY_HASH, password);
    } catch {
      ok = false;
    }
    return account && ok ? account : undefined;
  }
}
