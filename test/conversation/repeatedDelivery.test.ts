import assert from 'node:assert/strict';
import { Translations } from '../../i18n/translator';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LANGS, LINES, conversation, reachCountryQuestion } from '../helpers/scripts';

const translations = new Translations();

/**
 * Channels deliver an activity again when the bot was slow to acknowledge it. The repeat must not be
 * taken as the answer to the next question.
 */
describe('conversation: a delivery that arrives twice', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  const austria = { de: 'Österreich', en: 'Austria' } as const;

  for (const lang of LANGS) {
    const tr = translations.for(lang);
    const askVat = tr.t('flow.collect.askVat', { country: austria[lang], prefix: 'AT' });

    it(`${lang}: the same activity id twice is answered once; the next question stays open`, async () => {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      const id = `retry-${lang}-${Date.now()}`;
      (await c.sends({ type: 'message', text: austria[lang], id })).says(askVat);
      const repeat = await c.sends({ type: 'message', text: austria[lang], id });
      assert.equal(repeat.messages.length, 0, `the repeat was answered:\n${repeat.text}`);
      (await c.says('ATU13585627')).says(tr.t('flow.collect.vatAccepted', { vatId: 'ATU13585627' }));
    });

    it(`${lang}: the same Web Chat clientActivityID under a new id is a repeat too`, async () => {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      const channelData = { clientActivityID: `web-${lang}-${Date.now()}` };
      (await c.sends({ type: 'message', text: austria[lang], channelData })).says(askVat);
      const repeat = await c.sends({ type: 'message', text: austria[lang], channelData });
      assert.equal(repeat.messages.length, 0, `the repeat was answered:\n${repeat.text}`);
      (await c.says('ATU13585627')).says(ASKS[lang].company);
    });

    it(`${lang}: a different message with a new id is answered as usual`, async () => {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      (await c.sends({ type: 'message', text: austria[lang], id: `a-${lang}-${Date.now()}` })).says(askVat);
      (await c.sends({ type: 'message', text: 'ATU13585627', id: `b-${lang}-${Date.now()}` })).says(
        ASKS[lang].company,
      );
      (await c.says(LINES[lang].company)).says(ASKS[lang].email);
    });
  }
});
