import assert from 'node:assert/strict';
import { TokenIssuer } from '../../server/directLine/tokens';

describe('built-in Direct Line tokens', () => {
  let now = Date.UTC(2025, 0, 1);
  const clock = () => now;
  const issuer = new TokenIssuer({ secret: 'k'.repeat(32), ttlSeconds: 1800, now: clock });

  it('round-trips the conversation and the user', () => {
    const issued = issuer.issue({ conversationId: 'conv-1', userId: 'dl_abc' });
    assert.equal(issued.expires_in, 1800);
    assert.equal(issued.conversationId, 'conv-1');
    assert.deepEqual(issuer.verify(issued.token), {
      ok: true,
      claims: { conversationId: 'conv-1', userId: 'dl_abc', tokenId: issued.tokenId },
    });
    assert.match(issued.tokenId ?? '', /^[A-Za-z0-9_-]{16}$/, 'each token has its own id');
  });

  it('is a JWT (HS256) whose payload names the conversation, the user and the expiry', () => {
    const [header, payload] = issuer.issue({ conversationId: 'c', userId: 'dl_u' }).token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims.conv, 'c');
    assert.equal(claims.user, 'dl_u');
    assert.equal(claims.exp, Math.floor(now / 1000) + 1800);
  });

  it('expires at exp, not a second later', () => {
    const { token } = issuer.issue({ conversationId: 'c' });
    now += 1799_000;
    assert.equal(issuer.verify(token).ok, true);
    now += 1000;
    assert.deepEqual(issuer.verify(token), { ok: false, reason: 'expired' });
  });

  it('rejects a changed payload, another key, alg "none" and garbage', () => {
    const { token } = issuer.issue({ conversationId: 'a' });
    const [header, , signature] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ iss: 'payment-assistant/directline', conv: 'b', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    assert.deepEqual(issuer.verify(`${header}.${otherPayload}.${signature}`), {
      ok: false,
      reason: 'signature',
    });
    const other = new TokenIssuer({ secret: 'z'.repeat(32), ttlSeconds: 60, now: clock });
    assert.deepEqual(other.verify(token), { ok: false, reason: 'signature' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    assert.deepEqual(issuer.verify(`${none}.${otherPayload}.`), { ok: false, reason: 'malformed' });
    assert.deepEqual(issuer.verify('abc'), { ok: false, reason: 'malformed' });
    assert.deepEqual(issuer.verify(''), { ok: false, reason: 'malformed' });
  });

  it('signs with a random key per process when none is configured', () => {
    const a = new TokenIssuer({ ttlSeconds: 60, now: clock });
    const b = new TokenIssuer({ ttlSeconds: 60, now: clock });
    const { token } = a.issue({ conversationId: 'c' });
    assert.equal(a.verify(token).ok, true);
    assert.equal(b.verify(token).ok, false);
  });
});
