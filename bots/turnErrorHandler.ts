import { INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import { languageFromLocale, type Language } from '../domain/language';
import type { Translations } from '../i18n/translator';
import { turnLanguage } from '../i18n/turnLanguage';
import { log as defaultLog, type Logger } from '../logging/logger';
import { turnLog } from '../middleware/turnLog';
import { ConversationBusyError } from '../middleware/conversationLock';
import { isEtagConflict, isStorageUnavailable } from '../storage/storageErrors';

/**
 * The adapter's onTurnError: log what failed (never the user's text: it could hold personal data)
 * and apologise in the user's language. A failure to apologise is logged, not rethrown, so the
 * channel gets no 5xx for one broken turn. The ids are fields of a JSON line, not text spliced into
 * one: a conversation id with a newline cannot forge a log line.
 */
export function createTurnErrorHandler(
  translations: Translations,
  defaultLanguage: Language,
  log: Logger = defaultLog,
) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { channelId, conversation, type } = context.activity;
    turnLog(context, log).error(
      { channelId, conversationId: conversation?.id, activityType: type, err: error },
      'turn failed',
    );
    // An invoke must still get its response, or the adapter answers 501 for a client's bad request.
    if (type === 'invoke' && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
      const response = {
        type: 'invokeResponse',
        value: { status: 400, body: { error: 'the request could not be processed' } },
      };
      await context.sendActivity(response).catch(() => undefined);
      context.turnState.set(INVOKE_RESPONSE_KEY, response);
      return;
    }
    try {
      // The store did not answer in time (or another instance kept the conversation): say so, not "a bug".
      const storage =
        isStorageUnavailable(error) || isEtagConflict(error) || error instanceof ConversationBusyError;
      const key = storage ? 'general.storageUnavailable' : 'general.error';
      // Before the locale middleware ran (the store failed), the channel's locale is the best guess.
      const fallback = languageFromLocale(context.activity.locale) ?? defaultLanguage;
      await context.sendActivity(translations.for(turnLanguage(context, fallback)).t(key));
    } catch (sendError) {
      log.error({ conversationId: conversation?.id, err: sendError }, 'could not send the apology');
    }
  };
}
