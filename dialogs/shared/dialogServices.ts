import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { AccountKind } from '../../domain/accountKind';
import type { Language } from '../../domain/language';
import type { UserProfile } from '../../domain/userProfile';
import type { ContactOption } from '../../config/configSchema';
import type { CaseStore } from '../../form/caseStore';
import type { FactExtractor } from '../../form/extractFacts';
import type { HandoffGateway } from '../../handoff/handoffGateway';
import type { HandoffSessions } from '../../handoff/handoffSessions';
import type { DeskQueue } from '../../handoff/deskQueue';
import type { InsightRecorder } from '../../insights/insightRecorder';
import type { Translations, Translator } from '../../i18n/translator';
import { turnLanguage } from '../../i18n/turnLanguage';
import type { IntentRecognizer } from '../../nlu/recognizer';
import type { LanguageDetector } from '../../nlu/languageDetector';

/** The router's own bookkeeping, not the customer's data. */
export interface RouterState {
  /** Messages in a row that were not understood. */
  misunderstood: number;
  /** The last line answered with an FAQ: if the next one says "no", the answer missed (kept for review). */
  lastAnswered?: string;
  /** The welcome was shown in this conversation: a later "hallo" gets a short answer, not the welcome again. */
  welcomed?: boolean;
}

/** What the dialogs need from outside, passed in through constructors so tests can swap any part. */
export interface DialogServices {
  translations: Translations;
  recognizer: IntentRecognizer;
  languageDetector: LanguageDetector;
  /** The case: the one writer of the customer's facts. */
  cases: CaseStore;
  facts: FactExtractor;
  routerState: StatePropertyAccessor<RouterState>;
  userProfile: StatePropertyAccessor<UserProfile>;
  handoff: HandoffGateway;
  handoffSessions: HandoffSessions;
  /** The built-in agent desk, when HANDOFF_GATEWAY is desk. */
  desk?: DeskQueue;
  portals: Record<AccountKind, string>;
  supportUrl: string;
  contacts: Record<Language, Partial<Record<AccountKind, ContactOption[]>>>;
  defaultLanguage: Language;
  maxFailedAnswers: number;
  /** Steps of the conversation for the support manager's dashboard (no personal data). */
  insights: InsightRecorder;
}

/** The translator for the language of this turn. */
export function translatorFor(services: DialogServices, context: TurnContext): Translator {
  return services.translations.for(turnLanguage(context, services.defaultLanguage));
}
