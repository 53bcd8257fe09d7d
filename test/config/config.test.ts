/**
 * Configuration: defaults from the seed article, every bad value named, and a bad value stopping
 * the real process at start-up.
 */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../config/loadConfig';
import { spawnIndex, watch } from '../helpers/botProcess';

/** Asserts loading fails and the only problem reported is the named variable. */
function rejects(env: NodeJS.ProcessEnv, variable: string): ConfigError {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError for ${JSON.stringify(env)}`);
  assert.deepEqual(
    caught.problems.map((p) => p.split(':')[0]),
    [variable],
    caught.message,
  );
  assert.ok(caught.message.includes(variable), caught.message);
  return caught;
}

describe('configuration', () => {
  describe('defaults', () => {
    it('listens on 3978, speaks German and points at both portals of the seed article', () => {
      const config = loadConfig({});
      assert.equal(config.port, 3978);
      assert.equal(config.defaultLanguage, 'de');
      assert.deepEqual(config.portals, {
        online: 'https://billing.logmeininc.com',
        corporate: 'https://link.logmeininc.com/corp-billing',
      });
      assert.deepEqual(config.storage, { kind: 'sqlite', path: './data/bot-state.sqlite', timeoutMs: 5000 });
      assert.deepEqual(config.retention, {
        transcriptDays: 30,
        stateDays: 30,
        sweepMinutes: 60,
        insightDays: 400,
        missedLineDays: 30,
      });
      assert.equal(config.auth.MicrosoftAppId, '');
      assert.equal(config.auth.MicrosoftAppType, 'MultiTenant');
    });

    it('treats empty variables as unset, as a blank line in .env gives them', () => {
      const config = loadConfig({
        PORT: '',
        DEFAULT_LOCALE: '',
        BILLING_PORTAL_URL: '',
        MicrosoftAppType: '',
      });
      assert.equal(config.port, 3978);
      assert.equal(config.defaultLanguage, 'de');
      assert.equal(config.portals.online, 'https://billing.logmeininc.com');
      assert.equal(config.auth.MicrosoftAppType, 'MultiTenant');
    });

    it('takes valid values', () => {
      const config = loadConfig({
        PORT: '8080',
        DEFAULT_LOCALE: 'en',
        BILLING_PORTAL_URL: 'https://billing.goto.com',
        STORAGE: 'memory',
        CONTACT_OPTIONS_DE: '[{"label":"Hotline","phone":"+49 30 123456"}]',
        MicrosoftAppId: 'app-id',
        MicrosoftAppPassword: 'secret',
      });
      assert.equal(config.port, 8080);
      assert.equal(config.defaultLanguage, 'en');
      assert.equal(config.portals.online, 'https://billing.goto.com');
      assert.deepEqual(config.storage, { kind: 'memory' });
      assert.deepEqual(config.contacts.de.online, [{ label: 'Hotline', phone: '+49 30 123456' }]);
      assert.equal(config.auth.MicrosoftAppId, 'app-id');
    });

    it('takes Blob Storage with a connection string and a token key shared by the instances', () => {
      const config = loadConfig({
        STORAGE: 'blob',
        BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true',
        DIRECT_LINE_TOKEN_SECRET: 'x'.repeat(40),
        STORAGE_TIMEOUT_SECONDS: '2.5',
        TRANSCRIPT_RETENTION_DAYS: '7',
      });
      assert.deepEqual(config.storage, {
        kind: 'blob',
        connectionString: 'UseDevelopmentStorage=true',
        stateContainer: 'bot-state',
        transcriptsContainer: 'bot-transcripts',
        timeoutMs: 2500,
      });
      assert.equal(config.retention.transcriptDays, 7);
      assert.equal(config.directLine.resumeConversations, true);
    });
  });

  describe('bad values are named', () => {
    const cases: [string, NodeJS.ProcessEnv, string][] = [
      ['a port that is not a number', { PORT: 'abc' }, 'PORT'],
      ['a port above 65535', { PORT: '70000' }, 'PORT'],
      ['a fractional port', { PORT: '80.5' }, 'PORT'],
      ['a language the bot does not speak', { DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE'],
      ['a portal URL that is no URL', { BILLING_PORTAL_URL: 'not-a-url' }, 'BILLING_PORTAL_URL'],
      [
        'a portal URL that is not http(s)',
        { CORPORATE_BILLING_PORTAL_URL: 'ftp://x.example' },
        'CORPORATE_BILLING_PORTAL_URL',
      ],
      ['contact options that are not JSON', { CONTACT_OPTIONS_DE: '[{' }, 'CONTACT_OPTIONS_DE'],
      ['an empty contact list', { CONTACT_OPTIONS_EN: '[]' }, 'CONTACT_OPTIONS_EN'],
      [
        'a contact without a label',
        { CORPORATE_CONTACT_OPTIONS_DE: '[{"phone":"123456"}]' },
        'CORPORATE_CONTACT_OPTIONS_DE',
      ],
      ['an unknown app type', { MicrosoftAppType: 'Foo' }, 'MicrosoftAppType'],
      ['a password without an app id', { MicrosoftAppPassword: 'secret' }, 'MicrosoftAppId'],
      [
        'a single-tenant app without a tenant',
        { MicrosoftAppId: 'id', MicrosoftAppPassword: 's', MicrosoftAppType: 'SingleTenant' },
        'MicrosoftAppTenantId',
      ],
      ['an unknown storage', { STORAGE: 'redis' }, 'STORAGE'],
      [
        'Blob Storage without a connection string',
        { STORAGE: 'blob', DIRECT_LINE_TOKEN_SECRET: 'x'.repeat(40) },
        'BLOB_CONNECTION_STRING',
      ],
      [
        'Blob Storage (several instances) without a shared token key',
        { STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true' },
        'DIRECT_LINE_TOKEN_SECRET',
      ],
      ['a container name Azure refuses', { BLOB_STATE_CONTAINER: 'Bot_State' }, 'BLOB_STATE_CONTAINER'],
      ['a storage timeout of zero', { STORAGE_TIMEOUT_SECONDS: '0' }, 'STORAGE_TIMEOUT_SECONDS'],
      ['a retention of no days', { TRANSCRIPT_RETENTION_DAYS: '0' }, 'TRANSCRIPT_RETENTION_DAYS'],
      ['too many allowed failures', { MAX_FAILED_ANSWERS: '50' }, 'MAX_FAILED_ANSWERS'],
    ];
    for (const [what, env, variable] of cases) {
      it(`${what}: ${variable}`, () => {
        rejects(env, variable);
      });
    }

    it('names the password rule in words', () => {
      const error = rejects({ MicrosoftAppPassword: 'secret' }, 'MicrosoftAppId');
      assert.match(error.message, /MicrosoftAppPassword/);
      assert.ok(!error.message.includes('secret'), 'the password itself must not be printed');
    });

    it('names the variable, the value it got and the range it takes: PORT=abc', () => {
      const error = rejects({ PORT: 'abc' }, 'PORT');
      assert.deepEqual(error.problems, ['PORT: "abc" is not valid; expected a whole number from 1 to 65535']);
    });

    it('names an unknown choice and the ones there are', () => {
      const error = rejects({ STORAGE: 'redis' }, 'STORAGE');
      assert.deepEqual(error.problems, [
        'STORAGE: "redis" is not valid; expected one of sqlite, blob, memory',
      ]);
    });

    it('names the entry and the field of a contact option without a label', () => {
      const error = rejects(
        { CORPORATE_CONTACT_OPTIONS_DE: '[{"phone":"123456"}]' },
        'CORPORATE_CONTACT_OPTIONS_DE',
      );
      assert.equal(error.problems.length, 1);
      assert.match(
        error.problems[0],
        /^CORPORATE_CONTACT_OPTIONS_DE: entry 1, "label" is missing; expected the name customers see/,
      );
      assert.doesNotMatch(error.message, /received undefined/);
    });

    it('names a bad field of a later entry with its value', () => {
      const error = rejects(
        {
          CONTACT_OPTIONS_EN:
            '[{"label":"Hotline","phone":"+1 555"},{"label":"Web","url":"ftp://x.example"}]',
        },
        'CONTACT_OPTIONS_EN',
      );
      assert.deepEqual(error.problems, [
        'CONTACT_OPTIONS_EN: entry 2, "url" is "ftp://x.example"; expected an http(s) URL',
      ]);
    });

    it('says what JSON it expected when a value is no JSON', () => {
      const error = rejects({ CONTACT_OPTIONS_DE: '[{' }, 'CONTACT_OPTIONS_DE');
      assert.match(
        error.problems[0],
        /^CONTACT_OPTIONS_DE: "\[\{" is not valid; expected valid JSON: an array of/,
      );
    });

    it('never prints a secret, but says what it must be', () => {
      const secret = 'too-short-secret';
      const error = rejects({ DIRECT_LINE_TOKEN_SECRET: secret }, 'DIRECT_LINE_TOKEN_SECRET');
      assert.ok(!error.message.includes(secret), error.message);
      assert.match(error.message, /at least 32 characters/);
    });

    it('names every bad variable at once', () => {
      assert.throws(
        () => loadConfig({ PORT: 'abc', DEFAULT_LOCALE: 'fr', MicrosoftAppType: 'Foo' }),
        (error: unknown) =>
          error instanceof ConfigError &&
          ['PORT', 'DEFAULT_LOCALE', 'MicrosoftAppType'].every((v) =>
            error.problems.some((p) => p.startsWith(`${v}:`)),
          ),
      );
    });
  });

  describe('start-up', function () {
    this.timeout(30_000);

    it('stops the process with exit code 1 and names PORT when PORT=abc', async () => {
      const child = spawnIndex({
        PORT: 'abc',
        STORAGE: 'memory',
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
      });
      const output = watch(child);
      const code = await output.exited;
      assert.equal(code, 1, output.stderr());
      assert.match(output.stderr(), /PORT: "abc" is not valid; expected a whole number from 1 to 65535/);
      assert.ok(!output.stdout().includes('listening'), output.stdout());
    });
  });
});
