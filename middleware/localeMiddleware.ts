import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { languageFromLocale, type Language } from '../domain/language';
import { setTurnLanguage } from '../i18n/turnLanguage';
import type { UserProfile } from '../domain/userProfile';

/** The language of the turn: the user's choice if they made one, else the channel's locale, else the default. */
export class LocaleMiddleware implements Middleware {
  constructor(
    private readonly userProfile: StatePropertyAccessor<UserProfile>,
    private readonly defaultLanguage: Language,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const profile = await this.userProfile.get(context, {});
    const language = profile.language ?? languageFromLocale(context.activity.locale) ?? this.defaultLanguage;
    setTurnLanguage(context, language);
    await next();
  }
}
