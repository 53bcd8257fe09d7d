/**
 * A busy instance records more steps in two seconds than its buffer holds (10,000): the events are written as
 * they come (every 500), so the dashboard counts every conversation and nothing is dropped.
 */
import assert from 'node:assert/strict';
import { Insights } from '../../insights/insights';
import type { Storage } from 'botbuilder';
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

describe('insights: what a dialog hands over', () => {
  it('stores a step with only the fields the dashboard knows, and nothing of one carrying anything else', async () => {
    const engine = createStorageEngine({ kind: 'memory' });
    const written: string[] = [];
    const storage: Storage = {
      read: (keys) => engine.storage.read(keys),
      delete: (keys) => engine.storage.delete(keys),
      write: (changes) => {
        written.push(JSON.stringify(changes));
        return engine.storage.write(changes);
      },
    };
    const insights = await Insights.open(storage, { idleMinutes: 30, missedLineDays: 30 });
    insights.recorder.recordFor('kept', 'webchat', { kind: 'started', language: 'de' });
    // A field added by mistake (the customer's text) must never reach the store: the whole event is dropped.
    const stray = { kind: 'started', language: 'en', text: 'DE 123 456 789' } as unknown as Parameters<
      typeof insights.recorder.recordFor
    >[2];
    insights.recorder.recordFor('dropped', 'webchat', stray);
    insights.recorder.recordFor('bad reason', 'webchat', {
      kind: 'started',
      language: 'de',
      reason: 'not a code!',
    });
    await insights.flush();
    assert.ok(
      written.some((w) => w.includes('"started"')),
      'the good step was stored',
    );
    assert.ok(!written.some((w) => w.includes('DE 123 456 789') || w.includes('not a code!')));
    assert.equal((await insights.report({ days: 1 })).conversations, 1);
    await engine.close();
  });
});
