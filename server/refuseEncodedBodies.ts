import type { Next, Request, Response } from 'restify';

/**
 * Refuses request bodies with a Content-Encoding (gzip, deflate, br ...) with 415, before any body is read.
 * No Bot Framework channel, Direct Line client or browser form sends compressed bodies, and restify's body
 * reader handles them badly: a body that is not valid gzip throws outside any handler (the process dies),
 * and the size limit counts the compressed bytes, so 60 KB could become a 60 MB activity.
 */
export function refuseEncodedBodies(req: Request, res: Response, next: Next): void {
  const encoding = req.headers['content-encoding'];
  const codings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? ''))
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  const hasBody = req.isChunked() || (Number(req.headers['content-length']) || 0) > 0;
  if (codings.length === 0 || !hasBody) {
    // "identity" means uncompressed; restify's reader would refuse the header all the same.
    delete req.headers['content-encoding'];
    next();
    return;
  }
  res.header('Accept-Encoding', 'identity');
  res.send(415, { error: 'compressed request bodies are not accepted; send the body uncompressed' });
  next(false);
}
