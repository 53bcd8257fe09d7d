/**
 * With credentials set, only a request carrying a channel token signed with the channel's published key
 * runs a turn. The real server in a child process is pointed (through botbuilder's own settings, passed
 * from the environment) at a local OpenID metadata and JWKS stand-in that publishes a key this test signs
 * with. Every other token gets 401 and no turn; an unreachable metadata endpoint gets 401/503, no stack.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { freePort, removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';

const APP_ID = '7b1c64a0-2c6f-4d3e-9a57-0f1e2d3c4b5a';
const ISSUER = 'https://api.botframework.com';
const KID = 'channel-key-1';

function keyPair(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown> };
}

/** The channel's OpenID metadata and its signing keys, on loopback. */
async function openIdStandIn(jwk: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }> {
  let base = '';
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    const metadata = {
      issuer: ISSUER,
      jwks_uri: `${base}/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    };
    const keys = {
      keys: [{ ...jwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['emulator', 'msteams'] }],
    };
    const body = req.url?.endsWith('/openidconfiguration')
      ? metadata
      : req.url === '/keys'
        ? keys
        : undefined;
    res.statusCode = body ? 200 : 404;
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/v1/.well-known/openidconfiguration`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** botbuilder's settings, all of them: once one is given, botbuilder takes every one as given. */
function authEnv(metadataUrl: string): Record<string, string> {
  return {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret-0123456789',
    MicrosoftAppType: 'MultiTenant',
    ValidateAuthority: 'true',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: ISSUER,
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    CallerId: 'urn:botframework:azure',
  };
}

describe('authentication with credentials (child process, local OpenID stand-in)', function () {
  this.timeout(90_000);
  const channel = keyPair();
  const stranger = keyPair();
  let openId: Awaited<ReturnType<typeof openIdStandIn>>;
  let receiver: ReplyReceiver;
  let bot: BotProcess;

  before(async () => {
    openId = await openIdStandIn(channel.jwk);
    receiver = await ReplyReceiver.start();
    bot = await startBot({ env: authEnv(openId.url) });
  });
  after(async () => {
    await bot?.stop();
    await openId?.close();
    await receiver?.close();
    removeTempDirs();
  });

  /** An activity that asks for its replies in the HTTP answer, so a turn that ran shows in the body. */
  function activity() {
    return {
      type: 'message',
      id: randomUUID(),
      text: 'hallo',
      channelId: 'emulator',
      serviceUrl: receiver.url,
      deliveryMode: 'expectReplies',
      conversation: { id: `auth-${randomUUID()}` },
      from: { id: 'user-1' },
      recipient: { id: APP_ID },
      locale: 'de-DE',
    };
  }

  function token(
    options: { key?: KeyObject; kid?: string; claims?: Record<string, unknown>; expiresIn?: number } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign(
      {
        iss: ISSUER,
        aud: APP_ID,
        nbf: now - 60,
        exp: now + (options.expiresIn ?? 600),
        serviceurl: receiver.url,
        ...options.claims,
      },
      options.key ?? channel.privateKey,
      { algorithm: 'RS256', keyid: options.kid ?? KID },
    );
  }

  async function send(authorization: string | undefined, body = activity()) {
    const res = await fetch(bot.messagesUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  it("accepts a token signed with the channel's published key: the turn runs", async () => {
    const res = await send(`Bearer ${token()}`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /Abrechnungsassistent/, 'the replies came back in the body');
  });

  const refused: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['a garbage token', () => 'Bearer not.a.jwt'],
    [
      'a token signed with another key (unknown key id)',
      () => `Bearer ${token({ key: stranger.privateKey, kid: 'unknown-key' })}`,
    ],
    [
      "another key's signature under the channel's key id",
      () => `Bearer ${token({ key: stranger.privateKey })}`,
    ],
    // botbuilder allows five minutes of clock skew, as the Bot Framework does: this one expired 15 minutes ago.
    [
      'an expired token',
      () => `Bearer ${token({ expiresIn: -900, claims: { nbf: Math.floor(Date.now() / 1000) - 3600 } })}`,
    ],
    ['the wrong audience', () => `Bearer ${token({ claims: { aud: randomUUID() } })}`],
    ['the wrong issuer', () => `Bearer ${token({ claims: { iss: 'https://evil.example.com' } })}`],
    [
      'a serviceurl claim that differs from the activity',
      () => `Bearer ${token({ claims: { serviceurl: 'https://elsewhere.example.com/' } })}`,
    ],
    ['alg none', () => `Bearer ${jwt.sign({ iss: ISSUER, aud: APP_ID }, '', { algorithm: 'none' })}`],
  ];
  for (const [name, header] of refused) {
    it(`refuses ${name} with 401 and runs no turn`, async () => {
      const res = await send(header());
      assert.equal(res.status, 401, res.text);
      assert.doesNotMatch(res.text, /Abrechnungsassistent|stack|at \//);
    });
  }

  it("answers 401 or 503, with no stack trace and no turn, when the channel's metadata cannot be fetched", async () => {
    const dead = `http://127.0.0.1:${await freePort()}/v1/.well-known/openidconfiguration`;
    const other = await startBot({ env: authEnv(dead) });
    try {
      const res = await fetch(other.messagesUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token()}` },
        body: JSON.stringify(activity()),
      });
      const text = await res.text();
      assert.ok([401, 503].includes(res.status), `${res.status} ${text}`);
      assert.doesNotMatch(text, /Abrechnungsassistent|\n\s+at /);
      assert.doesNotMatch(other.stderr(), /^\s+at /m, 'no stack trace in the log either');
    } finally {
      await other.stop();
    }
  });
});
