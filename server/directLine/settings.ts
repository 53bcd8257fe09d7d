import type { AppConfig } from '../../config/loadConfig';

/** Everything the Direct Line side of the server can be tuned with; tests pass their own. */
export interface DirectLineSettings {
  /** Azure Direct Line. When set, the page gets Azure tokens and the built-in endpoint is not mounted. */
  azure?: { secret: string; endpoint: string };
  /** HMAC key of built-in tokens. */
  tokenSecret?: string;
  /**
   * Without tokenSecret: a file with the key, made with a random one on the first start (mode 0600) and read
   * on later ones, so tokens outlive a restart. Without either: a random key per process.
   */
  tokenKeyFile?: string;
  /**
   * A valid token for a conversation not (or no longer) in memory brings it back, empty, instead of a 404:
   * for when the bot's state outlives the process, so after a restart the dialog goes on where it stopped.
   */
  resumeConversations: boolean;
  /** Origins allowed to call the Direct Line routes from a browser: '*' or exact origins. The bot's own origin always is. */
  allowedOrigins: string[];
  tokenTtlSeconds: number;
  /** A conversation nobody polled or posted to for this long is dropped; later requests for it get 404 (see resumeConversations). */
  idleMs: number;
  /** Conversations in which a user has written; beyond it a first message of a new one gets 429. */
  maxConversations: number;
  /** Conversations nobody has written in yet; beyond it (when none is past its grace time) new ones get 429. */
  maxPending: number;
  /** How long a conversation without a user message keeps its slot against new ones. */
  pendingGraceMs: number;
  /** New conversations (tokens) one client address (an IPv6 /64) may start per window; more get 429. */
  newConversationsPerAddress: { limit: number; windowMs: number };
  /** Reverse proxies in front of the bot whose X-Forwarded-For is trusted to name the client (0: none). */
  trustedProxyHops: number;
  /** The oldest activities beyond this are dropped (a client that far behind misses them). */
  maxActivitiesPerConversation: number;
  /** Activities one conversation may post per window; more get 429. */
  rateLimit: { posts: number; windowMs: number };
  /** The bot's account in built-in conversations. */
  bot: { id: string; name: string };
}

export const DEFAULT_DIRECT_LINE_SETTINGS: DirectLineSettings = {
  allowedOrigins: ['*'],
  resumeConversations: false,
  tokenTtlSeconds: 30 * 60,
  idleMs: 30 * 60 * 1000,
  maxConversations: 1000,
  maxPending: 1000,
  pendingGraceMs: 2 * 60 * 1000,
  newConversationsPerAddress: { limit: 20, windowMs: 60_000 },
  trustedProxyHops: 0,
  maxActivitiesPerConversation: 500,
  rateLimit: { posts: 20, windowMs: 10_000 },
  bot: { id: 'payment-assistant', name: 'Payment Assistant' },
};

/**
 * The settings from the validated configuration. Origins default to '*' for the built-in endpoint
 * (bearer tokens, no cookies: a foreign page gains nothing it couldn't get by asking for its own token)
 * and to the bot's own origin only once an Azure secret is configured, so other sites cannot mint
 * tokens on the Azure quota from a browser.
 */
export function directLineSettingsFrom(config: AppConfig['directLine']): DirectLineSettings {
  const azure = config.secret ? { secret: config.secret, endpoint: config.endpoint } : undefined;
  return {
    ...DEFAULT_DIRECT_LINE_SETTINGS,
    azure,
    tokenSecret: config.tokenSecret,
    tokenKeyFile: config.tokenKeyFile,
    resumeConversations: config.resumeConversations,
    allowedOrigins: config.allowedOrigins ?? (azure ? [] : ['*']),
    idleMs: config.idleMinutes * 60 * 1000,
    newConversationsPerAddress: {
      limit: config.newConversationsPerMinute,
      windowMs: 60_000,
    },
    trustedProxyHops: config.trustedProxyHops,
  };
}
