/**
 * What a channel's connector receives when the bot replies: the path, the headers, the body, and how a
 * refusal or an outage is taken. The bot posts its replies itself (server/replyPoster.ts) instead of through
 * the connector client's HTTP pipeline, so this holds it to the protocol the client spoke.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { ChannelReplyError, postReply } from '../../server/replyPoster';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A connector stand-in: answers each POST with the next of `answers` (status, body), and records it. */
async function connector(answers: [number, string][]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: JSON.parse(body) });
      const [status, answer] = answers.shift() ?? [200, '{"id":"reply-1"}'];
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(status === 429 ? { 'retry-after': '0' } : {}),
      });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/emea/`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A connector stand-in answering with `answers`, and a client of the bot's pointed at it, for `test`. */
async function withChannel(
  answers: [number, string][],
  credentials: MicrosoftAppCredentials,
  test: (client: ConnectorClient, channel: Awaited<ReturnType<typeof connector>>) => Promise<void>,
): Promise<void> {
  const channel = await connector(answers);
  try {
    await test(new ConnectorClient(credentials, { baseUri: channel.url }), channel);
  } finally {
    await channel.close();
  }
}

/** Credentials of a bot with an app id, whose token comes from this test instead of Entra ID. */
class FixedTokenCredentials extends MicrosoftAppCredentials {
  constructor() {
    super('7b1c64a0-2c6f-4d3e-9a57-0f1e2d3c4b5a', 'not-a-secret');
  }
  override async getToken(): Promise<string> {
    return 'token-for-the-channel';
  }
}

const reply: Partial<Activity> = {
  type: 'message',
  text: 'Welche Zahlungsmethode möchten Sie künftig nutzen?',
  locale: 'de-DE',
  conversation: { id: 'a:1Xq;messageid=17' } as Activity['conversation'],
  replyToId: '1700000000000',
  from: { id: 'bot', name: 'Bot' },
  recipient: { id: 'user-1', name: 'Kundin' },
  timestamp: new Date('2026-12-02T10:00:00Z'),
};

describe('replies as the channel receives them', function () {
  this.timeout(20_000);

  it('posts a reply to /v3/conversations/{id}/activities/{replyToId}, ids encoded, with the bot token', async () => {
    await withChannel(
      [[201, '{"id":"channel-id-7"}']],
      new FixedTokenCredentials(),
      async (client, channel) => {
        const response = await postReply(client, { ...reply }, 5000);
        assert.deepEqual(response, { id: 'channel-id-7' });
        const [got] = channel.received;
        assert.equal(got.method, 'POST');
        assert.equal(got.url, '/emea/v3/conversations/a%3A1Xq%3Bmessageid%3D17/activities/1700000000000');
        assert.equal(got.headers.authorization, 'Bearer token-for-the-channel');
        assert.equal(got.headers['x-ms-conversation-id'], 'a:1Xq;messageid=17');
        assert.match(String(got.headers['content-type']), /^application\/json/);
        assert.match(String(got.headers['user-agent']), /Microsoft-BotFramework\/3\.1/);
        assert.equal(got.body.text, reply.text);
        assert.equal(got.body.timestamp, '2026-12-02T10:00:00.000Z');
      },
    );
  });

  it('posts a message without replyToId to the conversation, with no token when the bot has no app id', async () => {
    await withChannel([], MicrosoftAppCredentials.Empty, async (client, channel) => {
      await postReply(client, { ...reply, replyToId: undefined }, 5000);
      const [got] = channel.received;
      assert.equal(got.url, '/emea/v3/conversations/a%3A1Xq%3Bmessageid%3D17/activities');
      assert.equal(got.headers.authorization, undefined);
    });
  });

  it('sends only the fields of an Activity on the wire, not what the bot keeps beside them', async () => {
    await withChannel([], MicrosoftAppCredentials.Empty, async (client, channel) => {
      await postReply(client, { ...reply, internalNote: 'not for the channel' } as never, 5000);
      const [got] = channel.received;
      assert.equal(got.body.internalNote, undefined);
      assert.deepEqual(Object.keys(got.body).sort(), [
        'conversation',
        'from',
        'locale',
        'recipient',
        'replyToId',
        'text',
        'timestamp',
        'type',
      ]);
    });
  });

  it('tries again after a 503 and a 429, as the connector client did, and then delivers once', async () => {
    await withChannel(
      [
        [503, '{"error":{"code":"ServiceUnavailable"}}'],
        [429, '{"error":{"code":"Throttled"}}'],
        [200, '{"id":"third-time"}'],
      ],
      MicrosoftAppCredentials.Empty,
      async (client, channel) => {
        const response = await postReply(client, { ...reply }, 5000);
        assert.deepEqual(response, { id: 'third-time' });
        assert.equal(channel.received.length, 3);
      },
    );
  });

  it('fails at once, with the status, when the channel refuses the reply (403)', async () => {
    await withChannel(
      [[403, '{"error":{"code":"BotNotInConversationRoster"}}']],
      MicrosoftAppCredentials.Empty,
      async (client, channel) => {
        await assert.rejects(
          postReply(client, { ...reply }, 5000),
          (error: unknown) =>
            error instanceof ChannelReplyError &&
            error.statusCode === 403 &&
            error.message.includes('BotNotInConversationRoster'),
        );
        assert.equal(channel.received.length, 1);
      },
    );
  });

  it('gives up on a channel that does not answer within the time, as a network error', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const client = new ConnectorClient(MicrosoftAppCredentials.Empty, {
        baseUri: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      });
      const started = Date.now();
      await assert.rejects(
        postReply(client, { ...reply }, 300, { retries: 0 }),
        (error: unknown) => error instanceof ChannelReplyError && error.statusCode === 0,
      );
      assert.ok(Date.now() - started < 3000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
