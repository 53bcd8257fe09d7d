import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { Translations } from '../../i18n/translator';
import type { Language } from '../../domain/language';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { ASKS, LINES } from '../helpers/scripts';
import { cardInputs, cardText, TeamsUser } from '../helpers/teams';

const translations = new Translations();
const LOCALE = { de: 'de-DE', en: 'en-US' } as const;

/** Reaches the details form in Teams: change, billing contact, account kind, guide, "check my details". */
async function toForm(user: TeamsUser, lang: Language, kind: 'online' | 'corporate') {
  const l = LINES[lang];
  await user.says(l.start);
  await user.says(l.yes);
  const guide = await user.says(kind === 'online' ? l.online : l.corporate);
  const form = await user.says(l.check);
  return { guide, form };
}

describe('conversation: the assistant in Microsoft Teams', () => {
  let bot: TestBot;
  before(async () => (bot = await createTestBot()));

  for (const lang of ['de', 'en'] as const) {
    const tr = translations.for(lang);

    describe(`${lang}: personal chat`, () => {
      it('welcomes once on installation, in the Teams locale; member changes bring no welcome', async () => {
        const user = new TeamsUser(bot, LOCALE[lang]);
        (await user.installs()).says(tr.t('flow.welcome.greeting')).offers(tr.t('menu.changePaymentMethod'));
        const again = await user.memberJoins();
        assert.equal(again.messages.length, 0, again.text);
      });

      it('answers every message, with quick replies as suggested actions', async () => {
        const user = new TeamsUser(bot, LOCALE[lang]);
        (await user.says(LINES[lang].start))
          .says(ASKS[lang].billingContact)
          .offers(tr.t('choices.yes.label'));
      });

      it('shows the portal steps as a card with the portal as a link button, then the details form', async () => {
        const user = new TeamsUser(bot, LOCALE[lang]);
        const { guide, form } = await toForm(user, lang, 'online');
        const guideCard = guide.attachments[0]?.content as { actions: { type: string; url: string }[] };
        assert.deepEqual(guideCard.actions, [
          {
            type: 'Action.OpenUrl',
            title: tr.t('flow.guide.openOnline'),
            url: 'https://billing.logmeininc.com',
          },
        ]);
        assert.ok(cardText(guideCard).includes(tr.t('labels.updatePaymentMethod')));
        const inputs = cardInputs(form.attachments[0]!.content as never);
        assert.deepEqual(
          [...inputs.keys()],
          ['country', 'vatId', 'companyName', 'accountEmail', 'paymentMethod'],
        );
        assert.deepEqual(
          inputs.get('paymentMethod')?.choices?.map((c) => c.value),
          ['card', 'paypal'],
          'the methods of an online account',
        );
        assert.ok((inputs.get('country')?.choices?.length ?? 0) > 200);
      });

      it('a valid form submit replaces the form with the summary; "all correct" goes on', async () => {
        const user = new TeamsUser(bot, LOCALE[lang]);
        await toForm(user, lang, 'online');
        const result = await user.executes({
          form: 'details',
          country: 'AT',
          vatId: 'ATU13585627',
          companyName: LINES[lang].company,
          accountEmail: LINES[lang].email,
          paymentMethod: 'paypal',
        });
        assert.equal(result.status, 200);
        assert.equal(result.type, 'application/vnd.microsoft.card.adaptive');
        const summary = cardText(result.card);
        for (const fact of ['ATU13585627', LINES[lang].company, LINES[lang].email, 'PayPal'])
          assert.ok(summary.includes(fact), `${fact} in the summary:\n${summary}`);
        assert.ok(summary.includes(tr.t('choices.confirm.label')));
        const confirmed = await user.executes(
          { choice: 'confirm', label: tr.t('choices.confirm.label') },
          'choice',
        );
        assert.ok(cardText(confirmed.card).includes(`✓ ${tr.t('choices.confirm.label')}`));
        confirmed.reply.says('ATU13585627', ASKS[lang].outcome);
      });

      it('a submit with errors returns the same form, the values kept and a reason under each wrong field', async () => {
        const user = new TeamsUser(bot, LOCALE[lang]);
        await toForm(user, lang, 'corporate');
        const result = await user.executes({
          form: 'details',
          country: 'DE',
          vatId: 'DE123456789',
          companyName: '!!',
          corporateUserId: 'max muster',
          paymentMethod: 'directDebit',
        });
        assert.ok(result.card, 'the form comes back');
        const inputs = cardInputs(result.card!);
        assert.equal(inputs.get('vatId')?.value, 'DE123456789', 'the wrong value is kept for correcting');
        assert.equal(inputs.get('companyName')?.value, '!!');
        assert.equal(inputs.get('country')?.value, 'DE');
        const text = cardText(result.card);
        assert.ok(text.includes(lang === 'de' ? 'Prüfziffer' : 'check digit'), text);
        assert.ok(
          text.includes(tr.t('validation.userId.invalid', { input: 'max muster' }).slice(0, 20)),
          text,
        );
        // The customer corrects the two fields; the summary follows.
        const fixed = await user.executes({
          form: 'details',
          country: 'DE',
          vatId: 'DE136695976',
          companyName: LINES[lang].company,
          corporateUserId: 'max.muster',
          paymentMethod: 'directDebit',
        });
        const summary = cardText(fixed.card);
        assert.ok(summary.includes('DE136695976') && summary.includes('max.muster'), summary);
      });

      it('a user who types instead of filling the card goes on question by question', async () => {
        const user = new TeamsUser(bot, LOCALE[lang]);
        await toForm(user, lang, 'online');
        (await user.says(LINES[lang].country)).says(ASKS[lang].vat);
        (await user.says(LINES[lang].vat)).says(ASKS[lang].company);
        await user.says(LINES[lang].company);
        await user.says(LINES[lang].email);
        const summary = await user.says(LINES[lang].method);
        assert.ok(cardText(summary.attachments[0]?.content).includes(LINES[lang].company));
      });
    });

    describe(`${lang}: group chat and channel`, () => {
      it('stays quiet unless @mentioned, and reads the message without the mention', async () => {
        const user = new TeamsUser(bot, LOCALE[lang], 'groupChat');
        const quiet = await user.says(LINES[lang].start);
        assert.equal(quiet.activities.length, 0, 'no answer and no typing to a message not for the bot');
        const answer = await user.mentions(LINES[lang].start);
        assert.ok(cardText(answer.attachments[0]?.content).includes(ASKS[lang].billingContact));
        // Choices as card buttons: Teams shows no suggested actions in groups.
        assert.equal(answer.suggestions.length, 0);
        const card = answer.attachments[0]?.content;
        assert.ok(cardText(card).includes(tr.t('choices.unsure.label')));
      });

      it('a click on a card button answers the question', async () => {
        const user = new TeamsUser(bot, LOCALE[lang], 'channel');
        await user.mentions(LINES[lang].start);
        const clicked = await user.executes({ choice: 'yes', label: tr.t('choices.yes.label') }, 'choice');
        assert.ok(cardText(clicked.card).includes(`✓ ${tr.t('choices.yes.label')}`));
        assert.ok(cardText(clicked.reply.attachments[0]?.content).includes(ASKS[lang].accountKind));
      });
    });
  }

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: each command of the Teams command list does what it says`, async () => {
      const tr = translations.for(lang);
      const expect: Record<string, string> = {
        changePaymentMethod: ASKS[lang].billingContact,
        whoIsBillingContact: tr.t('faq.whoIsBillingContact').slice(0, 30),
        onlineVsCorporate: tr.t('faq.onlineVsCorporate', { billingUrl: 'x', corporateUrl: 'y' }).slice(0, 25),
        agent: tr.t('escalation.intro'),
        help: tr.t('general.help').slice(0, 30),
      };
      for (const [command, reply] of Object.entries(expect)) {
        const user = new TeamsUser(bot, LOCALE[lang]);
        (await user.says(tr.t(`teams.commands.${command}.title`))).says(reply);
      }
    });
  }

  it('de: a long German label is whole on a card button (a wrapping row, not a cut-off button)', async () => {
    const user = new TeamsUser(bot, 'de-DE', 'groupChat');
    await user.mentions(LINES.de.start);
    await user.executes({ choice: 'yes', label: 'Ja' }, 'choice');
    const kind = await user.mentions('Unternehmenskonto');
    assert.ok(cardText(kind.attachments[0]?.content).includes('Unternehmenskontos'), 'the corporate guide');
    const offer = kind.attachments.at(-1)?.content as {
      body: { type: string; items?: { text: string; wrap: boolean }[] }[];
    };
    const rows = offer.body.filter((b) => b.type === 'Container');
    assert.ok(rows.length >= 2);
    assert.ok(rows.every((r) => r.items?.[0].wrap === true));
  });

  it("en: the handoff reaches the agent desk from Teams, and the agent's messages reach the Teams user", async () => {
    const passwordHash = await hash('correct horse battery', { algorithm: 2 });
    const deskBot = await createTestBot({
      HANDOFF_GATEWAY: 'desk',
      AGENT_ACCOUNTS: JSON.stringify([
        { username: 'ben', passwordHash, displayName: 'Ben Meyer', languages: ['en'] },
      ]),
    });
    const user = new TeamsUser(deskBot, 'en-US');
    const queued = await user.says('agent');
    const ref = /GTM-[2-9A-Z]{6}/.exec(queued.text)?.[0];
    assert.ok(ref, queued.text);
    const deskCase = await deskBot.app.desk!.get(ref!);
    assert.equal(deskCase?.reference.channelId, 'msteams');
    await deskBot.app.desk!.accept(ref!, { username: 'ben', displayName: 'Ben Meyer', languages: ['en'] });
    await deskBot.app.desk!.toCustomer(
      ref!,
      { username: 'ben', displayName: 'Ben Meyer' },
      'Hello from the desk',
    );
    const proactive = deskBot.adapter.activeQueue
      .splice(0)
      .filter((a) => a.conversation?.id === user.conversationId);
    assert.ok(
      proactive.some((a) => a.text?.includes('Hello from the desk')),
      JSON.stringify(proactive.map((a) => a.text)),
    );
  });
});
