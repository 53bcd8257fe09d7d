/**
 * A scripted conversation that leaks everything a customer could leak by mistake: card numbers in every
 * separator style and split over two messages, a CVV, an expiry, an IBAN and a password, in text, card
 * values, attachments, channelData, entities, the display name, a message edit, an event and a typing
 * activity. Afterwards every log line, every stored state item, every transcript, every handoff payload and
 * every reply is scanned: none of it is there. The real server in a child process with SQLite state.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { removeTempDirs, startBot } from '../helpers/botProcess';
import { HttpConversation } from '../helpers/httpConversation';

/** What must be found nowhere (digits only where the separators vary). */
const SECRETS = [
  '4111111111111111',
  '5500000000000004',
  '4012888888881881',
  '737',
  'DE89370400440532013000',
  'Geheim-Sommer-2026',
];

function digitsOnly(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00a0\u2007\u202f.\-/]/g, '');
}

function scan(where: string, text: string): void {
  const flat = digitsOnly(text);
  for (const secret of SECRETS) {
    if (secret === '737') {
      // As typed: alone or after a word (ids and timestamps may hold the digits by chance).
      const m = /.{0,80}(?:["\s:])737(?:["\s.,]).{0,80}/.exec(text);
      assert.ok(!m, `${where} holds the CVV: ${m?.[0]}`);
      continue;
    }
    assert.ok(!flat.includes(secret) && !text.includes(secret), `${where} holds ${secret.slice(0, 6)}…`);
  }
}

function dumpDatabase(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

describe('sensitive data leaked in every way reaches no log, state, transcript, handoff or reply', function () {
  this.timeout(120_000);

  it('after a conversation that leaks all of it', async () => {
    const receiver = await ReplyReceiver.start();
    const bot = await startBot({ env: { LOG_LEVEL: 'debug', HANDOFF_GATEWAY: 'protocol' } });
    const replies: string[] = [];
    try {
      const c = new HttpConversation(bot.messagesUrl, receiver, 'de-DE');
      const take = (reply: { activities: unknown[] }) => replies.push(JSON.stringify(reply.activities));
      take(await c.join());
      take(await c.says('Zahlungsmethode ändern'));
      take(await c.says('ja'));
      take(await c.says('Online-Konto'));
      take(await c.says('Angaben prüfen'));
      // Every separator style, inside sentences, German and English.
      for (const line of [
        'Meine Karte ist 4111.1111.1111.1111',
        'my card: 5500 0000 0000 0004, exp 12/27',
        'Karte 4012\u00a08888\u00a08888\u00a01881',
        'card 4111/1111/1111/1111',
        '４１１１ １１１１ １１１１ １１１１',
        'Karte 4111  1111  1111  1111 bitte speichern',
      ])
        take(await c.says(line));
      // Split over two messages, then the code and the expiry.
      take(await c.says('5500 0000'));
      take(await c.says('0000 0004'));
      take(await c.says('737'));
      take(await c.says('die Prüfziffer auf der Rückseite ist 737'));
      take(await c.says('Bitte per Lastschrift von DE89 3704 0044 0532 0130 00'));
      take(await c.says('mein Passwort ist Geheim-Sommer-2026'));
      // The company question: a password typed here is refused and not taken as the company.
      take(await c.says('Deutschland'));
      take(await c.says('keine'));
      const atCompany = await c.says('Passwort: Geheim-Sommer-2026');
      take(atCompany);
      atCompany.says('Passwörter').says('Firmenname');
      // Everywhere else in activities of every type.
      take(
        await c.send({
          type: 'message',
          text: '',
          value: { note: '4111 1111 1111 1111', cvv: 'CVV 737' },
          attachments: [
            {
              contentType: 'text/plain',
              name: 'iban DE89370400440532013000.txt',
              content: 'PW Geheim-Sommer-2026',
            },
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: { body: [{ type: 'TextBlock', text: '5500-0000-0000-0004' }] },
            },
          ],
          channelData: { comment: 'password is Geheim-Sommer-2026' },
          entities: [{ type: 'clientInfo', note: '4012 8888 8888 1881' }],
          from: { id: c.userId, name: 'Karte 4111111111111111' },
        }),
      );
      take(await c.send({ type: 'messageUpdate', text: 'korrigiert: 4111 1111 1111 1111' }));
      take(await c.send({ type: 'event', name: 'webchat/resume', value: { x: '5500 0000 0000 0004' } }));
      take(await c.send({ type: 'typing', text: '4012888888881881' }));
      // The handoff: its payload carries the transcript.
      const handoff = await c.says('Mitarbeiter');
      take(handoff);
      assert.equal(handoff.events('handoff.initiate').length, 1);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await bot.stop();
      await receiver.close();
    }
    try {
      scan('the replies (and the handoff payload)', replies.join('\n'));
      scan('the logs', bot.stdout() + bot.stderr());
      scan('the database (state and transcripts)', dumpDatabase(bot.storagePath));
      for (const file of [bot.storagePath, `${bot.storagePath}-wal`])
        if (existsSync(file)) scan(`the raw file ${file}`, readFileSync(file).toString('latin1'));
      assert.ok(
        dumpDatabase(bot.storagePath).includes('[entfernt]'),
        'the transcript shows where something was removed (in German: the customer chats in German)',
      );
    } finally {
      removeTempDirs();
    }
  });
});
