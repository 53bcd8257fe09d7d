/**
 * TRANSCRIPT_RETENTION_DAYS and STATE_RETENTION_DAYS on every engine: the sweep keeps a conversation while it
 * is within the period and removes its transcript, its state and its ended desk case once it is past.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { RetentionSweeper } from '../../privacy/retentionSweeper';
import { createStorageEngine } from '../../storage/createStorage';
import type { StorageEngine } from '../../storage/storageEngine';
import { log } from '../../logging/logger';
import { azuriteConnectionString, uniqueContainers } from '../helpers/azurite';
import { removeTempDirs, tempDir } from '../helpers/botProcess';
import { Conversation } from '../helpers/conversation';
import { createTestBot } from '../helpers/testBot';

const DAY = 24 * 3600_000;
const engines: [string, () => Promise<StorageEngine>][] = [
  ['memory', async () => createStorageEngine({ kind: 'memory' })],
  [
    'sqlite',
    async () =>
      createStorageEngine({
        kind: 'sqlite',
        path: path.join(tempDir('retention-'), 's.sqlite'),
        timeoutMs: 5000,
      }),
  ],
  [
    'blob (Azurite)',
    async () =>
      createStorageEngine({
        kind: 'blob',
        connectionString: await azuriteConnectionString(),
        ...uniqueContainers(),
        timeoutMs: 5000,
      }),
  ],
];

for (const [name, make] of engines) {
  describe(`retention sweep: ${name}`, function () {
    this.timeout(60_000);
    after(() => removeTempDirs());

    it('keeps a conversation within the period and removes transcript, state and desk case after it', async () => {
      const engine = await make();
      const bot = await createTestBot({ HANDOFF_GATEWAY: 'desk' }, { engine });
      const c = new Conversation(bot, 'de-DE');
      await c.says('blubb fasel quatsch');
      await c.says('Zahlungsmethode ändern');
      await c.says('Ich möchte mit einem Mitarbeiter sprechen');
      await bot.app.insights.flush();
      const policy = {
        transcriptDays: 30,
        stateDays: 30,
        sweepMinutes: 60,
        insightDays: 60,
        missedLineDays: 30,
      };
      const key = `test/conversations/${c.id}/`;
      const stateOf = async () => Object.keys(await engine.storage.read([key])).length;
      const transcriptOf = async () =>
        (await engine.transcripts.getTranscriptActivities('test', c.id)).items.length;
      const casesOf = async () => (await bot.app.desk!.snapshot(['de', 'en'])).recent.length;
      assert.equal(await stateOf(), 1);
      assert.ok((await transcriptOf()) > 0);
      assert.equal(await casesOf(), 1);

      const in29Days = new RetentionSweeper(engine, policy, log, bot.app.desk, () => Date.now() + 29 * DAY);
      assert.deepEqual(await in29Days.sweepOnce(), {
        transcripts: 0,
        stateItems: 0,
        deskCases: 0,
        insightItems: 0,
      });
      assert.equal((await bot.app.insights.reviewGroups()).length, 1);
      assert.equal(await stateOf(), 1);

      const in31Days = new RetentionSweeper(engine, policy, log, bot.app.desk, () => Date.now() + 31 * DAY);
      const swept = await in31Days.sweepOnce();
      assert.equal(swept.transcripts, 1);
      assert.equal(swept.deskCases, 1);
      assert.ok(swept.stateItems >= 2, `conversation and user state: ${swept.stateItems}`);
      assert.equal(await stateOf(), 0);
      assert.equal(await transcriptOf(), 0);
      assert.equal(await casesOf(), 0);
      // The missed line (free text) is gone after MISSED_LINES_RETENTION_DAYS; the events stay for INSIGHTS_RETENTION_DAYS.
      assert.ok(swept.insightItems >= 2, `missed-line item and its index: ${swept.insightItems}`);
      assert.deepEqual(await bot.app.insights.reviewGroups(), []);
      assert.ok((await bot.app.insights.rawEvents(1)).some((e) => e.kind === 'escalated'));
      await bot.app.close();
      await engine.close();
    });
  });
}
