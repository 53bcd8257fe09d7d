import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { envSchema } from '../config/configSchema';
import { loadConfig } from '../config/loadConfig';

describe('.env.example', () => {
  const file = fs.readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
  const documented = [...file.matchAll(/^#?\s*([A-Za-z_]+)=/gm)]
    .map((m) => m[1])
    .filter((name) => name in envSchema.shape);
  const names = [...file.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]);

  it('documents every variable the bot reads, and no other', () => {
    assert.deepEqual([...new Set(names)].sort(), Object.keys(envSchema.shape).sort());
    assert.ok(documented.length >= names.length);
  });

  it('is itself a valid configuration (copying it to .env starts the bot)', () => {
    const env = Object.fromEntries(
      [...file.matchAll(/^([A-Za-z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]] as const),
    );
    const config = loadConfig(env);
    assert.equal(config.port, 3978);
    assert.equal(config.storage.kind, 'sqlite');
  });
});
