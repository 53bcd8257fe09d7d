import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Tokens of the built-in Direct Line: compact JWTs signed with HMAC-SHA256 (JWS HS256). JWT-shaped
 * because botframework-directlinejs decodes the token to read its `user` claim, as it does Azure's.
 */
const ISSUER = 'payment-assistant/directline';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const payloadSchema = z.object({
  iss: z.literal(ISSUER),
  conv: z.string().min(1).max(128),
  user: z.string().min(1).max(256).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(8).max(64).optional(),
});

export interface TokenClaims {
  conversationId: string;
  /** Set when the token was issued for one user: activities posted with it carry that id. */
  userId?: string;
  /** This token's own id: a refresh retires the token it replaced. */
  tokenId?: string;
}

export interface IssuedToken {
  /** Not part of Direct Line's answer: the server keeps it to retire the token later. */
  tokenId?: string;
  conversationId: string;
  token: string;
  /** Seconds, as Direct Line reports it. */
  expires_in: number;
}

export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export class TokenIssuer {
  private readonly key: Buffer;

  constructor(private readonly options: { secret?: string; ttlSeconds: number; now: () => number }) {
    this.key = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
  }

  issue(claims: TokenClaims): IssuedToken {
    const iat = Math.floor(this.options.now() / 1000);
    const payload = {
      iss: ISSUER,
      conv: claims.conversationId,
      user: claims.userId,
      iat,
      exp: iat + this.options.ttlSeconds,
      jti: randomBytes(12).toString('base64url'),
    };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return {
      tokenId: payload.jti,
      conversationId: claims.conversationId,
      token: `${body}.${this.sign(body).toString('base64url')}`,
      expires_in: this.options.ttlSeconds,
    };
  }

  verify(token: string): TokenCheck {
    const parts = token.split('.');
    // A fixed header: no algorithm negotiation, so no "alg: none" or key-confusion tricks.
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
    const expected = this.sign(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature' };
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const payload = payloadSchema.safeParse(json);
    if (!payload.success) return { ok: false, reason: 'malformed' };
    if (this.options.now() >= payload.data.exp * 1000) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      claims: { conversationId: payload.data.conv, userId: payload.data.user, tokenId: payload.data.jti },
    };
  }

  private sign(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }
}
