/**
 * The sliding-window limits of the server (server/addressLimiter.ts): a key over its limit waits until its
 * oldest hit leaves the window, and a key with a very large window and many hits still counts exactly.
 */
import assert from 'node:assert/strict';
import { AddressLimiter } from '../../server/addressLimiter';

describe('rate limits (AddressLimiter)', () => {
  it('admits the limit within a window, refuses the next with the seconds to wait, and admits again later', () => {
    let now = 0;
    const limiter = new AddressLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    for (const t of [0, 1000, 2000]) {
      now = t;
      assert.deepEqual(limiter.admit('a'), { ok: true });
    }
    now = 2500;
    assert.deepEqual(limiter.admit('a'), { ok: false, retryAfter: 8 });
    assert.equal(limiter.blocked('a'), 8);
    assert.deepEqual(limiter.admit('b'), { ok: true }, 'another key has its own window');
    now = 10_001; // the hit at 0 has left the window
    assert.equal(limiter.blocked('a'), undefined);
    assert.deepEqual(limiter.admit('a'), { ok: true });
    assert.deepEqual(limiter.admit('a'), { ok: false, retryAfter: 1 });
  });

  it('counts 100,000 hits of one busy address exactly as the window slides over them', () => {
    let now = 0;
    const limiter = new AddressLimiter({ limit: 60_000, windowMs: 60_000, now: () => now });
    let refused = 0;
    // 1,000 a second for 100 s: the first 60 s fill the window, after that one leaves for each that comes.
    for (let i = 0; i < 100_000; i++) {
      now = i;
      if (!limiter.admit('nat').ok) refused += 1;
    }
    assert.equal(refused, 0);
    now = 99_999; // the window (39,999 .. 99,999] holds 60,000 hits: full for another millisecond
    assert.equal(limiter.blocked('nat'), 1);
    now = 100_000;
    assert.equal(limiter.blocked('nat'), undefined);
    now = 160_000;
    assert.deepEqual(limiter.admit('nat'), { ok: true });
  });
});
