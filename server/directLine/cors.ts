import type { Next, Request, RequestHandler, Response } from 'restify';

export const ALLOWED_HEADERS = 'Authorization, Content-Type, x-ms-bot-agent';
export const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** The bot's own pages send an Origin too (on POST); it always matches the Host they were served from. */
function sameOrigin(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * CORS for the Direct Line routes, as a `pre` handler so that errors raised before a route runs (413 from
 * the body parser, 400 for malformed JSON) carry the headers too and the browser can read them. Answers
 * preflights itself. A request from an origin not allowed is refused outright: tokens are bearer tokens,
 * so this is about which sites may embed the widget, not about cookies.
 */
export function directLineCors(allowedOrigins: string[], prefixes: string[]): RequestHandler {
  const any = allowedOrigins.includes('*');
  return (req: Request, res: Response, next: Next) => {
    const path = req.getPath();
    if (!prefixes.some((p) => path === p || path.startsWith(`${p}/`))) return next();
    const origin = req.header('Origin');
    if (origin) {
      res.header('Vary', 'Origin');
      if (!any && !allowedOrigins.includes(origin) && !sameOrigin(origin, req)) {
        res.send(403, { error: { code: 'Forbidden', message: 'origin not allowed' } });
        return next(false);
      }
      res.header('Access-Control-Allow-Origin', any ? '*' : origin);
      res.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.header('Access-Control-Expose-Headers', 'Retry-After');
      res.header('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.send(204);
      return next(false);
    }
    return next();
  };
}
