import assert from 'node:assert/strict';
import { Translations } from '../../i18n/translator';
import type { Language } from '../../domain/language';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LANGS, LINES, conversation, reachSummary } from '../helpers/scripts';
import type { Conversation, Reply } from '../helpers/conversation';

const translations = new Translations();

/**
 * A question the bot asks a second time (after "not sure", and the summary after a correction) must
 * behave like the first: help, a language switch, an empty message, a pasted card number and the help
 * page's resume all answer and ask it again, never "something went wrong".
 */
describe('conversation: interruptions at a question asked a second time', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  const other = (lang: Language): Language => (lang === 'de' ? 'en' : 'de');
  const switchLine = { de: 'English please', en: 'auf Deutsch bitte' } as const;
  const cardLine = { de: 'meine Karte ist 4111 1111 1111 1111', en: 'my card is 4111 1111 1111 1111' };

  /** "Not sure" at the billing-contact question: the bot explains how to check and asks again. */
  async function atContactAskedAgain(lang: Language): Promise<Conversation> {
    const c = conversation(bot, lang);
    await c.says(LINES[lang].start);
    (await c.says(LINES[lang].unsure)).says(translations.for(lang).t('flow.identify.askAgain'));
    return c;
  }

  /** A corrected field at the summary: the summary comes back. */
  async function atSummaryShownAgain(lang: Language): Promise<Conversation> {
    const c = conversation(bot, lang);
    await reachSummary(c, lang, 'online');
    await c.says(translations.for(lang).t('choices.editCompanyName.label'));
    (await c.says(lang === 'de' ? 'Beispiel AG' : 'Example Inc')).says(ASKS[lang].confirm);
    return c;
  }

  const paths = [
    { name: 'the billing-contact question after "not sure"', reach: atContactAskedAgain, key: 'askAgain' },
    { name: 'the summary after a correction', reach: atSummaryShownAgain, key: 'confirm' },
  ] as const;

  /** The open question of the path, in the given language. */
  function question(key: 'askAgain' | 'confirm', lang: Language): string {
    return key === 'askAgain' ? translations.for(lang).t('flow.identify.askAgain') : ASKS[lang].confirm;
  }

  function noError(reply: Reply, lang: Language): Reply {
    return reply.doesNotSay(translations.for(lang).t('general.error'));
  }

  for (const lang of LANGS) {
    const tr = translations.for(lang);
    for (const path of paths) {
      describe(`${lang}: at ${path.name}`, () => {
        it('help explains and asks it again', async () => {
          const c = await path.reach(lang);
          const reply = noError(await c.says(lang === 'de' ? 'Hilfe' : 'help'), lang);
          reply.says(tr.t('general.help').slice(0, 40), question(path.key, lang));
        });

        it('a language switch asks it again in the other language', async () => {
          const c = await path.reach(lang);
          const reply = noError(await c.says(switchLine[lang]), lang);
          reply.says(question(path.key, other(lang)));
        });

        it('an empty message is answered and it is asked again', async () => {
          const c = await path.reach(lang);
          noError(await c.says(''), lang).says(tr.t('general.emptyMessage'), question(path.key, lang));
        });

        it('a card number is not echoed, the customer is warned and it is asked again', async () => {
          const c = await path.reach(lang);
          const reply = noError(await c.says(cardLine[lang]), lang);
          reply.says(tr.t('general.cardLeakContinue'), question(path.key, lang)).doesNotSay('4111');
        });

        it("the help page's resume welcomes back and asks it again", async () => {
          const c = await path.reach(lang);
          const reply = noError(await c.sends({ type: 'event', name: 'webchat/resume' }), lang);
          reply.says(tr.t('general.welcomeBack'), question(path.key, lang));
        });

        it('after all that, an answer still goes on', async () => {
          const c = await path.reach(lang);
          await c.says('');
          const reply = noError(
            await c.says(path.key === 'askAgain' ? LINES[lang].yes : LINES[lang].confirm),
            lang,
          );
          if (path.key === 'askAgain') reply.says(ASKS[lang].accountKind);
          else reply.says(ASKS[lang].outcome);
          assert.ok(reply.text.length > 0);
        });
      });
    }
  }
});
