import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'restify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

type Encoding = 'br' | 'gzip' | 'identity';
const ENCODINGS: Encoding[] = ['br', 'gzip', 'identity'];

/** A URL that names the file's content (`?v=<hash>`) never changes: the browser keeps it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Without the hash the browser asks again each time, and gets a 304 while the file is the same. */
const REVALIDATE = 'no-cache';

interface Variant {
  body: Buffer;
  etag: string;
}

/**
 * A file the pages load (the Web Chat bundle, the pages' script and style), read once and kept in memory,
 * with its compressed forms (Brotli, gzip; Node's zlib) made once, at the first request for each: webchat.js
 * goes from 3.9 MB to about 0.7 MB (br) or 0.95 MB (gzip). Served in the best encoding the browser accepts
 * (restify's Accept-Encoding negotiation), with an ETag per encoding and a content hash for the URL.
 */
export class StaticAsset {
  /** The content's hash, for the page's `?v=` (a new file, a new URL). */
  readonly version: string;
  private readonly variants = new Map<Encoding, Promise<Variant>>();
  private readonly body: Buffer;

  constructor(
    file: string,
    readonly type: string,
  ) {
    const body = fs.readFileSync(file);
    this.version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
    this.body = body;
    this.variants.set('identity', Promise.resolve(this.variant(body, 'identity')));
  }

  private variant(encoded: Buffer, encoding: Encoding): Variant {
    return { body: encoded, etag: `"${this.version}-${encoding}"` };
  }

  /**
   * The file in one encoding, compressed at the first request that asks for it and kept: a bot that never
   * serves the page (Teams only, the benchmark) spends neither the CPU nor the 20 MB zlib leaves behind.
   */
  private encoded(encoding: Encoding): Promise<Variant> {
    let variant = this.variants.get(encoding);
    if (!variant) {
      const size = { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: this.body.length };
      // Quality 6: a third of a second for webchat.js, within 15% of the best (quality 11 takes 7 s).
      const compressed =
        encoding === 'br'
          ? brotli(this.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, ...size } })
          : gzip(this.body, { level: 9 });
      variant = compressed.then((b) => this.variant(b, encoding));
      this.variants.set(encoding, variant);
    }
    return variant;
  }

  /** The URL of this version of the file. */
  url(path: string): string {
    return `${path}?v=${this.version}`;
  }

  async send(req: Request, res: Response, headers: Record<string, string> = {}): Promise<void> {
    // The smallest the browser accepts (restify's negotiation of Accept-Encoding, with its q-values): browsers
    // list gzip first, but all of them that accept gzip accept br too.
    const encoding = ENCODINGS.find((e) => e === 'identity' || acceptsEncoding(req, e)) ?? 'identity';
    const { body, etag } = await this.encoded(encoding);
    const versioned = new URLSearchParams(req.getQuery()).get('v') === this.version;
    const common = {
      ...headers,
      'Cache-Control': versioned ? IMMUTABLE : REVALIDATE,
      ETag: etag,
      // Caches keep one copy per encoding.
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (matches(req.header('If-None-Match'), etag)) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    res.writeHead(200, {
      ...common,
      'Content-Type': this.type,
      'Content-Length': String(body.length),
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

function acceptsEncoding(req: Request, encoding: Encoding): boolean {
  // restify answers with the encoding's name or false, though its types say boolean.
  const answer: unknown = req.acceptsEncoding(encoding);
  return answer === encoding;
}

/** If-None-Match: a list of ETags (or *); a weak one counts for the same content (RFC 9110, 13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
