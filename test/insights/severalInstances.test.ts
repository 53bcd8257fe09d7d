import assert from 'node:assert/strict';
import path from 'node:path';
import { Insights } from '../../insights/insights';
import { createStorageEngine } from '../../storage/createStorage';
import { removeTempDirs, tempDir } from '../helpers/botProcess';

const SETTINGS = { idleMinutes: 30, missedLineDays: 30 };

describe('insights: several instances on one SQLite file', () => {
  after(() => removeTempDirs());

  it('one conversation whose turns two instances answered counts once, with every step', async () => {
    const file = path.join(tempDir('insights-'), 's.sqlite');
    const a = createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: 5000 });
    const b = createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: 5000 });
    const first = await Insights.open(a.storage, SETTINGS);
    const second = await Insights.open(b.storage, SETTINGS);
    const step = { language: 'de' as const, accountKind: 'online' as const };
    first.recorder.recordFor('conv-1', 'webchat', { ...step, kind: 'started' });
    second.recorder.recordFor('conv-1', 'webchat', { ...step, kind: 'asked', step: 'vatId' });
    first.recorder.recordFor('conv-1', 'webchat', { ...step, kind: 'answered', step: 'vatId' });
    second.recorder.recordFor('conv-1', 'webchat', { ...step, kind: 'outcome', worked: true });
    await Promise.all([first.flush(), second.flush()]);
    // A second flush of the same hour by each: new items, listed in the shared index.
    first.recorder.recordFor('conv-2', 'msteams', { ...step, kind: 'started' });
    second.recorder.recordFor('conv-3', 'msteams', { ...step, kind: 'started' });
    await Promise.all([first.flush(), second.flush()]);

    for (const reader of [first, second]) {
      const report = await reader.report({ days: 1 });
      assert.equal(report.conversations, 3);
      assert.equal(report.outcomes.selfServed, 1);
      assert.equal(report.funnel.find((f) => f.step === 'vatId')?.reached, 1);
      const teams = await reader.report({ days: 1, channel: 'msteams' });
      assert.equal(teams.conversations, 2);
    }
    await a.close();
    await b.close();
  });
});
