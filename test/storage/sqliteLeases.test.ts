/**
 * The SQLite engine's leases (storage/sqliteLeases.ts): releases are written together a moment later, so
 * another process gets a released conversation once that is done, and a clean stop writes them first.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteEngine } from '../../storage/sqliteEngine';

describe('SQLite leases between two processes on one file', () => {
  let file: string;

  beforeEach(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-leases-')), 'bot.sqlite');
  });

  it('a released lease reaches the other process within 50 ms, and a second turn here takes it at once', async () => {
    const here = createSqliteEngine(file, 5000);
    const there = createSqliteEngine(file, 5000);
    try {
      const first = await here.leases.tryAcquire('turn/webchat/a');
      assert.ok(first);
      await first.release();
      const second = await here.leases.tryAcquire('turn/webchat/a');
      assert.ok(second, 'the next turn here does not wait for the release to be written');
      assert.equal(await there.leases.tryAcquire('turn/webchat/a'), undefined, 'held again by this process');
      await second.release();
      await new Promise((resolve) => setTimeout(resolve, 80));
      const taken = await there.leases.tryAcquire('turn/webchat/a');
      assert.ok(taken, 'the other process takes it once the release is written');
      await taken.release();
    } finally {
      await here.close();
      await there.close();
    }
  });

  it('a clean stop writes the releases still waiting: another process takes them at once', async () => {
    const stopping = createSqliteEngine(file, 5000);
    const leases = await Promise.all(
      ['a', 'b', 'c'].map((c) => stopping.leases.tryAcquire(`turn/webchat/${c}`)),
    );
    for (const lease of leases) await lease!.release();
    await stopping.close();
    const next = createSqliteEngine(file, 5000);
    try {
      for (const c of ['a', 'b', 'c']) assert.ok(await next.leases.tryAcquire(`turn/webchat/${c}`), c);
    } finally {
      await next.close();
    }
  });
});
