import type { TurnContext } from 'botbuilder';
import type { Language } from '../domain/language';
import type { Translations } from '../i18n/translator';
import { turnLanguage } from '../i18n/turnLanguage';

/**
 * The adapter's onTurnError: log what failed (never the user's text: it could hold personal data)
 * and apologise in the user's language. A failure to apologise is logged, not rethrown, so the
 * channel gets no 5xx for one broken turn.
 */
export function createTurnErrorHandler(translations: Translations, defaultLanguage: Language, log = console) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { channelId, conversation, type } = context.activity;
    log.error(`[onTurnError] ${channelId}/${conversation?.id} ${type}: ${error.stack ?? error.message}`);
    try {
      await context.sendActivity(translations.for(turnLanguage(context, defaultLanguage)).t('general.error'));
    } catch (sendError) {
      log.error(`[onTurnError] could not send the apology: ${(sendError as Error).message}`);
    }
  };
}
