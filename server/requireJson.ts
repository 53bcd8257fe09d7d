import type { Next, Request, Response } from 'restify';

/**
 * Request bodies must be JSON (415 otherwise). Every client of this server (channels, Direct Line, the
 * desk) sends JSON; a form post (application/x-www-form-urlencoded, multipart, text/plain) is what a
 * foreign web page can send cross-site without a preflight, so it is refused before anything reads it.
 */
export function requireJson(req: Request, res: Response, next: Next): void {
  const hasBody = req.isChunked() || (Number(req.headers['content-length']) || 0) > 0;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!hasBody || type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    next();
    return;
  }
  res.send(415, { error: 'request bodies must be application/json' });
  next(false);
}
