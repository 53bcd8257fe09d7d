import { dirname, join } from 'node:path';
import type { z } from 'zod';
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

/** Variables whose value is never printed, and fields inside a JSON value that are not either. */
const SECRET_VARIABLES = new Set([
  'MicrosoftAppPassword',
  'DIRECT_LINE_SECRET',
  'DIRECT_LINE_TOKEN_SECRET',
  'BLOB_CONNECTION_STRING',
]);
const SECRET_FIELDS = new Set(['passwordHash']);

/** zod's own wording ("Invalid input: expected string, received undefined") in words for the .env reader. */
const ZOD_TYPES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

function expectation(message: string): string {
  const zod = /^Invalid input: expected (\w+)/.exec(message);
  return zod ? (ZOD_TYPES[zod[1]] ?? zod[1]) : message;
}

function shown(value: unknown, secret: boolean): string {
  if (secret) return 'the value (not shown)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/**
 * One problem as a line a person can act on: the variable, where in its JSON (entry and field), the value
 * (unless it is a secret) and what is expected: `PORT: "abc" is not valid; expected a whole number from 1
 * to 65535`, `CONTACT_OPTIONS_DE: entry 1: "label" is missing; expected the name customers see ...`.
 */
function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const [head, ...rest] = issue.path;
  const name = String(head ?? 'configuration');
  const nested = rest.length > 0;
  const entry = typeof rest[0] === 'number' ? `entry ${rest[0] + 1}` : undefined;
  const field = rest.filter((p) => typeof p !== 'number').join('.');
  const where = [entry, field && `"${field}"`].filter(Boolean).join(', ');
  const value: unknown = nested ? issue.input : env[name];
  const secret = SECRET_VARIABLES.has(name) || rest.some((p) => SECRET_FIELDS.has(String(p)));
  const prefix = nested ? `${name}: ${where}` : name;
  // "is required when ...", "must be HH:MM": the message says what is wrong.
  if (/^(is|must) /.test(issue.message)) {
    return value === undefined
      ? `${prefix}: ${issue.message}`
      : `${prefix}: ${shown(value, secret)} ${issue.message}`;
  }
  const expected = expectation(issue.message);
  if (value === undefined) return `${prefix}${nested ? ' is missing' : ': missing'}; expected ${expected}`;
  return `${prefix}${nested ? ' is' : ':'} ${shown(value, secret)}${nested ? '' : ' is not valid'}; expected ${expected}`;
}

/** Parses the environment once; a bad value throws a ConfigError naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, env)));
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
