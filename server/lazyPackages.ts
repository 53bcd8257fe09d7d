import Module from 'node:module';

/**
 * Packages the framework loads at import and this bot calls late or never, handed out as stand-ins that
 * load the real package at the first use of anything in it, so nothing changes for a caller. Imported first
 * by the composition root, before botbuilder.
 * - Recognizers-Text suite and date-time: botbuilder-dialogs loads them for DateTimePrompt and the culture
 *   table of its prompts (about 0.2 s of a cold start and 16 MB); this bot never recognises a date, its
 *   own prompts use the choice and number recognizers. The culture names the prompts read at import come
 *   from the small base package, which holds the same strings. Both are ES module builds (`__esModule`).
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

loader._load = function lazyLoad(request: string, parent: unknown, isMain: boolean): unknown {
  const deferred = DEFERRED.get(request);
  if (!deferred) return load(request, parent, isMain);
  const file = loader._resolveFilename(request, parent);
  let proxy = standIns.get(file);
  if (!proxy) standIns.set(file, (proxy = standIn(request, parent, deferred.esModule)));
  return proxy;
};
