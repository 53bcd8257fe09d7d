import assert from 'node:assert/strict';
import path from 'node:path';
import { createStorageEngine } from '../../storage/createStorage';
import { startAzurite, uniqueContainers, type Azurite } from '../helpers/azurite';
import { freePort, removeTempDirs, tempDir } from '../helpers/botProcess';
import { Conversation } from '../helpers/conversation';
import { ASKS } from '../helpers/scripts';
import { createTestBot } from '../helpers/testBot';

const TIMEOUT_MS = 1000;
const APOLOGY = {
  de: 'ich komme gerade nicht an meinen Speicher',
  en: "I can't reach my storage right now",
};

/** The customer's wait is bounded by STORAGE_TIMEOUT_SECONDS, and the answer says what happened. */
describe('conversation: the storage engine stops answering', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  before(async () => {
    azurite = await startAzurite(await freePort());
  });
  after(async () => {
    await azurite.stop();
    removeTempDirs();
  });

  it('de (Blob): an apology in German within the timeout, and after the outage the form goes on where it was', async () => {
    const engine = createStorageEngine({
      kind: 'blob',
      connectionString: azurite.connectionString,
      ...uniqueContainers(),
      timeoutMs: TIMEOUT_MS,
    });
    const bot = await createTestBot({}, { engine });
    const c = new Conversation(bot, 'de-DE');
    (await c.says('Ich möchte meine Zahlungsmethode ändern')).says(ASKS.de.billingContact);

    await azurite.stop();
    const started = Date.now();
    const during = await c.says('ja, der bin ich');
    const took = Date.now() - started;
    during.says(APOLOGY.de).doesNotSay('schiefgelaufen', 'Error', 'ECONNREFUSED');
    assert.ok(took < TIMEOUT_MS * 2 + 1000, `the apology took ${took} ms (timeout ${TIMEOUT_MS} ms)`);

    await azurite.start();
    // Nothing was lost: the question before the outage is still the open one.
    (await c.says('ja, der bin ich'))
      .says(ASKS.de.accountKind)
      .doesNotSay(APOLOGY.de, ASKS.de.billingContact);
    await bot.app.close();
    await engine.close();
  });

  it('en (SQLite): a locked file gets an English apology within the timeout, not a hang', async () => {
    const file = path.join(tempDir('outage-'), 'state.sqlite');
    const engine = createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: TIMEOUT_MS });
    const bot = await createTestBot({}, { engine });
    const c = new Conversation(bot, 'en-US');
    (await c.says('I want to change my payment method')).says(ASKS.en.billingContact);

    const { default: Database } = await import('better-sqlite3');
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    const during = await c.says("yes that's me");
    const took = Date.now() - started;
    during.says(APOLOGY.en).doesNotSay('went wrong', 'SQLITE');
    assert.ok(took < TIMEOUT_MS * 3 + 1000, `the apology took ${took} ms (timeout ${TIMEOUT_MS} ms)`);
    holder.exec('ROLLBACK');
    holder.close();

    (await c.says("yes that's me")).says(ASKS.en.accountKind).doesNotSay(APOLOGY.en);
    await bot.app.close();
    await engine.close();
  });
});
