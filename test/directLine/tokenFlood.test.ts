/**
 * One anonymous caller must not be able to shut the help-page chat off for everyone: tokens are limited
 * per client address, and conversations nobody has written in give way to new visitors after a grace
 * time, while customers' conversations are never evicted.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { Translations } from '../../i18n/translator';
import { ASKS } from '../helpers/scripts';
import { asConversation, botMessages, call, RawClient, startServer, type TestServer } from './helpers';

const GREETING = new Translations().for('de').t('flow.welcome.greeting');

/** A POST from a chosen loopback address (127.0.0.2, ...), as a second machine would send it. */
function postFrom(url: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', localAddress, headers: { 'Content-Length': 0 } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Starts a chat as the help page does and writes in it: a customer. */
async function customer(server: TestServer, forwardedFor?: string): Promise<RawClient> {
  const headers = forwardedFor ? { 'X-Forwarded-For': forwardedFor } : undefined;
  const token = await call(`${server.url}/api/directline/token`, { method: 'POST', headers });
  assert.equal(token.status, 200, token.text);
  const started = await call(`${server.domain}/conversations`, {
    token: asConversation(token.body).token,
    body: {},
  });
  assert.equal(started.status, 201, started.text);
  const client = new RawClient(server.domain, asConversation(started.body));
  await client.pollUntil((seen) => botMessages(seen).some((a) => a.text === GREETING));
  assert.equal((await client.say('Zahlungsmethode ändern')).status, 200);
  return client;
}

describe('built-in Direct Line: a flood of anonymous tokens', () => {
  it('one address gets 20 new conversations a minute on each route together, then 429 with Retry-After', async () => {
    const server = await startServer();
    try {
      const routes = [
        `${server.domain}/tokens/generate`,
        `${server.domain}/conversations`,
        `${server.url}/api/directline/token`,
      ];
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await call(routes[i % 3], { method: 'POST' })).status);
      assert.equal(statuses.filter((s) => s === 429).length, 10, JSON.stringify(statuses));
      assert.ok(statuses.slice(0, 20).every((s) => s === 200 || s === 201));
      const refused = await call(routes[0], { method: 'POST' });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);

      // Another machine is not affected.
      assert.equal(await postFrom(routes[0], '127.0.0.2'), 200);
      // A minute later the first one may start chats again.
      server.clock.advance(61_000);
      assert.equal((await call(routes[2], { method: 'POST' })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('without trusted proxies, a made-up X-Forwarded-For does not get a caller a new budget', async () => {
    const server = await startServer({
      settings: { newConversationsPerAddress: { limit: 3, windowMs: 60_000 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const headers = { 'X-Forwarded-For': `198.51.100.${i}` };
        statuses.push((await call(`${server.domain}/tokens/generate`, { method: 'POST', headers })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
    } finally {
      await server.close();
    }
  });

  it('behind a trusted proxy, each client counts by its own address, and an IPv6 /64 counts as one', async () => {
    const server = await startServer({
      settings: { trustedProxyHops: 1, newConversationsPerAddress: { limit: 2, windowMs: 60_000 } },
    });
    try {
      const from = async (address: string) =>
        (
          await call(`${server.domain}/tokens/generate`, {
            method: 'POST',
            headers: { 'X-Forwarded-For': address },
          })
        ).status;
      assert.deepEqual(
        [await from('203.0.113.7'), await from('203.0.113.7'), await from('203.0.113.7')],
        [200, 200, 429],
      );
      assert.equal(await from('203.0.113.8'), 200, 'another client behind the proxy');
      // Two addresses of one IPv6 network share a budget; the next network has its own.
      assert.equal(await from('2001:db8:1:2::1'), 200);
      assert.equal(await from('2001:db8:1:2:ffff::99'), 200);
      assert.equal(await from('2001:db8:1:2:abcd::5'), 429);
      assert.equal(await from('2001:db8:1:3::1'), 200);
    } finally {
      await server.close();
    }
  });

  it('a thousand tokens from many addresses never evict or block customers who are writing', async () => {
    const server = await startServer({
      settings: {
        trustedProxyHops: 1,
        maxPending: 200,
        maxConversations: 200,
        pendingGraceMs: 120_000,
      },
    });
    try {
      const before = await customer(server, '192.0.2.1');
      // The flood: 1,000 tokens from 100 addresses, each polled (a polled token must not keep its slot).
      const flood: { conversationId: string; token: string }[] = [];
      let refused = 0;
      for (let i = 0; i < 1000; i++) {
        const headers = { 'X-Forwarded-For': `10.0.${Math.floor(i / 10)}.${i % 10}` };
        const generated = await call(`${server.domain}/tokens/generate`, { method: 'POST', headers });
        if (generated.status === 429) refused += 1;
        else flood.push(asConversation(generated.body));
      }
      assert.equal(flood.length, 200, 'the room for chats nobody wrote in filled, the rest refused');
      assert.equal(refused, 800);
      for (const f of flood.slice(0, 20)) {
        await call(`${server.domain}/conversations/${f.conversationId}/activities`, { token: f.token });
      }

      // The customer who had written goes on as if nothing happened.
      assert.equal((await before.say('ja')).status, 200);
      await before.pollUntil((seen) => botMessages(seen).some((a) => a.text?.includes(ASKS.de.accountKind)));

      // Past the grace time, a new visitor gets a chat although the flood's tokens are still polled.
      server.clock.advance(121_000);
      for (const f of flood.slice(0, 20)) {
        await call(`${server.domain}/conversations/${f.conversationId}/activities`, { token: f.token });
      }
      const later = await customer(server, '192.0.2.2');
      assert.equal((await later.say('ja')).status, 200);
      // And the first customer still has theirs.
      assert.equal((await before.say('Online-Konto')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('when the room for customers is full, a new chat waits (429) instead of evicting one', async () => {
    const server = await startServer({ settings: { trustedProxyHops: 1, maxConversations: 2 } });
    try {
      const a = await customer(server, '192.0.2.10');
      const b = await customer(server, '192.0.2.11');
      const token = await call(`${server.url}/api/directline/token`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': '192.0.2.12' },
      });
      const started = await call(`${server.domain}/conversations`, {
        token: asConversation(token.body).token,
        body: {},
      });
      const third = new RawClient(server.domain, asConversation(started.body));
      const refused = await third.say('hallo');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '60');
      assert.equal((await a.say('ja')).status, 200);
      assert.equal((await b.say('ja')).status, 200);
    } finally {
      await server.close();
    }
  });
});
