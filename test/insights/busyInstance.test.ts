/**
 * A busy instance records more steps in two seconds than its buffer holds (10,000): the events are written as
 * they come (every 500), so the dashboard counts every conversation and nothing is dropped.
 */
import assert from 'node:assert/strict';
import { Insights } from '../../insights/insights';
import { createStorageEngine } from '../../storage/createStorage';

describe('insights: a busy instance', () => {
  it('counts all 12,000 conversations started within a second', async () => {
    const engine = createStorageEngine({ kind: 'memory' });
    const insights = await Insights.open(engine.storage, { idleMinutes: 30, missedLineDays: 30 });
    const started = Date.now();
    for (let i = 0; i < 12_000; i++) {
      insights.recorder.recordFor(`busy-${i}`, 'webchat', { kind: 'started', language: 'de' });
      // Turns end between steps: the writes started at 500 buffered get their moment.
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(Date.now() - started < 2000, 'recorded within the 2 s a timed flush would wait');
    const report = await insights.report({ days: 1 });
    assert.equal(report.conversations, 12_000);
    await engine.close();
  });
});
