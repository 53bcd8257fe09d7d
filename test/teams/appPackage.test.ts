/**
 * The Teams app package as `npm run teams:package` builds it, validated offline: the manifest against
 * Microsoft's schema (bundled in @microsoft/app-manifest), the German localization file against the
 * localization schema, the icons' sizes and colours; a missing bot id stops the build by name.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { buildTeamsPackage } from '../../tools/teamsPackage';
import { MANIFEST_VERSION } from '../../teams/appPackage';
import { REPO_ROOT, tempDir, removeTempDirs } from '../helpers/botProcess';

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SCHEMAS = path.join(
  REPO_ROOT,
  'node_modules',
  '@microsoft',
  'app-manifest',
  'build',
  'json-schemas',
  'teams',
);

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[];
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages: { languageTag: string; file: string }[];
  };
  validDomains: string[];
  icons: { color: string; outline: string };
}

describe('Teams app package (npm run teams:package)', function () {
  this.timeout(60_000);
  let files: Record<string, Uint8Array>;
  let manifest: Manifest;

  before(() => {
    const zip = buildTeamsPackage(
      { MicrosoftAppId: BOT_ID, TEAMS_VALID_DOMAINS: 'billing-bot.example.com, help.example.com' },
      path.join(tempDir('teams-'), 'app.zip'),
    );
    files = unzipSync(fs.readFileSync(zip));
    manifest = JSON.parse(strFromU8(files['manifest.json'])) as Manifest;
  });
  after(() => removeTempDirs());

  it('has the manifest, the German file and both icons at the zip root', () => {
    assert.deepEqual(Object.keys(files).sort(), ['color.png', 'de.json', 'manifest.json', 'outline.png']);
  });

  it(`validates against the Teams manifest schema ${MANIFEST_VERSION} (offline, bundled schema)`, async () => {
    assert.ok(Number(manifest.manifestVersion) >= 1.17);
    assert.ok(fs.existsSync(path.join(SCHEMAS, `v${MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json')));
    const failures = await AppManifestUtils.validateAgainstSchema(manifest as never);
    assert.deepEqual(failures, []);
  });

  it('validates the German localization file against its schema', () => {
    const de = JSON.parse(strFromU8(files['de.json'])) as Record<string, string>;
    const schema = JSON.parse(
      fs.readFileSync(
        path.join(SCHEMAS, `v${MANIFEST_VERSION}`, 'MicrosoftTeams.Localization.schema.json'),
        'utf8',
      ),
    ) as object;
    // The schema's own patterns are not valid in JavaScript's unicode mode.
    const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
    addFormats(ajv, ['uri']);
    const validate = ajv.compile(schema);
    assert.ok(validate(de), JSON.stringify(validate.errors));
    assert.equal(de['name.short'], 'Abrechnungsassistent');
    assert.equal(de['bots[0].commandLists[0].commands[0].title'], 'Zahlungsmethode ändern');
  });

  it('is a bot for personal chats, group chats and teams, with commands, the bot id and domains from configuration', () => {
    const [bot] = manifest.bots;
    assert.equal(bot.botId, BOT_ID);
    assert.equal(manifest.id, BOT_ID);
    assert.deepEqual(bot.scopes, ['personal', 'groupChat', 'team']);
    assert.deepEqual(
      bot.commandLists[0].commands.map((c) => c.title),
      [
        'Change payment method',
        'Who is the billing contact?',
        'Online or corporate account',
        'Talk to a person',
        'Help',
      ],
    );
    assert.deepEqual(manifest.localizationInfo, {
      defaultLanguageTag: 'en',
      additionalLanguages: [{ languageTag: 'de', file: 'de.json' }],
    });
    assert.deepEqual(manifest.validDomains, ['billing-bot.example.com', 'help.example.com']);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon, white on transparent', () => {
    const color = PNG.sync.read(Buffer.from(files['color.png']));
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = PNG.sync.read(Buffer.from(files['outline.png']));
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let white = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) continue;
      assert.ok(r === 255 && g === 255 && b === 255, `pixel ${i / 4} is not white: ${r},${g},${b},${a}`);
      white += 1;
    }
    assert.ok(white > 50, 'the outline draws something');
  });

  it('stops with a message naming MicrosoftAppId when the bot id is missing or not a GUID', () => {
    for (const id of ['', 'my-bot']) {
      const run = spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'tools/teamsPackage.ts'],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, MicrosoftAppId: id, DOTENV_CONFIG_PATH: '/nonexistent' },
          encoding: 'utf8',
        },
      );
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /MicrosoftAppId: /);
      assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
    }
  });
});
