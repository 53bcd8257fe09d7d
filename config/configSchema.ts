import { z } from 'zod';
import { businessHoursSchema } from '../domain/businessHours';
import { LANGUAGES } from '../domain/language';

/** One way to reach customer service, shown to the user as a link or a line of text. */
export const contactOptionSchema = z.object({
  label: z
    .string({ error: 'the name customers see, as text (e.g. "label":"Hotline")' })
    .min(1, { error: 'the name customers see, as text (e.g. "label":"Hotline")' }),
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
  email: z.email({ error: 'an email address' }).optional(),
  phone: z
    .string({ error: 'a phone number as text' })
    .min(3, { error: 'a phone number (3+ characters)' })
    .optional(),
  hours: z.string({ error: 'opening hours as text (e.g. "Mon-Fri 9-17")' }).optional(),
});
export type ContactOption = z.infer<typeof contactOptionSchema>;

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/**
 * The messages of the schemas below say what is expected ("a whole number from 1 to 65535"), or, starting
 * with "is" or "must", what is wrong; loadConfig puts the variable's name and value in front.
 */
function wholeNumber(min: number, max: number, fallback: number) {
  const expected = { error: `a whole number from ${min} to ${max}` };
  return z.preprocess(
    emptyToUndefined,
    z.coerce.number(expected).int(expected).min(min, expected).max(max, expected).default(fallback),
  );
}

function decimal(min: number, max: number, fallback: number) {
  const expected = { error: `a number from ${min} to ${max}` };
  return z.preprocess(
    emptyToUndefined,
    z.coerce.number(expected).min(min, expected).max(max, expected).default(fallback),
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

function httpUrl() {
  return z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. https://billing.logmeininc.com' });
}

/** A value that holds JSON: parsed here, so a typo is named at start-up. */
function json<T extends z.ZodType>(schema: T, expected: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `valid JSON: ${expected}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Azure's rule for container names: 3-63 lower-case letters, digits and single hyphens. */
const containerName = z
  .string()
  .regex(
    /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/,
    'must be 3-63 lower-case letters, digits and single hyphens (an Azure container name)',
  );

/** Environment variables hold JSON for the contact lists. */
const jsonContactList = json(
  z.array(contactOptionSchema, { error: 'an array of {label, url|email|phone}' }).min(1, {
    error: 'at least one contact option, e.g. [{"label":"Hotline","phone":"+49 30 123456"}]',
  }),
  'an array of {label, url|email|phone}',
);

/** One person who may sign in to the agent desk; the password only as an argon2id hash (npm run desk:hash-password). */
export const agentAccountSchema = z.object({
  username: z
    .string({ error: '2-64 letters, digits or . _ @ -' })
    .regex(/^[A-Za-z0-9._@-]{2,64}$/, '2-64 letters, digits or . _ @ -'),
  passwordHash: z
    .string({ error: 'an argon2id hash ($argon2id$v=19$...), made with npm run desk:hash-password' })
    .regex(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/, {
      message: 'an argon2id hash ($argon2id$v=19$...), made with npm run desk:hash-password',
    }),
  displayName: z
    .string({ error: 'the name customers see, 1-80 characters' })
    .trim()
    .min(1, { error: 'the name customers see, 1-80 characters' })
    .max(80, { error: 'the name customers see, 1-80 characters' }),
  languages: z
    .array(z.enum(LANGUAGES), { error: 'a list of de and en, e.g. ["de","en"]' })
    .min(1, { error: 'a list of de and en, e.g. ["de","en"]' }),
  /** "supervisor" also opens the insights dashboard (/agent/insights) and reviews missed lines. */
  role: z.enum(['agent', 'supervisor'], { error: 'agent or supervisor' }).default('agent'),
});
export type AgentAccount = z.infer<typeof agentAccountSchema>;

const agentAccountList = json(
  z
    .array(agentAccountSchema)
    .refine(
      (list) => new Set(list.map((a) => a.username.toLowerCase())).size === list.length,
      'usernames must be unique',
    ),
  'an array of {username, passwordHash, displayName, languages, role?}',
);

/** A comma-separated list of origins ("https://help.example.com") or '*'; paths or typos are named at start-up. */
const originList = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((o) => {
          if (o === '*') return true;
          try {
            const url = new URL(o);
            return /^https?:$/.test(url.protocol) && url.origin === o;
          } catch {
            return false;
          }
        }, 'must be * or origins like https://help.example.com (scheme and host, no path or trailing slash)'),
      )
      .min(1),
  );

/** Every variable the bot reads. Names follow the Bot Framework samples where one exists. */
export const envSchema = z
  .object({
    MicrosoftAppId: z.string().default(''),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    ),
    MicrosoftAppTenantId: z.string().default(''),
    // botbuilder's own authentication settings, passed to ConfigurationBotFrameworkAuthentication unchanged
    // (sovereign clouds, a local OpenID metadata stand-in in tests). Once one of the ToChannel/ToBot/OAuth ones
    // is set, botbuilder takes all of them as given: set every one.
    ChannelService: z.preprocess(emptyToUndefined, z.string().optional()),
    ValidateAuthority: z.preprocess(emptyToUndefined, oneOf(['true', 'false']).optional()),
    ToChannelFromBotLoginUrl: z.preprocess(emptyToUndefined, z.url().optional()),
    ToChannelFromBotOAuthScope: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    ToBotFromChannelTokenIssuer: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    OAuthUrl: z.preprocess(emptyToUndefined, z.url().optional()),
    ToBotFromChannelOpenIdMetadataUrl: z.preprocess(emptyToUndefined, z.url().optional()),
    ToBotFromEmulatorOpenIdMetadataUrl: z.preprocess(emptyToUndefined, z.url().optional()),
    CallerId: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    // Without credentials replies go to loopback only, and to these URL prefixes.
    ALLOWED_SERVICE_URLS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((raw) =>
          raw
            .split(',')
            .map((u) => u.trim())
            .filter(Boolean),
        )
        .pipe(z.array(z.url({ protocol: /^https?$/ })))
        .optional(),
    ),
    REPLY_TIMEOUT_SECONDS: wholeNumber(1, 120, 10),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    // Which pages may embed the help page and the desk in a frame (CSP frame-ancestors); default only this site.
    FRAME_ANCESTORS: z.preprocess(emptyToUndefined, originList.optional()),
    PORT: wholeNumber(1, 65535, 3978),
    DEFAULT_LOCALE: z.preprocess(emptyToUndefined, oneOf(LANGUAGES).default('de')),
    BILLING_PORTAL_URL: z.preprocess(emptyToUndefined, httpUrl().default('https://billing.logmeininc.com')),
    CORPORATE_BILLING_PORTAL_URL: z.preprocess(
      emptyToUndefined,
      httpUrl().default('https://link.logmeininc.com/corp-billing'),
    ),
    SUPPORT_URL: z.preprocess(emptyToUndefined, httpUrl().default('https://support.goto.com/meeting')),
    // Optional full replacements of the default contact lists (JSON), per locale and account kind.
    CONTACT_OPTIONS_DE: z.preprocess(emptyToUndefined, jsonContactList.optional()),
    CONTACT_OPTIONS_EN: z.preprocess(emptyToUndefined, jsonContactList.optional()),
    CORPORATE_CONTACT_OPTIONS_DE: z.preprocess(emptyToUndefined, jsonContactList.optional()),
    CORPORATE_CONTACT_OPTIONS_EN: z.preprocess(emptyToUndefined, jsonContactList.optional()),
    STORAGE: z.preprocess(emptyToUndefined, oneOf(['sqlite', 'blob', 'memory']).default('sqlite')),
    STORAGE_PATH: z.preprocess(emptyToUndefined, z.string().min(1).default('./data/bot-state.sqlite')),
    // STORAGE=blob: an Azure Storage connection string ("UseDevelopmentStorage=true" for Azurite) and containers.
    BLOB_CONNECTION_STRING: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    BLOB_STATE_CONTAINER: z.preprocess(emptyToUndefined, containerName.default('bot-state')),
    BLOB_TRANSCRIPTS_CONTAINER: z.preprocess(emptyToUndefined, containerName.default('bot-transcripts')),
    // How long a turn waits for the storage engine before it apologises.
    STORAGE_TIMEOUT_SECONDS: decimal(0.1, 60, 5),
    TRANSCRIPT_RETENTION_DAYS: wholeNumber(1, 3650, 30),
    STATE_RETENTION_DAYS: wholeNumber(1, 3650, 30),
    // Insights (/agent/insights): a conversation quiet this long without an outcome counts as abandoned.
    INSIGHTS_IDLE_MINUTES: wholeNumber(5, 10_080, 30),
    // Days insight events (no personal data) and missed lines (redacted, for review) are kept.
    INSIGHTS_RETENTION_DAYS: wholeNumber(1, 3650, 400),
    MISSED_LINES_RETENTION_DAYS: wholeNumber(1, 365, 30),
    RETENTION_SWEEP_MINUTES: wholeNumber(1, 1440, 60),
    // Where trained intent models are kept between starts; "off" trains at every start (5-7 s).
    MODEL_CACHE_DIR: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    MAX_FAILED_ANSWERS: wholeNumber(1, 10, 3),
    // "off" loads the Bot Framework's packages as they are installed, not as native async functions
    // (server/nativeAsync, which reads it before this check: it runs before botbuilder loads).
    FRAMEWORK_NATIVE_ASYNC: z.preprocess(emptyToUndefined, oneOf(['on', 'off']).default('on')),
    // Web Chat widget: with DIRECT_LINE_SECRET the page gets Azure Direct Line tokens from POST /api/directline/token;
    // without it the bot serves its own Direct Line 3.0 endpoint under /v3/directline (server/directLine).
    DIRECT_LINE_SECRET: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    DIRECT_LINE_ENDPOINT: z.preprocess(
      emptyToUndefined,
      httpUrl().default('https://directline.botframework.com'),
    ),
    DIRECT_LINE_TOKEN_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(32, { error: 'at least 32 characters (e.g. openssl rand -base64 48)' }).optional(),
    ),
    DIRECT_LINE_ALLOWED_ORIGINS: z.preprocess(emptyToUndefined, originList.optional()),
    DIRECT_LINE_IDLE_MINUTES: wholeNumber(1, 1440, 30),
    DIRECT_LINE_NEW_CHATS_PER_MINUTE: wholeNumber(1, 10_000, 20),
    // Without credentials: activities one client address may send to /api/messages per minute.
    UNAUTHENTICATED_MESSAGES_PER_MINUTE: wholeNumber(1, 1_000_000, 300),
    TRUST_PROXY_HOPS: wholeNumber(0, 10, 0),
    // Escalation: the built-in agent desk (default) or the Bot Framework handoff protocol for a contact centre.
    HANDOFF_GATEWAY: z.preprocess(emptyToUndefined, oneOf(['desk', 'protocol']).default('desk')),
    AGENT_ACCOUNTS: z.preprocess(emptyToUndefined, agentAccountList.default([])),
    HANDOFF_TIMEOUT_SECONDS: wholeNumber(10, 86_400, 300),
    BUSINESS_HOURS: z.preprocess(
      emptyToUndefined,
      json(businessHoursSchema, '{"timeZone","days","open","close"}').optional(),
    ),
    DESK_SESSION_HOURS: wholeNumber(1, 24, 8),
  })
  .superRefine((env, ctx) => {
    // A password without an app id (or the reverse) means auth is half set up: refuse rather than run open.
    if (env.MicrosoftAppPassword && !env.MicrosoftAppId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'is required when MicrosoftAppPassword is set',
      });
    }
    if (env.STORAGE === 'blob' && !env.BLOB_CONNECTION_STRING) {
      ctx.addIssue({
        code: 'custom',
        path: ['BLOB_CONNECTION_STRING'],
        message: 'is required when STORAGE=blob (UseDevelopmentStorage=true for Azurite)',
      });
    }
    // Several instances must sign the built-in Direct Line's tokens with one key, or a token from one is
    // refused by the other.
    if (env.STORAGE === 'blob' && !env.DIRECT_LINE_SECRET && !env.DIRECT_LINE_TOKEN_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['DIRECT_LINE_TOKEN_SECRET'],
        message:
          'is required when STORAGE=blob: every instance must sign chat tokens with the same key (32+ characters, e.g. openssl rand -base64 48)',
      });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType is SingleTenant',
      });
    }
  });
export type Env = z.infer<typeof envSchema>;
