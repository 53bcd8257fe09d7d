/**
 * "Meine Daten löschen" / "Delete my data" (GDPR Art. 17), on every engine: after the confirmation nothing
 * with the user's id, the conversation's id or their answers is left in state, transcripts or desk cases.
 * Before it, the same scan finds them, so the scan can fail.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import Database from 'better-sqlite3';
import { Translations } from '../../i18n/translator';
import { createStorageEngine } from '../../storage/createStorage';
import type { StorageEngine } from '../../storage/storageEngine';
import { azuriteConnectionString, uniqueContainers } from '../helpers/azurite';
import { removeTempDirs, tempDir } from '../helpers/botProcess';
import { Conversation } from '../helpers/conversation';
import { ASKS } from '../helpers/scripts';
import { createTestBot } from '../helpers/testBot';

const de = new Translations().for('de');
const en = new Translations().for('en');
const ANSWERS = ['ATU13585627', 'Muster GmbH', 'anna@muster.at'];

interface Engine {
  name: string;
  engine: StorageEngine;
  /** Everything the engine holds, as text: every table, or every blob's name and content. */
  dump(): Promise<string>;
}

async function sqliteEngine(): Promise<Engine> {
  const file = path.join(tempDir('erase-'), 'state.sqlite');
  const engine = createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: 5000 });
  return {
    name: 'sqlite',
    engine,
    dump: async () => {
      const db = new Database(file, { readonly: true });
      try {
        const tables = db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all();
        return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
      } finally {
        db.close();
      }
    },
  };
}

async function blobEngine(): Promise<Engine> {
  const connectionString = await azuriteConnectionString();
  const containers = uniqueContainers();
  const engine = createStorageEngine({ kind: 'blob', connectionString, ...containers, timeoutMs: 5000 });
  return {
    name: 'blob (Azurite)',
    engine,
    dump: async () => {
      const parts: string[] = [];
      for (const name of [containers.stateContainer, containers.transcriptsContainer]) {
        const container = new ContainerClient(connectionString, name);
        for await (const blob of container.listBlobsFlat()) {
          const body = await container.getBlobClient(blob.name).downloadToBuffer();
          parts.push(decodeURIComponent(blob.name), body.toString('utf8'));
        }
      }
      return parts.join('\n');
    },
  };
}

async function memoryEngine(): Promise<Engine> {
  const engine = createStorageEngine({ kind: 'memory' });
  return {
    name: 'memory',
    engine,
    dump: async () => {
      const memory = (engine.storage as unknown as { memory: Record<string, string> }).memory;
      const transcripts = await engine.transcripts.listTranscripts('test');
      const activities = await Promise.all(
        transcripts.items.map((t) => engine.transcripts.getTranscriptActivities('test', t.id)),
      );
      return [JSON.stringify(memory), JSON.stringify(activities)].join('\n');
    },
  };
}

for (const make of [sqliteEngine, blobEngine, memoryEngine]) {
  describe(`conversation: delete my data (${make.name.replace('Engine', '')})`, function () {
    this.timeout(60_000);
    after(() => removeTempDirs());

    it('de: after "Meine Daten löschen" and the confirmation, nothing of the customer is left anywhere', async () => {
      const { engine, dump } = await make();
      const bot = await createTestBot({ HANDOFF_GATEWAY: 'desk' }, { engine });
      const c = new Conversation(bot, 'de-DE');
      await c.says('Zahlungsmethode ändern');
      await c.says('ja');
      await c.says('Online-Konto');
      await c.says('Angaben prüfen');
      await c.says('Österreich');
      await c.says('ATU13585627');
      await c.says('Muster GmbH');
      (await c.says('anna@muster.at')).says(ASKS.de.method);
      // A request for a person: the desk keeps a case (no agents configured: kept as missed, for a call-back).
      await c.says('Ich möchte mit einem Mitarbeiter sprechen');
      const before = await dump();
      for (const value of [...ANSWERS, c.id])
        assert.ok(before.includes(value), `before: the store holds ${value}`);
      const cases = async () => {
        const snapshot = await bot.app.desk!.snapshot(['de', 'en']);
        return [...snapshot.waiting, ...snapshot.active, ...snapshot.recent];
      };
      assert.ok((await cases()).length > 0, 'a desk case exists');

      (await c.says('Können Sie bitte meine Daten löschen?'))
        .says(de.t('privacy.confirm').slice(0, 40))
        .offers(de.t('choices.eraseData.label'), de.t('choices.keepData.label'));
      (await c.says(de.t('choices.eraseData.label'))).says(de.t('privacy.done'));

      const after = await dump();
      for (const value of [...ANSWERS, c.id, `user-${c.id}`, 'Mitarbeiter'])
        assert.ok(
          !after.includes(value),
          `after deletion the store still holds "${value}":\n${after.slice(0, 2000)}`,
        );
      assert.deepEqual(await cases(), [], 'no desk case left');

      // Writing again starts from scratch: nothing is known.
      (await c.says('Zahlungsmethode ändern')).says(ASKS.de.billingContact);
      await bot.app.close();
      await engine.close();
    });

    it('en: "delete my data" at the VAT question, then "No, keep it": nothing goes and the question comes again', async () => {
      const { engine, dump } = await make();
      const bot = await createTestBot({}, { engine });
      const c = new Conversation(bot, 'en-US');
      await c.says('Change payment method');
      await c.says('yes');
      await c.says('Online account');
      await c.says('Check my details');
      (await c.says('Austria')).says('AT');
      (await c.says('please delete my data')).says(en.t('privacy.confirm').slice(0, 40));
      (await c.says(en.t('choices.keepData.label'))).says(en.t('privacy.kept')).says('AT');
      (await c.says('ATU13585627')).says(ASKS.en.company);
      assert.ok((await dump()).includes('ATU13585627'), 'the answers are still there');
      await bot.app.close();
      await engine.close();
    });
  });
}
