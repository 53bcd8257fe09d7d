/**
 * One contract for every storage engine the bot runs on: botbuilder's MemoryStorage semantics as the
 * reference, the embedded SQLite file, and Azure Blob Storage (on Azurite). The figures at the end (operations
 * and conflicts exercised) are printed for the closing note of issue 13.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { TestAdapter, TurnContext, type Activity, type StoreItems } from 'botbuilder';
import { createStorageEngine } from '../../storage/createStorage';
import { conversationStateOn, userStateOn } from '../../storage/readEtagState';
import { isEtagConflict, StorageUnavailableError } from '../../storage/storageErrors';
import type { StorageEngine } from '../../storage/storageEngine';
import { azuriteConnectionString, uniqueContainers } from '../helpers/azurite';
import { freePort, removeTempDirs, tempDir } from '../helpers/botProcess';

const TIMEOUT_MS = 1500;
const counts = { operations: 0, conflicts: 0 };

interface EngineUnderTest {
  name: string;
  /** A new engine on a new, empty store. */
  fresh(): Promise<StorageEngine>;
  /** A second engine on the same store as `fresh`'s last one (another process, another instance). */
  second?(): Promise<StorageEngine>;
  /** An engine whose store does not answer. */
  unreachable?(): Promise<StorageEngine>;
}

const engines: EngineUnderTest[] = [];
{
  engines.push({ name: 'memory', fresh: async () => createStorageEngine({ kind: 'memory' }) });

  let file = '';
  engines.push({
    name: 'sqlite',
    fresh: async () => {
      file = path.join(tempDir('contract-'), 'state.sqlite');
      return createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: TIMEOUT_MS });
    },
    second: async () => createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: TIMEOUT_MS }),
    // A file another connection holds exclusively: every write waits for the busy timeout, then fails.
    unreachable: async () => {
      const locked = path.join(tempDir('contract-locked-'), 'state.sqlite');
      const engine = createStorageEngine({ kind: 'sqlite', path: locked, timeoutMs: TIMEOUT_MS });
      const { default: Database } = await import('better-sqlite3');
      const holder = new Database(locked);
      holder.exec('BEGIN EXCLUSIVE');
      return { ...engine, close: async () => (holder.close(), engine.close()) };
    },
  });

  let containers = uniqueContainers();
  engines.push({
    name: 'blob (Azurite)',
    fresh: async () => {
      containers = uniqueContainers();
      const connectionString = await azuriteConnectionString();
      return createStorageEngine({ kind: 'blob', connectionString, ...containers, timeoutMs: TIMEOUT_MS });
    },
    second: async () =>
      createStorageEngine({
        kind: 'blob',
        connectionString: await azuriteConnectionString(),
        ...containers,
        timeoutMs: TIMEOUT_MS,
      }),
    // A port nobody listens on.
    unreachable: async () => {
      const port = await freePort();
      const connectionString = (await azuriteConnectionString()).replace(
        /127\.0\.0\.1:\d+/,
        `127.0.0.1:${port}`,
      );
      return createStorageEngine({
        kind: 'blob',
        connectionString,
        ...uniqueContainers(),
        timeoutMs: TIMEOUT_MS,
      });
    },
  });
}

/** Ids as the channels send them: Teams (colons, @, semicolons, =), Direct Line (| and -_), umlauts, spaces. */
const CHANNEL_KEYS = [
  'msteams/conversations/19:meeting_NjA5ZmI3@thread.v2;messageid=1701234567890/',
  'msteams/conversations/a:1Xk9-Qv_3zR8mPbYq2L0UtEw7HcFdNsAo4GjKiBl5yVeZrM6n/',
  'msteams/users/29:1AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789_AbCdEfGhIjKlMnOp/',
  'webchat/conversations/7Jq2X1Kbn0bF9x3LZy2Qa|0000042/',
  'directline/conversations/Ab3-_xYz0123456789abcd/',
  'emulator/users/5e2a6a2e-4c1b-4f6e-9a0c-0b8a3c2d1e4f/',
  'webchat/users/dl_Zm9vYmFy+/=%20?#&/',
  'test/conversations/Müller Straße 5 – 東京/',
];

async function write(engine: StorageEngine, changes: StoreItems): Promise<void> {
  counts.operations += 1;
  await engine.storage.write(changes);
}

async function read(engine: StorageEngine, keys: string[]): Promise<StoreItems> {
  counts.operations += 1;
  return engine.storage.read(keys);
}

function turn(conversationId: string, userId = 'user-1'): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'webchat',
    conversation: { id: conversationId } as Activity['conversation'],
    from: { id: userId, name: 'Kundin' },
    recipient: { id: 'bot', name: 'bot' },
    text: 'hallo',
  });
}

function transcriptActivity(conversationId: string, id: string, at: Date): Activity {
  return {
    type: 'message',
    id,
    channelId: 'webchat',
    conversation: { id: conversationId } as Activity['conversation'],
    from: { id: 'user-1', name: 'Kundin' },
    recipient: { id: 'bot', name: 'bot' },
    text: `Nachricht ${id}`,
    timestamp: at,
  } as Activity;
}

for (const under of engines) {
  describe(`storage contract: ${under.name}`, function () {
    this.timeout(60_000);
    let engine: StorageEngine;
    const opened: StorageEngine[] = [];
    beforeEach(async () => {
      engine = await under.fresh();
      opened.push(engine);
    });
    afterEach(async () => {
      for (const e of opened.splice(0)) await e.close();
    });
    after(() => removeTempDirs());

    it('reads what was written, nothing for unknown keys, and nothing after a delete', async () => {
      await write(engine, { 'a/1': { name: 'Jörg', n: 1, nested: { list: [1, 'zwei'] } }, 'a/2': { n: 2 } });
      const items = await read(engine, ['a/1', 'a/2', 'a/unknown']);
      assert.deepEqual(Object.keys(items).sort(), ['a/1', 'a/2']);
      assert.equal(items['a/1'].name, 'Jörg');
      assert.deepEqual(items['a/1'].nested, { list: [1, 'zwei'] });
      assert.ok(
        typeof items['a/1'].eTag === 'string' && items['a/1'].eTag.length > 0,
        'a read item has an eTag',
      );
      counts.operations += 1;
      await engine.storage.delete(['a/1', 'a/never-written']);
      assert.deepEqual(Object.keys(await read(engine, ['a/1', 'a/2'])), ['a/2']);
    });

    it('writes with the read eTag; a stale eTag is a conflict and changes nothing; "*" always writes', async () => {
      await write(engine, { k: { v: 'first' } });
      const firstRead = (await read(engine, ['k'])).k;
      await write(engine, { k: { ...firstRead, v: 'second' } });
      await assert.rejects(write(engine, { k: { ...firstRead, v: 'stale' } }), (error: unknown) =>
        isEtagConflict(error),
      );
      counts.conflicts += 1;
      assert.equal((await read(engine, ['k'])).k.v, 'second');
      await write(engine, { k: { v: 'forced', eTag: '*' } });
      assert.equal((await read(engine, ['k'])).k.v, 'forced');
    });

    it('concurrent writers on one item, each retrying its read-modify-write on a conflict, lose no update', async () => {
      const writers = [engine, under.second ? await under.second() : engine];
      if (writers[1] !== engine) opened.push(writers[1]);
      await write(engine, { counter: { n: 0 } });
      const increment = async (on: StorageEngine) => {
        for (;;) {
          const item = (await read(on, ['counter'])).counter;
          try {
            await write(on, { counter: { ...item, n: (item.n as number) + 1 } });
            return;
          } catch (error) {
            if (!isEtagConflict(error)) throw error;
            counts.conflicts += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, (_, i) => increment(writers[i % 2])));
      assert.equal((await read(engine, ['counter'])).counter.n, 12);
    });

    it('keeps an item of 1 MB (umlauts and CJK included) intact', async () => {
      const text = 'Zahlungsmethode ändern – 支払い方法 – '.repeat(20_000).slice(0, 500_000);
      const big = { text, more: 'x'.repeat(1_000_000 - Buffer.byteLength(text)) };
      await write(engine, { big });
      const back = (await read(engine, ['big'])).big;
      assert.equal(back.text, text);
      assert.equal(back.more.length, big.more.length);
    });

    it('keys with the characters Teams and Direct Line ids carry are kept apart and read back', async () => {
      const changes: StoreItems = {};
      CHANNEL_KEYS.forEach((key, i) => (changes[key] = { i }));
      await write(engine, changes);
      const items = await read(engine, CHANNEL_KEYS);
      for (const [i, key] of CHANNEL_KEYS.entries()) assert.equal(items[key]?.i, i, key);
      counts.operations += 1;
      await engine.storage.delete(CHANNEL_KEYS.slice(0, 4));
      assert.deepEqual(Object.keys(await read(engine, CHANNEL_KEYS)).sort(), CHANNEL_KEYS.slice(4).sort());
    });

    it('conversation state: two instances answering at once both keep their change (read eTag, re-applied)', async () => {
      const other = under.second ? await under.second() : engine;
      if (other !== engine) opened.push(other);
      const [first, second] = [conversationStateOn(engine.storage), conversationStateOn(other.storage)];
      const a = turn('conv-1');
      await first.createProperty('caseRecord').set(a, { country: 'AT' });
      await first.saveChanges(a);
      // Both read the same version, then each changes another property.
      const [c, d] = [turn('conv-1'), turn('conv-1')];
      await first.createProperty('caseRecord').get(c);
      await second.createProperty('caseRecord').get(d);
      await first.createProperty('router').set(c, { greeted: true });
      await second.createProperty('handoff').set(d, { state: 'none' });
      await first.saveChanges(c);
      await second.saveChanges(d); // conflicts, re-reads, re-applies its one change
      counts.conflicts += 1;
      counts.operations += 6;
      const stored = (await read(engine, ['webchat/conversations/conv-1/']))['webchat/conversations/conv-1/'];
      assert.deepEqual(stored.caseRecord, { country: 'AT' });
      assert.deepEqual(stored.router, { greeted: true });
      assert.deepEqual(stored.handoff, { state: 'none' });
    });

    it("user state is kept under botbuilder's key and survives a new state object", async () => {
      const users = userStateOn(engine.storage);
      const t = turn('conv-2', 'user-ö');
      await users.createProperty('profile').set(t, { language: 'de' });
      await users.saveChanges(t);
      assert.deepEqual(
        await userStateOn(engine.storage).createProperty('profile').get(turn('conv-9', 'user-ö')),
        {
          language: 'de',
        },
      );
      counts.operations += 2;
    });

    it('a conversation lease is held by one instance at a time and can be taken after release', async () => {
      const other = under.second ? await under.second() : engine;
      if (other !== engine) opened.push(other);
      const lease = await engine.leases.tryAcquire('turn/webchat/conv-1');
      assert.ok(lease, 'the first instance gets the lease');
      assert.equal(await other.leases.tryAcquire('turn/webchat/conv-1'), undefined, 'the second must wait');
      assert.ok(await other.leases.tryAcquire('turn/webchat/conv-2'), 'another conversation is free');
      await lease.release();
      // The SQLite engine writes releases together, a moment later: the second instance tries again, as a turn does.
      let next: Awaited<ReturnType<typeof other.leases.tryAcquire>>;
      for (const started = Date.now(); !next && Date.now() - started < 2000;) {
        next = await other.leases.tryAcquire('turn/webchat/conv-1');
        if (!next) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(next, 'after release the second instance gets it');
      await next.release();
      counts.operations += 5;
    });

    it('a released lease is taken again at once by the instance that released it', async () => {
      const lease = await engine.leases.tryAcquire('turn/webchat/conv-again');
      assert.ok(lease);
      await lease.release();
      const again = await engine.leases.tryAcquire('turn/webchat/conv-again');
      assert.ok(again, 'the next turn of the conversation in this instance does not wait');
      await again.release();
      counts.operations += 4;
    });

    it('transcripts: one conversation read and deleted exactly (not one whose id starts the same)', async () => {
      const now = new Date();
      for (const [conversation, n] of [
        ['abc', 3],
        ['abcd', 2],
      ] as const) {
        for (let i = 0; i < n; i++) {
          await engine.transcripts.logActivity(
            transcriptActivity(conversation, `${conversation}-${i}`, new Date(now.getTime() + i)),
          );
          counts.operations += 1;
        }
      }
      const abc = await engine.transcripts.getTranscriptActivities('webchat', 'abc');
      assert.deepEqual(abc.items.map((a) => a.id).sort(), ['abc-0', 'abc-1', 'abc-2']);
      const listed = await engine.transcripts.listTranscripts('webchat');
      assert.deepEqual(listed.items.map((t) => t.id).sort(), ['abc', 'abcd']);
      await engine.transcripts.deleteTranscript('webchat', 'abc');
      assert.equal((await engine.transcripts.getTranscriptActivities('webchat', 'abc')).items.length, 0);
      assert.equal((await engine.transcripts.getTranscriptActivities('webchat', 'abcd')).items.length, 2);
      counts.operations += 5;
    });

    it('retention: transcripts and state items past the cutoff are found and removed, newer ones kept', async () => {
      await engine.transcripts.logActivity(transcriptActivity('old-or-new', 'm-1', new Date()));
      await write(engine, { 'webchat/conversations/x/': { dialogState: {} } });
      const past = Date.now() - 60_000;
      assert.equal(await engine.transcripts.deleteOlderThan(new Date(past)), 0);
      assert.deepEqual(await engine.listStale(past), []);
      const future = Date.now() + 60_000;
      // Blob names drop a trailing '/': the key listed is the engine's spelling, and deletes the same item.
      const stale = await engine.listStale(future);
      assert.equal(stale.length, 1);
      assert.match(stale[0], /^webchat\/conversations\/x\/?$/);
      await engine.storage.delete(stale);
      assert.deepEqual(await read(engine, ['webchat/conversations/x/']), {});
      assert.equal(await engine.transcripts.deleteOlderThan(new Date(future)), 1);
      assert.equal(
        (await engine.transcripts.getTranscriptActivities('webchat', 'old-or-new')).items.length,
        0,
      );
      counts.operations += 5;
    });

    if (under.unreachable) {
      it('an unreachable engine fails within the configured timeout with StorageUnavailableError', async () => {
        const down = await under.unreachable!();
        opened.push(down);
        for (const operation of [
          () => down.storage.write({ k: { v: 1 } }),
          () => down.leases.tryAcquire('turn/webchat/x'),
        ]) {
          const started = Date.now();
          await assert.rejects(operation(), StorageUnavailableError);
          const took = Date.now() - started;
          assert.ok(took < TIMEOUT_MS + 1000, `failed after ${took} ms, configured ${TIMEOUT_MS} ms`);
          counts.operations += 1;
        }
      });
    }
  });
}

after(() => {
  console.log(
    `      storage contract: ${counts.operations} operations, ${counts.conflicts} eTag conflicts exercised`,
  );
});
