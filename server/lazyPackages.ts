import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

/**
 * Packages the framework loads at import and this bot calls late or never, handed out as stand-ins that
 * load the real package at the first use of anything in it, so nothing changes for a caller. Imported first
 * by the composition root, before botbuilder.
 * - Recognizers-Text suite, date-time and number: botbuilder-dialogs loads them for its DateTimePrompt,
 *   NumberPrompt and ChoicePrompt and the culture table of its prompts (about 0.25 s of a cold start and
 *   18 MB); this bot's own questions use only the choice package's yes/no recognizer. The culture names the
 *   prompts read at import come from the small base package, which holds the same strings.
 * - msal-node and Azure Identity: botframework-connector loads them for app credentials, which are used at
 *   the first reply with a MicrosoftAppId, never without one (the embedded default). jsonwebtoken and
 *   node-fetch likewise check and fetch channel tokens, only for a request that carries one; cross-fetch
 *   (which loads node-fetch) serves the connector's Emulator OAuth client.
 * - axios (with form-data): botframework-connector's client for calling skills, which this bot has none of.
 * - fs-extra: botbuilder's FileTranscriptStore, which this bot does not use.
 * - http-signature (with sshpk) and csv: restify's Signature authorization and CSV body parsers; the bot
 *   takes JSON and forms.
 * `esModule` is the package's own `__esModule` flag, which TypeScript's import helpers read at import: the
 * stand-in answers it without loading the package.
 */
const DEFERRED: ReadonlyMap<string, { esModule: boolean }> = new Map([
  ['@microsoft/recognizers-text-suite', { esModule: true }],
  ['@microsoft/recognizers-text-date-time', { esModule: true }],
  ['@microsoft/recognizers-text-number', { esModule: true }],
  ['@azure/msal-node', { esModule: false }],
  ['@azure/identity', { esModule: true }],
  ['jsonwebtoken', { esModule: false }],
  ['node-fetch', { esModule: true }],
  ['cross-fetch', { esModule: false }],
  ['axios', { esModule: false }],
  ['fs-extra', { esModule: false }],
  ['http-signature', { esModule: false }],
  ['csv', { esModule: false }],
]);

interface Loader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown): string;
}

type Exports = Record<PropertyKey, unknown>;

const loader = Module as unknown as Loader;
const load = loader._load.bind(Module);
/** By resolved file: two versions of one package (msal-node 2 and 5 here) get a stand-in each. */
const standIns = new Map<string, object>();

function standIn(request: string, parent: unknown, esModule: boolean): object {
  let real: Exports | undefined;
  const target = (): Exports => (real ??= load(request, parent, false) as Exports);
  return new Proxy(
    {},
    {
      get(_, key) {
        // TypeScript's __importStar asks this first: an ES module build is taken as it is.
        if (key === '__esModule' && !real) return esModule || undefined;
        if (key === 'Culture' && esModule && !real)
          return (load('@microsoft/recognizers-text', parent, false) as Exports).Culture;
        return target()[key];
      },
      has: (_, key) => key in target(),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

/**
 * Files inside a package, by the request and the file asking for it: zod 4 loads the messages of its 40-odd
 * languages at import (its English ones are set up from their own file); this bot's messages are its own.
 */
const DEFERRED_FILES: ReadonlyArray<{ request: string; parent: RegExp; esModule: boolean }> = [
  {
    request: '../locales/index.cjs',
    parent: /[\\/]zod[\\/]v4[\\/](?:classic[\\/]external|core[\\/]index)\.cjs$/,
    esModule: true,
  },
];

function deferredFile(request: string, parent: unknown): { esModule: boolean } | undefined {
  const from = (parent as { filename?: string } | undefined)?.filename ?? '';
  return DEFERRED_FILES.find((d) => d.request === request && d.parent.test(from));
}

/**
 * Packages that npm nests as identical copies under several framework packages (zod 3.25.76 under botbuilder,
 * botbuilder-core, botframework-connector, botframework-schema...: our zod 4 holds the top level). Each copy
 * cost its own load (about 15 ms) and memory; every copy of one version is loaded from the first one seen.
 */
const SHARED_NESTED = new Set(['zod']);
const NESTED = /^(.*[\\/]node_modules[\\/].+?[\\/]node_modules[\\/])([^\\/]+)([\\/].*)$/;
/** "<name>@<version>" -> the directory of the first copy loaded. */
const firstCopies = new Map<string, string>();

function sharedCopy(request: string, parent: unknown): string | undefined {
  const file = loader._resolveFilename(request, parent);
  const nested = NESTED.exec(file);
  if (!nested) return undefined;
  const [, prefix, name, rest] = nested;
  const dir = prefix + name;
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const key = `${name}@${version}`;
  const first = firstCopies.get(key);
  if (!first) firstCopies.set(key, dir);
  return first && first !== dir ? first + rest : undefined;
}

loader._load = function lazyLoad(request: string, parent: unknown, isMain: boolean): unknown {
  const deferred =
    DEFERRED.get(request) ?? (request.startsWith('.') ? deferredFile(request, parent) : undefined);
  if (!deferred) {
    const shared = SHARED_NESTED.has(request) ? sharedCopy(request, parent) : undefined;
    return load(shared ?? request, parent, isMain);
  }
  const file = loader._resolveFilename(request, parent);
  let proxy = standIns.get(file);
  if (!proxy) standIns.set(file, (proxy = standIn(request, parent, deferred.esModule)));
  return proxy;
};
