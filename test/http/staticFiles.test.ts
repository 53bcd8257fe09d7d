/**
 * The page's files over real HTTP from the bot process: compressed when the browser accepts it (Brotli or
 * gzip), whole and exact once decompressed, with an ETag per encoding, 304 for a file the browser has, and
 * a year of caching for the URLs the page uses (they name the file's content).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { removeTempDirs, startBot, REPO_ROOT, type BotProcess } from '../helpers/botProcess';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (fetch would ask for and undo compression by itself). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

const WEBCHAT = fs.readFileSync(
  path.join(REPO_ROOT, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js'),
);

describe('static files over HTTP', function () {
  this.timeout(60_000);
  let bot: BotProcess;
  let webChatUrl: string;

  before(async () => {
    bot = await startBot({ env: { HANDOFF_GATEWAY: 'desk' } });
    const page = (await get(`${bot.url}/?lang=de`)).body.toString('utf8');
    const src = /<script src="(\/assets\/webchat\.js\?v=[\w-]+)"/.exec(page)?.[1];
    assert.ok(src, 'the page loads the Web Chat bundle by a versioned URL');
    webChatUrl = `${bot.url}${src}`;
  });

  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  it('sends webchat.js as Brotli to a browser that accepts it: a fifth of the size, the same bytes', async () => {
    const res = await get(webChatUrl, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(res.headers['vary'], 'Accept-Encoding');
    assert.match(res.headers['content-type'] ?? '', /^text\/javascript/);
    assert.ok(res.body.length < WEBCHAT.length / 4, `${res.body.length} bytes for ${WEBCHAT.length}`);
    assert.equal(Number(res.headers['content-length']), res.body.length);
    assert.ok(zlib.brotliDecompressSync(res.body).equals(WEBCHAT), 'decompresses to the bundle itself');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(res.headers.etag ?? '', /^"[\w-]+-br"$/);
  });

  it('sends gzip where Brotli is not accepted', async () => {
    const res = await get(webChatUrl, { 'Accept-Encoding': 'gzip' });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.ok(zlib.gunzipSync(res.body).equals(WEBCHAT));
    assert.match(res.headers.etag ?? '', /-gzip"$/);
  });

  it('sends the file as it is without Accept-Encoding, or when the browser refuses both', async () => {
    for (const headers of [{}, { 'Accept-Encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      const res = await get(webChatUrl, headers);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], undefined);
      assert.ok(res.body.equals(WEBCHAT));
    }
  });

  it('answers 304 without a body when the browser has the file (If-None-Match)', async () => {
    const first = await get(webChatUrl, { 'Accept-Encoding': 'br' });
    const again = await get(webChatUrl, { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.etag! });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    // Another encoding is another representation: its ETag differs, so it is sent whole.
    const gz = await get(webChatUrl, { 'Accept-Encoding': 'gzip', 'If-None-Match': first.headers.etag! });
    assert.equal(gz.status, 200);
  });

  it('without the version in the URL: revalidated each time (no-cache), still compressed', async () => {
    for (const name of ['help.js', 'help.css']) {
      const res = await get(`${bot.url}/assets/${name}`, { 'Accept-Encoding': 'gzip' });
      assert.equal(res.status, 200, name);
      assert.equal(res.headers['cache-control'], 'no-cache', name);
      assert.equal(res.headers['content-encoding'], 'gzip', name);
      assert.ok(res.headers.etag, name);
    }
  });

  it("the agent desk's files the same way", async () => {
    const res = await get(`${bot.url}/agent/assets/desk.js`, { 'Accept-Encoding': 'br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.ok(
      zlib.brotliDecompressSync(res.body).equals(fs.readFileSync(path.join(REPO_ROOT, 'web', 'desk.js'))),
    );
  });

  it('an unknown file is still a 404', async () => {
    assert.equal((await get(`${bot.url}/assets/constructor`)).status, 404);
  });
});
