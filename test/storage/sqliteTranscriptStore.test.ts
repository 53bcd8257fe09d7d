import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestAdapter, TranscriptLoggerMiddleware, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { SqliteStorage } from '../../storage/sqliteStorage';
import { SqliteTranscriptStore } from '../../storage/sqliteTranscriptStore';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

function activity(
  id: string,
  timestamp: Date | string | undefined,
  conversationId = 'conv-1',
  channelId = 'test',
): Partial<Activity> {
  return {
    type: 'message',
    id,
    channelId,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text: `text ${id}`,
    timestamp: timestamp as Date,
  };
}

describe('SqliteTranscriptStore', () => {
  let dir: string;
  let file: string;
  const open: { close(): void }[] = [];
  const storeAt = (
    options?: ConstructorParameters<typeof SqliteTranscriptStore>[1],
  ): SqliteTranscriptStore => {
    const s = new SqliteTranscriptStore(file, options);
    open.push(s);
    return s;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-transcript-'));
    file = path.join(dir, 'bot.db');
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns logged activities ordered by timestamp, then insertion, with Date timestamps', async () => {
    const store = storeAt();
    await store.logActivity(activity('late', new Date(T0 + 2000)));
    await store.logActivity(activity('early', new Date(T0)));
    await store.logActivity(activity('tie-1', new Date(T0 + 1000).toISOString())); // a string, as from JSON
    await store.logActivity(activity('tie-2', new Date(T0 + 1000)));

    const page = await store.getTranscriptActivities('test', 'conv-1');
    assert.deepEqual(
      page.items.map((a) => a.id),
      ['early', 'tie-1', 'tie-2', 'late'],
    );
    for (const a of page.items) assert.ok(a.timestamp instanceof Date, `${a.id} timestamp is a Date`);
    assert.deepEqual(
      page.items.map((a) => a.timestamp?.getTime()),
      [T0, T0 + 1000, T0 + 1000, T0 + 2000],
    );
    assert.equal(page.items[0].text, 'text early');
    assert.deepEqual(page.items[0].from, { id: 'user-1', name: 'User' });
    assert.equal(page.continuationToken, '');
  });

  it('keeps exactly 3 logged activities in order', async () => {
    const store = storeAt();
    const logged = [
      activity('a1', new Date(T0)),
      activity('a2', new Date(T0 + 1)),
      activity('a3', new Date(T0 + 2)),
    ];
    for (const a of logged) await store.logActivity(a);

    const page = await store.getTranscriptActivities('test', 'conv-1');
    assert.equal(page.items.length, 3);
    assert.deepEqual(
      page.items.map((a) => [a.id, a.text, a.timestamp?.toISOString()]),
      [
        ['a1', 'text a1', '2025-03-01T10:00:00.000Z'],
        ['a2', 'text a2', '2025-03-01T10:00:00.001Z'],
        ['a3', 'text a3', '2025-03-01T10:00:00.002Z'],
      ],
    );
  });

  it('gives an activity without timestamp the time it was logged, leaving the caller’s object alone', async () => {
    const store = storeAt();
    const before = Date.now();
    const input = activity('no-ts', undefined);
    await store.logActivity(input);
    assert.equal(input.timestamp, undefined);
    const [item] = (await store.getTranscriptActivities('test', 'conv-1')).items;
    assert.ok(item.timestamp instanceof Date);
    assert.ok(item.timestamp.getTime() >= before && item.timestamp.getTime() <= Date.now());
  });

  it('keeps only the newest maxPerConversation activities per conversation', async () => {
    const store = storeAt({ maxPerConversation: 5, pageSize: 100 });
    for (let i = 0; i < 8; i++) await store.logActivity(activity(`m${i}`, new Date(T0 + i * 1000)));
    await store.logActivity(activity('other', new Date(T0), 'conv-2'));

    const page = await store.getTranscriptActivities('test', 'conv-1');
    assert.deepEqual(
      page.items.map((a) => a.id),
      ['m3', 'm4', 'm5', 'm6', 'm7'],
    );
    assert.equal((await store.getTranscriptActivities('test', 'conv-2')).items.length, 1);
    // "created" stays the first activity's time after pruning.
    const listed = (await store.listTranscripts('test')).items.find((t) => t.id === 'conv-1');
    assert.equal(listed?.created.getTime(), T0);
  });

  it('defaults to 500 activities per conversation', async () => {
    const store = storeAt({ pageSize: 1000, batchMs: 0 });
    for (let i = 0; i < 503; i++) await store.logActivity(activity(`m${i}`, new Date(T0 + i)));
    const items = (await store.getTranscriptActivities('test', 'conv-1')).items;
    assert.equal(items.length, 500);
    assert.equal(items[0].id, 'm3');
  });

  it('pages activities with a continuation token and honours startDate', async () => {
    const store = storeAt({ pageSize: 2 });
    for (let i = 0; i < 5; i++) await store.logActivity(activity(`p${i}`, new Date(T0 + i * 1000)));

    const ids: string[][] = [];
    let token: string | undefined;
    do {
      const page = await store.getTranscriptActivities('test', 'conv-1', token);
      ids.push(page.items.map((a) => a.id ?? ''));
      token = page.continuationToken;
    } while (token);
    assert.deepEqual(ids, [['p0', 'p1'], ['p2', 'p3'], ['p4']]);

    const since = await store.getTranscriptActivities('test', 'conv-1', undefined, new Date(T0 + 3000));
    assert.deepEqual(
      since.items.map((a) => a.id),
      ['p3', 'p4'],
    );
    assert.equal(since.continuationToken, '');
    await assert.rejects(store.getTranscriptActivities('test', 'conv-1', 'garbage'), /continuationToken/);
  });

  it('lists the transcripts of one channel, oldest first, with paging', async () => {
    const store = storeAt({ pageSize: 2 });
    await store.logActivity(activity('x', new Date(T0 + 5000), 'conv-b'));
    await store.logActivity(activity('y', new Date(T0), 'conv-a'));
    await store.logActivity(activity('z', new Date(T0 + 9000), 'conv-c'));
    await store.logActivity(activity('w', new Date(T0 + 1000), 'conv-a'));
    await store.logActivity(activity('o', new Date(T0), 'conv-x', 'otherchannel'));

    const first = await store.listTranscripts('test');
    assert.deepEqual(first.items, [
      { channelId: 'test', id: 'conv-a', created: new Date(T0) },
      { channelId: 'test', id: 'conv-b', created: new Date(T0 + 5000) },
    ]);
    assert.ok(first.continuationToken);
    const second = await store.listTranscripts('test', first.continuationToken);
    assert.deepEqual(
      second.items.map((t) => t.id),
      ['conv-c'],
    );
    assert.equal(second.continuationToken, '');
    assert.deepEqual(
      (await store.listTranscripts('otherchannel')).items.map((t) => t.id),
      ['conv-x'],
    );
    assert.deepEqual((await store.listTranscripts('nochannel')).items, []);
  });

  it('deletes one transcript and nothing else', async () => {
    const store = storeAt();
    await store.logActivity(activity('a', new Date(T0), 'conv-1'));
    await store.logActivity(activity('b', new Date(T0), 'conv-2'));
    await store.deleteTranscript('test', 'conv-1');

    assert.deepEqual((await store.getTranscriptActivities('test', 'conv-1')).items, []);
    assert.deepEqual(
      (await store.listTranscripts('test')).items.map((t) => t.id),
      ['conv-2'],
    );
    assert.equal((await store.getTranscriptActivities('test', 'conv-2')).items.length, 1);
  });

  it('rejects activities without channel or conversation and bad options', async () => {
    const store = storeAt();
    await assert.rejects(store.logActivity({ ...activity('a', new Date(T0)), channelId: '' }), /channelId/);
    await assert.rejects(
      store.logActivity({ ...activity('a', new Date(T0)), conversation: undefined }),
      /conversationId/,
    );
    assert.throws(() => storeAt({ maxPerConversation: 0 }), /maxPerConversation/);
  });

  it('survives reopening and shares a file with SqliteStorage', async () => {
    const state = new SqliteStorage(file);
    open.push(state);
    const first = new SqliteTranscriptStore(file);
    await first.logActivity(activity('kept', new Date(T0)));
    await state.write({ k: { v: 1 } });
    first.close();

    const second = storeAt();
    const items = (await second.getTranscriptActivities('test', 'conv-1')).items;
    assert.deepEqual(
      items.map((a) => a.id),
      ['kept'],
    );
    assert.equal(((await state.read(['k'])).k as { v: number }).v, 1);
  });

  it('records a turn through TranscriptLoggerMiddleware', async () => {
    const store = storeAt();
    const adapter = new TestAdapter(async (ctx: TurnContext) => {
      await ctx.sendActivity(`echo: ${ctx.activity.text}`);
    });
    adapter.use(new TranscriptLoggerMiddleware(store));
    await adapter.send('hallo').assertReply('echo: hallo');

    const conversationId = adapter.conversation.conversation.id;
    const items = (await store.getTranscriptActivities(adapter.conversation.channelId, conversationId)).items;
    assert.deepEqual(
      items.map((a) => [a.from.id, a.text]),
      [
        ['user1', 'hallo'],
        ['bot', 'echo: hallo'],
      ],
    );
    for (const a of items) assert.ok(a.timestamp instanceof Date);
  });
});
