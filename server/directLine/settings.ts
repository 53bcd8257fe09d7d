import type { AppConfig } from '../../config/loadConfig';

/** Everything the Direct Line side of the server can be tuned with; tests pass their own. */
export interface DirectLineSettings {
  /** Azure Direct Line. When set, the page gets Azure tokens and the built-in endpoint is not mounted. */
  azure?: { secret: string; endpoint: string };
  /** HMAC key of built-in tokens; without one a random key per process (tokens end with the process, as do the conversations). */
  tokenSecret?: string;
  /** Origins allowed to call the Direct Line routes from a browser: '*' or exact origins. The bot's own origin always is. */
  allowedOrigins: string[];
  tokenTtlSeconds: number;
  /** A conversation nobody polled or posted to for this long is dropped; later requests for it get 404. */
  idleMs: number;
  maxConversations: number;
  /** The oldest activities beyond this are dropped (a client that far behind misses them). */
  maxActivitiesPerConversation: number;
  /** Activities one conversation may post per window; more get 429. */
  rateLimit: { posts: number; windowMs: number };
  /** The bot's account in built-in conversations. */
  bot: { id: string; name: string };
}

export const DEFAULT_DIRECT_LINE_SETTINGS: DirectLineSettings = {
  allowedOrigins: ['*'],
  tokenTtlSeconds: 30 * 60,
  idleMs: 30 * 60 * 1000,
  maxConversations: 1000,
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
    allowedOrigins: config.allowedOrigins ?? (azure ? [] : ['*']),
    idleMs: config.idleMinutes * 60 * 1000,
  };
}
