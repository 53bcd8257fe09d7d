/**
 * restify loads `spdy` (HTTP/2 over TLS) at start-up, and spdy's `http-deceiver` touches
 * `process.binding('http_parser')`, which prints a deprecation warning on every start. This bot never asks
 * restify for spdy, so restify gets a stand-in that fails loudly if it ever were used. Imported before
 * restify (server/createServer.ts).
 */
import { Module } from 'node:module';
import path from 'node:path';

const restifyDir = path.dirname(require.resolve('restify/package.json'));
const spdyPath = require.resolve('spdy', { paths: [restifyDir] });
if (!require.cache[spdyPath]) {
  const stand = new Module(spdyPath);
  stand.filename = spdyPath;
  stand.loaded = true;
  stand.exports = {
    createServer(): never {
      throw new Error('spdy is not available in this bot (HTTP/2 is not used)');
    },
  };
  require.cache[spdyPath] = stand;
}
