import type { ContactOption } from '../../config/configSchema';
import type { AccountKind } from '../../domain/accountKind';
import type { Translator } from '../../i18n/translator';
import type { DialogServices } from './dialogServices';

function line(option: ContactOption): string {
  const targets = [option.url, option.email, option.phone].filter((t): t is string => Boolean(t));
  const hours = option.hours ? ` (${option.hours})` : '';
  return `- **${option.label}**${targets.length ? `: ${targets.join(', ')}` : ''}${hours}`;
}

/** The configured contact list for this language and account kind, or the locale's default wording. */
export function contactOptionsText(
  services: DialogServices,
  tr: Translator,
  kind: AccountKind | undefined,
): string {
  const configured = services.contacts[tr.language][kind ?? 'online'];
  const lines = configured
    ? configured.map(line)
    : [
        ...(kind === 'corporate' ? [`- ${tr.t('escalation.defaultCorporate')}`] : []),
        `- ${tr.t('escalation.defaultSupport', { url: services.supportUrl })}`,
        `- ${tr.t('escalation.defaultCases')}`,
      ];
  return [tr.t('escalation.intro'), ...lines].join('\n');
}
