/**
 * A burst of turns is worked through a few at a time, in order of arrival (server/turnGate.ts): no more
 * than the limit run at once, a failing turn frees its slot, and every turn runs.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TurnGate } from '../../server/turnGate';

describe('turns at once (TurnGate)', () => {
  it('runs 200 turns of a burst with at most 8 at a time, starting them in order of arrival', async () => {
    const gate = new TurnGate(8);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gate.run(async () => {
          started.push(i);
          running += 1;
          most = Math.max(most, running);
          await sleep(1 + (i % 3));
          running -= 1;
        }),
      ),
    );
    assert.equal(most, 8);
    assert.deepEqual(
      started,
      Array.from({ length: 200 }, (_, i) => i),
    );
    assert.equal(gate.queued, 0);
  });

  it('a turn that fails gives its slot to the next, and its error to its caller', async () => {
    const gate = new TurnGate(1);
    const failing = gate.run(async () => {
      throw new Error('storage unavailable');
    });
    const next = gate.run(async () => 'answered');
    await assert.rejects(failing, /storage unavailable/);
    assert.equal(await next, 'answered');
    assert.equal(await gate.run(async () => 'and the one after'), 'and the one after');
  });

  it('refuses a limit that is not a positive whole number', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) assert.throws(() => new TurnGate(limit), RangeError);
  });
});
