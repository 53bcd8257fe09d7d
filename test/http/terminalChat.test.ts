/**
 * The terminal chat (npm run chat): how it renders what the bot sends, its options, and a real
 * conversation with the bot process driven through piped stdin.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { Activity } from 'botbuilder';
import { summaryCard } from '../../cards/summaryCard';
import { Translations } from '../../i18n/translator';
import { numbered, plain, renderActivities, wrapLine } from '../../tools/renderActivity';
import { parseChatArgs } from '../../tools/terminalChat';
import { REPO_ROOT, removeTempDirs, startBot, watch, type BotProcess } from '../helpers/botProcess';

const de = new Translations().for('de');
const en = new Translations().for('en');

/** Runs the chat tool with the given stdin lines; resolves when it exits. */
async function chat(
  args: string[],
  lines: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'tools/terminalChat.ts', ...args],
    {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const output = watch(child);
  child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  const code = await output.exited;
  return { code, out: output.stdout(), err: output.stderr() };
}

function includes(out: string, text: string): void {
  assert.ok(out.includes(text), `output should contain "${text}" but was:\n${out}`);
}

describe('terminal chat', function () {
  this.timeout(60_000);

  describe('rendering', () => {
    it('renders the summary card as text facts and numbers its buttons, which submit their data', () => {
      const card = summaryCard(
        'Ihre Angaben',
        [
          {
            title: 'Rechnungsland',
            value: 'Österreich',
            edit: { title: 'Land ändern', choice: 'editCountry' },
          },
          { title: 'USt-IdNr.', value: 'ATU13585627' },
        ],
        { title: 'Alles korrekt', choice: 'confirm' },
        'Ändern',
      );
      const activity: Partial<Activity> = {
        type: 'message',
        text: 'Ist alles korrekt?',
        attachments: [card],
      };
      const rendered = renderActivities([activity]);
      assert.deepEqual(rendered.lines, [
        'Ist alles korrekt?',
        'Ihre Angaben',
        'Rechnungsland: Österreich',
        'USt-IdNr.: ATU13585627',
      ]);
      assert.deepEqual(rendered.options, [
        {
          label: 'Land ändern',
          payload: { text: '', value: { choice: 'editCountry', label: 'Land ändern' } },
        },
        {
          label: 'Alles korrekt',
          payload: { text: '', value: { choice: 'confirm', label: 'Alles korrekt' } },
        },
      ]);
    });

    it('offers only the last quick replies, sent as text, numbered on one line', () => {
      const rendered = renderActivities([
        {
          type: 'message',
          text: 'old',
          suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Alt', value: 'Alt' }] },
        },
        {
          type: 'message',
          text: 'Sind Sie der **Abrechnungskontakt**?',
          suggestedActions: {
            to: [],
            actions: [
              { type: 'imBack', title: 'Ja', value: 'Ja' },
              { type: 'imBack', title: 'Nein', value: 'Nein' },
            ],
          },
        },
      ]);
      assert.deepEqual(rendered.lines, ['old', 'Sind Sie der Abrechnungskontakt?']);
      assert.equal(numbered(rendered.options), '1) Ja  2) Nein');
      assert.deepEqual(rendered.options[1].payload, { text: 'Nein' });
    });

    it('shows events as one line and skips typing', () => {
      const rendered = renderActivities([
        { type: 'typing' },
        { type: 'event', name: 'handoff.initiate', value: {} },
        { type: 'event', name: 'custom.thing' },
      ]);
      assert.deepEqual(rendered.lines, ['[event handoff.initiate]', '[event custom.thing]']);
    });

    it('breaks long lines at spaces, never inside a word, and indents what follows', () => {
      const text = 'Bot: Guten Tag, ich bin der Abrechnungsassistent für GoToMeeting. Zahlungsmethode';
      const wrapped = wrapLine(text, 30, '     ');
      assert.equal(
        wrapped,
        [
          'Bot: Guten Tag, ich bin der',
          '     Abrechnungsassistent für',
          '     GoToMeeting.',
          '     Zahlungsmethode',
        ].join('\n'),
      );
      assert.ok(wrapped.split('\n').every((line) => line.length <= 30));
      // Every word is whole: the text is the same once the breaks are undone.
      assert.equal(wrapped.replace(/\n +/g, ' '), text);
    });
  });

  describe('options', () => {
    it('without --url and BOT_URL, talks to localhost on PORT, as npm start listens', () => {
      assert.equal(parseChatArgs([], { PORT: '4001' }).url, 'http://localhost:4001/api/messages');
      assert.equal(
        parseChatArgs(['--url', 'http://x:2/api/messages'], { PORT: '4001' }).url,
        'http://x:2/api/messages',
      );
      assert.throws(() => parseChatArgs([], { PORT: 'abc' }), /PORT must be a port number, not "abc"/);
    });

    it('defaults to German, BOT_URL, then localhost:3978, and the terminal channel', () => {
      assert.deepEqual(parseChatArgs([], {}), {
        lang: 'de',
        url: 'http://localhost:3978/api/messages',
        channel: 'terminal',
      });
      assert.equal(
        parseChatArgs([], { BOT_URL: 'http://bot:1/api/messages' }).url,
        'http://bot:1/api/messages',
      );
      const parsed = parseChatArgs(['--lang', 'en', '--url', 'http://x:2/api/messages'], {
        BOT_URL: 'http://bot:1',
      });
      assert.deepEqual(parsed, { lang: 'en', url: 'http://x:2/api/messages', channel: 'terminal' });
    });

    it('rejects an unknown language, a bad URL and unknown options', () => {
      assert.throws(() => parseChatArgs(['--lang', 'fr'], {}), /--lang/);
      assert.throws(() => parseChatArgs(['--url', 'not a url'], {}), /--url/);
      assert.throws(() => parseChatArgs(['--colour'], {}), /colour/);
    });

    it('exits with 1 and says so when the bot cannot be reached', async () => {
      const { code, out } = await chat(['--url', 'http://127.0.0.1:9/api/messages'], ['hallo']);
      assert.equal(code, 1);
      includes(out, '[Der Assistent ist unter http://127.0.0.1:9/api/messages nicht erreichbar');
    });
  });

  describe('with the bot running', () => {
    let bot: BotProcess;
    before(async () => {
      bot = await startBot();
    });
    after(async () => {
      await bot?.stop();
      removeTempDirs();
    });

    it('shows the German welcome, picks quick replies by number, shows the handoff and stops at /quit', async () => {
      const { code, out, err } = await chat(
        ['--url', bot.messagesUrl],
        ['1', '1', 'Mitarbeiter', '/quit', 'hallo'],
      );
      assert.equal(code, 0, err);
      includes(out, `Bot: ${plain(de.t('flow.welcome.greeting'))}`);
      includes(out, `1) ${de.t('menu.changePaymentMethod')}  2) ${de.t('menu.whoIsBillingContact')}`);
      includes(out, `(${de.t('menu.changePaymentMethod')})`);
      includes(out, plain(de.t('flow.identify.ask')));
      includes(out, '(Ja)');
      includes(out, plain(de.t('flow.portal.ask')));
      includes(out, de.t('terminal.handoff'));
      // The chat speaks the conversation's language: "Sie:" before what the person typed.
      includes(out, 'Sie: Mitarbeiter');
      assert.ok(!out.includes('Sie: hallo'), 'a line after /quit was sent');
    });

    it('speaks English with --lang en', async () => {
      const { code, out, err } = await chat(['--url', bot.messagesUrl, '--lang', 'en'], ['2']);
      assert.equal(code, 0, err);
      includes(out, plain(en.t('flow.welcome.greeting')));
      includes(out, `(${en.t('menu.whoIsBillingContact')})`);
      includes(out, en.t('terminal.intro', { url: bot.messagesUrl }));
      assert.ok(!out.includes(plain(de.t('flow.welcome.greeting'))));
    });

    it('on a card channel, renders the summary card and submits a picked button as Teams does', async () => {
      const { code, out, err } = await chat(
        ['--url', bot.messagesUrl, '--channel', 'emulator'],
        ['1', '1', '1', '1', 'Österreich', 'ATU13585627', 'ACME GmbH', 'anna@example.com', 'PayPal', '6'],
      );
      assert.equal(code, 0, err);
      includes(out, 'Bot: Rechnungsland: Österreich');
      includes(out, 'Bot: USt-IdNr.: ATU13585627');
      // The rows that correct a fact come first, "Alles korrekt" last: the summary of an online account has
      // five of them (country, VAT ID, company, email, method).
      includes(out, `1) ${de.t('choices.editCountry.label')}  2) ${de.t('choices.editVatId.label')}`);
      includes(out, `6) ${de.t('choices.confirm.label')}`);
      // "6" picked "Alles korrekt": the bot confirmed and asked whether the change worked.
      includes(out, `(${de.t('choices.confirm.label')})`);
      includes(out, plain(de.t('flow.outcome.ask')));
    });
  });
});
