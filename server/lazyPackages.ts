import Module from 'node:module';

/**
 * botbuilder-dialogs loads Microsoft's whole Recognizers-Text suite at import (for DateTimePrompt and the
 * culture table of its prompts), about 0.2 s of a cold start and 10 MB, although this bot never recognises
 * a date and its own prompts use only the choice and number recognizers. These two packages are handed out
 * as stand-ins that load the real package at the first use of anything in it, so nothing changes for a
 * caller; the culture names the prompts read at import come from the small base package, which holds the
 * same strings. Imported first by the composition root, before botbuilder-dialogs.
 */
const DEFERRED = new Set(['@microsoft/recognizers-text-suite', '@microsoft/recognizers-text-date-time']);

interface Loader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

const loader = Module as unknown as Loader;
const load = loader._load.bind(Module);
const standIns = new Map<string, object>();

function standIn(request: string, parent: unknown): object {
  let real: Record<PropertyKey, unknown> | undefined;
  const target = (): Record<PropertyKey, unknown> =>
    (real ??= load(request, parent, false) as Record<PropertyKey, unknown>);
  const base = (): Record<PropertyKey, unknown> =>
    load('@microsoft/recognizers-text', parent, false) as Record<PropertyKey, unknown>;
  return new Proxy(
    {},
    {
      get(_, key) {
        // TypeScript's __importStar asks this first: the package is an ES module build, taken as it is.
        if (key === '__esModule') return true;
        if (key === 'Culture' && !real) return base().Culture;
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
  if (!DEFERRED.has(request)) return load(request, parent, isMain);
  let proxy = standIns.get(request);
  if (!proxy) standIns.set(request, (proxy = standIn(request, parent)));
  return proxy;
};
