import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../../config/loadConfig';
import { directLineSettingsFrom } from '../../server/directLine';
import { call, startServer, type TestServer } from './helpers';

/** Settings as start-up builds them from the environment. */
const directLineSettingsFromEnv = (env: NodeJS.ProcessEnv) =>
  directLineSettingsFrom(loadConfig(env).directLine);

const SECRET = 'azure-direct-line-secret-DO-NOT-LEAK-0123456789';

interface SeenRequest {
  method?: string;
  url?: string;
  authorization?: string;
  body: unknown;
}

/** A stand-in for Azure's token API on 127.0.0.1: checks the Bearer secret, answers as Azure does. */
class AzureStandIn {
  readonly seen: SeenRequest[] = [];
  mode: 'ok' | 'error' | 'garbage' = 'ok';
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      this.seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(raw),
      });
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(body);
      };
      if (req.headers.authorization !== `Bearer ${SECRET}`)
        return send(403, '{"error":{"code":"BadArgument"}}');
      // An upstream that quotes the secret back must not make us leak it.
      if (this.mode === 'error')
        return send(500, JSON.stringify({ error: { message: `bad secret ${SECRET}` } }));
      if (this.mode === 'garbage') return send(200, `<html>${SECRET}</html>`);
      send(200, JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 }));
    });
  });

  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Azure Direct Line token exchange (POST /api/directline/token with DIRECT_LINE_SECRET)', () => {
  const azure = new AzureStandIn();
  let server: TestServer;
  before(async () => {
    await azure.start();
    const settings = directLineSettingsFromEnv({
      DIRECT_LINE_SECRET: SECRET,
      DIRECT_LINE_ENDPOINT: `${azure.url}/`,
    });
    server = await startServer({ settings });
  });
  beforeEach(() => {
    azure.mode = 'ok';
    azure.seen.length = 0;
  });
  after(async () => {
    await server?.close();
    await azure.close();
  });

  const leaks = (response: { text: string; headers: Headers }) =>
    response.text.includes(SECRET) || [...response.headers.values()].some((v) => v.includes(SECRET));

  it('exchanges the secret for a token bound to a fresh dl_ user and never returns the secret', async () => {
    const response = await call(`${server.url}/api/directline/token`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      token: 'azure-token-1',
      conversationId: 'azure-conv-1',
      expires_in: 3600,
      domain: `${azure.url}/v3/directline`,
    });
    assert.equal(leaks(response), false);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(azure.seen.length, 1);
    const [request] = azure.seen;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/v3/directline/tokens/generate');
    assert.equal(request.authorization, `Bearer ${SECRET}`);
    assert.match((request.body as { user: { id: string } }).user.id, /^dl_[A-Za-z0-9_-]{16}$/);
  });

  it('gives every page its own user', async () => {
    await call(`${server.url}/api/directline/token`, { method: 'POST' });
    await call(`${server.url}/api/directline/token`, { method: 'POST' });
    const [a, b] = azure.seen.map((r) => (r.body as { user: { id: string } }).user.id);
    assert.notEqual(a, b);
  });

  for (const mode of ['error', 'garbage'] as const) {
    it(`answers 502 with a generic message when Azure answers ${mode === 'error' ? 'an error' : 'nonsense'}`, async () => {
      azure.mode = mode;
      const response = await call(`${server.url}/api/directline/token`, { method: 'POST' });
      assert.equal(response.status, 502);
      assert.deepEqual(response.body, {
        error: { code: 'BadGateway', message: 'the Direct Line token service is not available' },
      });
      assert.equal(leaks(response), false);
    });
  }

  it('answers 502 when Azure cannot be reached', async () => {
    const down = await startServer({
      settings: directLineSettingsFromEnv({
        DIRECT_LINE_SECRET: SECRET,
        DIRECT_LINE_ENDPOINT: 'http://127.0.0.1:9',
      }),
    });
    try {
      const response = await call(`${down.url}/api/directline/token`, { method: 'POST' });
      assert.equal(response.status, 502);
      assert.equal(leaks(response), false);
    } finally {
      await down.close();
    }
  });

  it('does not serve the built-in Direct Line then, and allows only its own origin by default', async () => {
    assert.equal(server.directLine.builtIn, false);
    assert.equal((await call(`${server.domain}/conversations`, { body: {} })).status, 404);
    assert.equal((await call(`${server.domain}/tokens/generate`, { method: 'POST' })).status, 404);
    const foreign = await call(`${server.url}/api/directline/token`, {
      method: 'POST',
      headers: { Origin: 'https://elsewhere.example.com' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(azure.seen.length, 0, 'a refused origin costs no Azure call');
  });
});

describe('Direct Line configuration', () => {
  it('defaults: built-in endpoint, any origin, 30 idle minutes', () => {
    const settings = directLineSettingsFromEnv({});
    assert.equal(settings.azure, undefined);
    assert.deepEqual(settings.allowedOrigins, ['*']);
    assert.equal(settings.idleMs, 30 * 60 * 1000);
  });

  it('reads origins as a list and names a bad variable', () => {
    const env = { DIRECT_LINE_ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:8080' };
    assert.deepEqual(directLineSettingsFromEnv(env).allowedOrigins, [
      'https://a.example.com',
      'http://localhost:8080',
    ]);
    const bad: [string, string][] = [
      ['DIRECT_LINE_ALLOWED_ORIGINS', 'https://a.example.com/help'],
      ['DIRECT_LINE_ALLOWED_ORIGINS', 'a.example.com'],
      ['DIRECT_LINE_TOKEN_SECRET', 'too-short'],
      ['DIRECT_LINE_ENDPOINT', 'ftp://directline.example.com'],
      ['DIRECT_LINE_IDLE_MINUTES', '0'],
    ];
    for (const [name, value] of bad) {
      assert.throws(
        () => loadConfig({ STORAGE: 'memory', [name]: value }),
        (error: unknown) =>
          error instanceof ConfigError && error.problems.some((p) => p.startsWith(`${name}:`)),
        `${name}=${value}`,
      );
    }
  });
});
