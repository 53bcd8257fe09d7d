import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'restify';
import type { AgentAccount } from '../../config/configSchema';
import type { AgentDirectory } from './agentDirectory';
import { sameToken, type DeskSession, type DeskSessions } from './deskSessions';

export const DESK_PREFIX = '/agent';
const COOKIE = 'desk_session';

export interface SignedIn {
  session: DeskSession;
  agent: AgentAccount;
}

/** Whether the browser reached us over HTTPS (directly, or as a trusted proxy says). */
export function isHttps(req: Request, trustedProxyHops: number): boolean {
  const forwarded = trustedProxyHops > 0 ? req.header('X-Forwarded-Proto')?.split(',')[0].trim() : undefined;
  return forwarded === 'https' || req.isSecure();
}

/** The page's own origin as the browser sees it; a state-changing request from elsewhere is refused. */
export function sameOrigin(req: Request, trustedProxyHops: number): boolean {
  const origin = req.header('Origin');
  if (!origin) return true;
  const host = req.headers.host;
  return origin === `${isHttps(req, trustedProxyHops) ? 'https' : 'http'}://${host}`;
}

/**
 * The desk's sign-in as every page under /agent checks it (the desk, the insights dashboard): an HttpOnly
 * session cookie whose session names an account that still exists, and for state-changing requests the
 * session's CSRF token in a header plus the page's own origin.
 */
export class DeskAuth {
  constructor(
    private readonly agents: AgentDirectory,
    private readonly sessions: DeskSessions,
    private readonly trustedProxyHops: number,
  ) {}

  tokenOf(req: Request): string | undefined {
    return parseCookie(req.header('Cookie') ?? '')[COOKIE];
  }

  /** The session and its account; undefined when signed out, expired, or the account was removed. */
  async signedIn(req: Request): Promise<SignedIn | undefined> {
    const session = await this.sessions.get(this.tokenOf(req));
    const agent = session && this.agents.find(session.username);
    return session && agent ? { session, agent } : undefined;
  }

  /** A state-changing request: the session's CSRF token (a header a foreign page cannot set) and our origin. */
  mayWrite(req: Request, session: DeskSession): boolean {
    return sameOrigin(req, this.trustedProxyHops) && sameToken(req.header('X-CSRF-Token'), session.csrfToken);
  }

  isSameOrigin(req: Request): boolean {
    return sameOrigin(req, this.trustedProxyHops);
  }

  setCookie(req: Request, res: Response, token: string, maxAge: number): void {
    res.header(
      'Set-Cookie',
      stringifySetCookie(COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: isHttps(req, this.trustedProxyHops),
        path: DESK_PREFIX,
        maxAge,
      }),
    );
  }
}
