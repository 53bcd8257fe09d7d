import { z } from 'zod';
import type { Translations } from '../i18n/translator';

export const MANIFEST_VERSION = '1.22';
export const MANIFEST_SCHEMA = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;

/** The commands Teams lists under the compose box; their titles are what the user sends. */
const COMMANDS = [
  'changePaymentMethod',
  'whoIsBillingContact',
  'onlineVsCorporate',
  'agent',
  'help',
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const httpsUrl = z.url({ protocol: /^https$/ });

/** What the package needs from the environment; a bad or missing value is named. */
export const packageEnvSchema = z.object({
  MicrosoftAppId: z
    .string({ error: 'is required: the Azure Bot app registration id (a GUID) is the Teams bot id' })
    .regex(GUID, 'must be the app registration id, a GUID such as 00000000-0000-0000-0000-000000000000'),
  TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
  TEAMS_APP_VERSION: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+\.\d+\.\d+$/)
      .optional(),
  ),
  TEAMS_VALID_DOMAINS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((raw) =>
        raw
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be host names such as bot.example.com'),
        ),
      )
      .optional(),
  ),
  TEAMS_DEVELOPER_NAME: z.preprocess(emptyToUndefined, z.string().max(32).default('GoTo Billing Support')),
  TEAMS_WEBSITE_URL: z.preprocess(emptyToUndefined, httpsUrl.default('https://support.goto.com/meeting')),
  TEAMS_PRIVACY_URL: z.preprocess(
    emptyToUndefined,
    httpsUrl.default('https://www.goto.com/company/legal/privacy'),
  ),
  TEAMS_TERMS_URL: z.preprocess(
    emptyToUndefined,
    httpsUrl.default('https://www.goto.com/company/legal/terms-and-conditions'),
  ),
});
export type PackageEnv = z.infer<typeof packageEnvSchema>;

export class PackageConfigError extends Error {}

export function packageEnvFrom(env: NodeJS.ProcessEnv): PackageEnv {
  const parsed = packageEnvSchema.safeParse({ ...env, MicrosoftAppId: env.MicrosoftAppId || undefined });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${String(i.path[0])}: ${i.message}`);
    throw new PackageConfigError(`Cannot build the Teams app package:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The Teams app manifest (English by default) and its German localization file, from the locale files:
 * a personal, group-chat and team bot with a command list.
 */
export function appPackage(env: PackageEnv, translations: Translations, version: string) {
  const en = translations.for('en');
  const de = translations.for('de');
  const scopes = ['personal', 'groupChat', 'team'];
  const manifest = {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: env.TEAMS_APP_VERSION ?? version,
    id: env.TEAMS_APP_ID ?? env.MicrosoftAppId,
    developer: {
      name: env.TEAMS_DEVELOPER_NAME,
      websiteUrl: env.TEAMS_WEBSITE_URL,
      privacyUrl: env.TEAMS_PRIVACY_URL,
      termsOfUseUrl: env.TEAMS_TERMS_URL,
    },
    name: { short: en.t('teams.shortName'), full: en.t('teams.fullName') },
    description: { short: en.t('teams.shortDescription'), full: en.t('teams.fullDescription') },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#0B5CAB',
    localizationInfo: {
      defaultLanguageTag: 'en',
      additionalLanguages: [{ languageTag: 'de', file: 'de.json' }],
    },
    bots: [
      {
        botId: env.MicrosoftAppId,
        scopes,
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [
          {
            scopes,
            commands: COMMANDS.map((c) => ({
              title: en.t(`teams.commands.${c}.title`),
              description: en.t(`teams.commands.${c}.description`),
            })),
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: env.TEAMS_VALID_DOMAINS ?? [],
  };
  const localization: Record<string, string> = {
    $schema: LOCALIZATION_SCHEMA,
    'name.short': de.t('teams.shortName'),
    'name.full': de.t('teams.fullName'),
    'description.short': de.t('teams.shortDescription'),
    'description.full': de.t('teams.fullDescription'),
  };
  COMMANDS.forEach((c, i) => {
    localization[`bots[0].commandLists[0].commands[${i}].title`] = de.t(`teams.commands.${c}.title`);
    localization[`bots[0].commandLists[0].commands[${i}].description`] = de.t(
      `teams.commands.${c}.description`,
    );
  });
  return { manifest, localization, commands: COMMANDS };
}
