import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { BUILT_IN_PREFIX, type BuiltInDirectLine } from './builtInDirectLine';
import { newUserId } from './conversations';
import type { Logger } from '../../logging/logger';
import type { NewConversationLimit } from './newConversationLimit';

/** Where the help page gets its Direct Line token; the same call in both modes, so the page has one code path. */
export const TOKEN_ROUTE = '/api/directline/token';

const EXCHANGE_TIMEOUT_MS = 10_000;

const azureTokenSchema = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** The page may bring back the id it was given before, so the user's language choice is remembered. */
const tokenRequestSchema = z
  .object({ user: z.object({ id: z.string().regex(/^dl_[A-Za-z0-9_-]{8,64}$/) }).optional() })
  .optional();

function requestedUserId(req: Request): string | undefined {
  const parsed = tokenRequestSchema.safeParse(req.body);
  return parsed.success ? parsed.data?.user?.id : undefined;
}

export interface TokenRouteDeps {
  azure?: { secret: string; endpoint: string };
  builtIn?: BuiltInDirectLine;
  fetch?: typeof fetch;
  log: Logger;
  newConversations: NewConversationLimit;
}

/** This server as the browser reached it; '' (a relative domain) when the Host header is missing or odd. */
function publicOrigin(req: Request): string {
  const host = req.headers.host ?? '';
  if (!/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) return '';
  // Behind a TLS-terminating proxy the page is https although this hop is not.
  const forwarded = req.header('X-Forwarded-Proto')?.split(',')[0].trim().toLowerCase();
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : req.isSecure() ? 'https' : 'http';
  return `${proto}://${host}`;
}

function badGateway(res: Response): void {
  res.send(502, { error: { code: 'BadGateway', message: 'the Direct Line token service is not available' } });
}

/**
 * POST /api/directline/token. With an Azure secret: exchanges it for a conversation token (the secret goes
 * only to Azure, never into a response or a log). Without: a token of the built-in Direct Line. Both answer
 * `{ token, conversationId, expires_in, domain }` with a fresh `dl_` user bound to the token, so the bot
 * greets the user as soon as Web Chat connects.
 */
export function mountTokenRoute(server: Server, deps: TokenRouteDeps): void {
  const doFetch = deps.fetch ?? fetch;

  server.post(TOKEN_ROUTE, async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    if (!deps.newConversations.admit(req, res)) return;
    if (deps.azure) {
      const { secret, endpoint } = deps.azure;
      try {
        const upstream = await doFetch(`${endpoint}/v3/directline/tokens/generate`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ user: { id: requestedUserId(req) ?? newUserId() } }),
          signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
        });
        if (!upstream.ok) {
          deps.log.error({ status: upstream.status }, 'Direct Line token exchange failed');
          return badGateway(res);
        }
        const parsed = azureTokenSchema.safeParse(await upstream.json().catch(() => undefined));
        if (!parsed.success) {
          deps.log.error('Direct Line token exchange failed: unexpected response');
          return badGateway(res);
        }
        const { token, conversationId, expires_in } = parsed.data;
        res.send(200, { token, conversationId, expires_in, domain: `${endpoint}/v3/directline` });
      } catch (error) {
        // The name only (TimeoutError, TypeError...): messages of fetch errors can quote the request.
        deps.log.error(
          { error: error instanceof Error ? error.name : 'error' },
          'Direct Line token exchange failed',
        );
        badGateway(res);
      }
      return;
    }
    const issued = await deps.builtIn?.issueForNewConversation(requestedUserId(req));
    if (!issued) {
      res.header('Retry-After', '60');
      res.send(429, {
        error: { code: 'TooManyRequests', message: 'too many open conversations, try again later' },
      });
      return;
    }
    const { conversationId, token, expires_in } = issued;
    res.send(200, { conversationId, token, expires_in, domain: `${publicOrigin(req)}${BUILT_IN_PREFIX}` });
  });
}
