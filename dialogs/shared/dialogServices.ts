import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { AccountKind } from '../../domain/accountKind';
import type { Language } from '../../domain/language';
import type { ContactOption } from '../../config/configSchema';
import type { HandoffGateway } from '../../handoff/handoffGateway';
import type { Translations, Translator } from '../../i18n/translator';
import { turnLanguage } from '../../i18n/turnLanguage';
import type { IntentRecognizer } from '../../nlu/recognizer';
import type { LanguageDetector } from '../../nlu/languageDetector';
import type { CaseRecord, ConversationFlags, UserProfile } from './caseRecord';

/** What the dialogs need from outside, passed in through constructors so tests can swap any part. */
export interface DialogServices {
  translations: Translations;
  recognizer: IntentRecognizer;
  languageDetector: LanguageDetector;
  caseRecord: StatePropertyAccessor<CaseRecord>;
  flags: StatePropertyAccessor<ConversationFlags>;
  userProfile: StatePropertyAccessor<UserProfile>;
  handoff: HandoffGateway;
  portals: Record<AccountKind, string>;
  supportUrl: string;
  contacts: Record<Language, Partial<Record<AccountKind, ContactOption[]>>>;
  defaultLanguage: Language;
  maxFailedAnswers: number;
}

/** The translator for the language of this turn. */
export function translatorFor(services: DialogServices, context: TurnContext): Translator {
  return services.translations.for(turnLanguage(context, services.defaultLanguage));
}
