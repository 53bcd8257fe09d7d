import { dirname, join } from 'node:path';
import { envSchema, type AgentAccount, type ContactOption, type Env } from './configSchema';
import type { BusinessHours } from '../domain/businessHours';
import type { Language } from '../domain/language';
import type { AccountKind } from '../domain/accountKind';
import type { StorageChoice } from '../storage/createStorage';

/** The validated configuration the rest of the bot sees: grouped, typed, no raw strings. */
export interface AppConfig {
  /** Passed to botbuilder's ConfigurationBotFrameworkAuthentication as they are. */
  auth: {
    MicrosoftAppId: string;
    MicrosoftAppPassword: string;
    MicrosoftAppType: Env['MicrosoftAppType'];
    MicrosoftAppTenantId: string;
    ChannelService?: string;
    ValidateAuthority?: string;
    ToChannelFromBotLoginUrl?: string;
    ToChannelFromBotOAuthScope?: string;
    ToBotFromChannelTokenIssuer?: string;
    OAuthUrl?: string;
    ToBotFromChannelOpenIdMetadataUrl?: string;
    ToBotFromEmulatorOpenIdMetadataUrl?: string;
    CallerId?: string;
  };
  /** Where replies may go when no credentials are set (loopback besides). */
  allowedServiceUrls: string[];
  replyTimeoutMs: number;
  /** Without credentials: activities per client address and minute on /api/messages. */
  unauthenticatedPerMinute: number;
  logLevel: Env['LOG_LEVEL'];
  /** CSP frame-ancestors of the pages; undefined: 'self'. */
  frameAncestors?: string[];
  port: number;
  defaultLanguage: Language;
  portals: Record<AccountKind, string>;
  /** Where "Contact Support" points when no custom contact list is configured. */
  supportUrl: string;
  /** Configured contact lists; a missing one falls back to the locale's default wording with supportUrl. */
  contacts: Record<Language, Partial<Record<AccountKind, ContactOption[]>>>;
  storage: StorageChoice;
  /** How long transcripts and finished state are kept, and how often the sweep runs. */
  retention: {
    transcriptDays: number;
    stateDays: number;
    sweepMinutes: number;
    insightDays: number;
    missedLineDays: number;
  };
  insights: { idleMinutes: number; missedLineDays: number };
  maxFailedAnswers: number;
  /** The trained model's cache folder; false: train at every start; undefined: node_modules/.cache. */
  modelCacheDir?: string | false;
  /** Escalation to a person. */
  handoff: {
    gateway: 'desk' | 'protocol';
    agents: AgentAccount[];
    timeoutSeconds: number;
    businessHours?: BusinessHours;
    sessionHours: number;
  };
  /** The Web Chat widget's Direct Line: Azure (with a secret) or the built-in endpoint. */
  directLine: {
    secret?: string;
    endpoint: string;
    tokenSecret?: string;
    /**
     * Without tokenSecret: the file keeping the generated signing key of built-in tokens, next to the SQLite
     * state file. None with memory storage (a random key per process then).
     */
    tokenKeyFile?: string;
    /**
     * Whether the bot's state outlives the process (SQLite), so a valid token for a conversation the built-in
     * endpoint no longer holds (after a restart) brings that conversation back instead of a 404.
     */
    resumeConversations: boolean;
    allowedOrigins?: string[];
    /** New chats one client address may start per minute. */
    newConversationsPerMinute: number;
    /** Reverse proxies whose X-Forwarded-For names the client. */
    trustedProxyHops: number;
    idleMinutes: number;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function storageChoice(e: Env): StorageChoice {
  const timeoutMs = Math.round(e.STORAGE_TIMEOUT_SECONDS * 1000);
  if (e.STORAGE === 'memory') return { kind: 'memory' };
  if (e.STORAGE === 'blob') {
    return {
      kind: 'blob',
      connectionString: e.BLOB_CONNECTION_STRING!,
      stateContainer: e.BLOB_STATE_CONTAINER,
      transcriptsContainer: e.BLOB_TRANSCRIPTS_CONTAINER,
      timeoutMs,
    };
  }
  return { kind: 'sqlite', path: e.STORAGE_PATH, timeoutMs };
}

/** Parses the environment once; a bad value throws a ConfigError naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  // ':memory:' is SQLite's name for a database that ends with the process.
  const stateFile = e.STORAGE === 'sqlite' && e.STORAGE_PATH !== ':memory:' ? e.STORAGE_PATH : undefined;
  return {
    auth: {
      MicrosoftAppId: e.MicrosoftAppId,
      MicrosoftAppPassword: e.MicrosoftAppPassword,
      MicrosoftAppType: e.MicrosoftAppType,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId,
      ChannelService: e.ChannelService,
      ValidateAuthority: e.ValidateAuthority,
      ToChannelFromBotLoginUrl: e.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: e.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: e.ToBotFromChannelTokenIssuer,
      OAuthUrl: e.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: e.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: e.CallerId,
    },
    allowedServiceUrls: e.ALLOWED_SERVICE_URLS ?? [],
    replyTimeoutMs: e.REPLY_TIMEOUT_SECONDS * 1000,
    unauthenticatedPerMinute: e.UNAUTHENTICATED_MESSAGES_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    frameAncestors: e.FRAME_ANCESTORS,
    port: e.PORT,
    defaultLanguage: e.DEFAULT_LOCALE,
    portals: { online: e.BILLING_PORTAL_URL, corporate: e.CORPORATE_BILLING_PORTAL_URL },
    supportUrl: e.SUPPORT_URL,
    contacts: {
      de: { online: e.CONTACT_OPTIONS_DE, corporate: e.CORPORATE_CONTACT_OPTIONS_DE },
      en: { online: e.CONTACT_OPTIONS_EN, corporate: e.CORPORATE_CONTACT_OPTIONS_EN },
    },
    storage: storageChoice(e),
    retention: {
      transcriptDays: e.TRANSCRIPT_RETENTION_DAYS,
      stateDays: e.STATE_RETENTION_DAYS,
      sweepMinutes: e.RETENTION_SWEEP_MINUTES,
      insightDays: e.INSIGHTS_RETENTION_DAYS,
      missedLineDays: e.MISSED_LINES_RETENTION_DAYS,
    },
    insights: { idleMinutes: e.INSIGHTS_IDLE_MINUTES, missedLineDays: e.MISSED_LINES_RETENTION_DAYS },
    maxFailedAnswers: e.MAX_FAILED_ANSWERS,
    modelCacheDir: e.MODEL_CACHE_DIR === 'off' ? false : e.MODEL_CACHE_DIR,
    handoff: {
      gateway: e.HANDOFF_GATEWAY,
      agents: e.AGENT_ACCOUNTS,
      timeoutSeconds: e.HANDOFF_TIMEOUT_SECONDS,
      businessHours: e.BUSINESS_HOURS,
      sessionHours: e.DESK_SESSION_HOURS,
    },
    directLine: {
      secret: e.DIRECT_LINE_SECRET,
      endpoint: e.DIRECT_LINE_ENDPOINT.replace(/\/+$/, ''),
      tokenSecret: e.DIRECT_LINE_TOKEN_SECRET,
      tokenKeyFile: stateFile && join(dirname(stateFile), 'directline-token.key'),
      resumeConversations: stateFile !== undefined || e.STORAGE === 'blob',
      allowedOrigins: e.DIRECT_LINE_ALLOWED_ORIGINS,
      idleMinutes: e.DIRECT_LINE_IDLE_MINUTES,
      newConversationsPerMinute: e.DIRECT_LINE_NEW_CHATS_PER_MINUTE,
      trustedProxyHops: e.TRUST_PROXY_HOPS,
    },
  };
}
