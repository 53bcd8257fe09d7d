import type { ActivityHandler, Storage } from 'botbuilder';
import { DirectLineHistory } from './history';
import type { Server } from 'restify';
import { BUILT_IN_PREFIX, BuiltInDirectLine } from './builtInDirectLine';
import { ConversationStore } from './conversations';
import { directLineCors } from './cors';
import type { DirectLineCloudAdapter } from './directLineAdapter';
import type { DirectLineSettings } from './settings';
import { loadOrCreateTokenKey } from './tokenKey';
import { TOKEN_ROUTE, mountTokenRoute } from './tokenRoute';
import { TokenIssuer } from './tokens';
import { AddressLimiter } from '../addressLimiter';
import { NewConversationLimit } from './newConversationLimit';
import { log as defaultLog, type Logger } from '../../logging/logger';

export { DirectLineCloudAdapter } from './directLineAdapter';
export { DEFAULT_DIRECT_LINE_SETTINGS, directLineSettingsFrom, type DirectLineSettings } from './settings';
export { BUILT_IN_PREFIX, TOKEN_ROUTE };

export interface DirectLineDeps {
  adapter: DirectLineCloudAdapter;
  bot: Pick<ActivityHandler, 'run'>;
  settings: DirectLineSettings;
  /** Clock for token expiry, idle time and rate limits; tests move it. */
  now?: () => number;
  /** For the Azure token exchange. */
  fetch?: typeof fetch;
  /**
   * A store that outlives the process (SQLite, Blob): conversations are kept there, so a reload after a restart
   * shows them whole and every instance on the store can serve them. None: in memory only.
   */
  history?: Storage;
  log?: Logger;
  /** What stands in the echo of a user's message where card data was removed, by the chat's locale. */
  redactionMarker?: (locale: string | undefined) => string;
}

export interface DirectLine {
  /** Whether /v3/directline is served (no Azure secret configured). */
  readonly builtIn: boolean;
  /** Proactive turns on built-in conversations (undefined with Azure Direct Line). */
  readonly endpoint?: BuiltInDirectLine;
  /** Adds CORS, the token route and (without an Azure secret) the built-in endpoint to the server. */
  mount(server: Server): void;
  /** Drops conversations from memory ("delete my data": the store's copies are deleted by then). */
  forget(conversationIds: string[]): void;
  close(): void;
}

/** The Web Chat widget's side of the server (DESIGN.md, "Channels"). */
export function createDirectLine(deps: DirectLineDeps): DirectLine {
  const { settings } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? defaultLog;
  // One budget per client address for everything that starts a conversation (both token routes, a start
  // without a token), in both modes: with Azure it guards the Direct Line quota.
  const newConversations = new NewConversationLimit(
    new AddressLimiter({ ...settings.newConversationsPerAddress, now }),
    settings.trustedProxyHops,
  );
  const store = new ConversationStore({
    idleMs: settings.idleMs,
    maxConversations: settings.maxConversations,
    maxPending: settings.maxPending,
    pendingGraceMs: settings.pendingGraceMs,
    maxActivitiesPerConversation: settings.maxActivitiesPerConversation,
    now,
    history: deps.history && new DirectLineHistory(deps.history),
    onHistoryFailure: (error) =>
      log.warn({ err: error }, 'Direct Line: the store did not take the conversation; kept in memory'),
  });
  // With Azure configured the built-in endpoint is not mounted: the page does not need it, and it would be a
  // second way in to the bot beside Azure's.
  const builtIn = settings.azure
    ? undefined
    : new BuiltInDirectLine({
        adapter: deps.adapter,
        bot: deps.bot,
        store,
        tokens: new TokenIssuer({
          secret:
            settings.tokenSecret ??
            (settings.tokenKeyFile ? loadOrCreateTokenKey(settings.tokenKeyFile) : undefined),
          ttlSeconds: settings.tokenTtlSeconds,
          now,
        }),
        settings,
        now,
        log,
        newConversations,
        redactionMarker: deps.redactionMarker,
      });

  return {
    builtIn: builtIn !== undefined,
    endpoint: builtIn,
    mount(server) {
      server.pre(
        directLineCors(settings.allowedOrigins, builtIn ? [BUILT_IN_PREFIX, TOKEN_ROUTE] : [TOKEN_ROUTE]),
      );
      builtIn?.mount(server);
      mountTokenRoute(server, { azure: settings.azure, builtIn, fetch: deps.fetch, log, newConversations });
      if (builtIn) store.startSweeping();
    },
    forget(conversationIds) {
      for (const id of conversationIds) store.forget(id);
    },
    close() {
      store.close();
    },
  };
}
