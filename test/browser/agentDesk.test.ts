/**
 * A customer in the help page's Web Chat and an agent in the desk, in two browser contexts of Debian's
 * Chromium, talk through the real bot process in both directions. No agent password, session cookie or
 * card number appears in any transcript, log or handoff record; HTML a customer types is shown as text.
 * Screenshots of the desk go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Translations } from '../../i18n/translator';
import { removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';
import { ARTIFACTS_DIR, ChatPage, describeViolations, launchChromium, plain, severe } from './chatPage';

const PASSWORD = 'Sommer-Regen-2026!';
const de = new Translations().for('de');
const TIMEOUT = 30_000;

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

describe('agent desk in Chromium: an agent and a Web Chat customer', function () {
  this.timeout(180_000);
  let bot: BotProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    browser = await launchChromium();
    const passwordHash = await hash(PASSWORD, { algorithm: 2 });
    bot = await startBot({
      defaultLocale: 'de',
      env: {
        HANDOFF_GATEWAY: 'desk',
        AGENT_ACCOUNTS: JSON.stringify([
          { username: 'anna', passwordHash, displayName: 'Anna Schmidt', languages: ['de', 'en'] },
        ]),
      },
    });
  });

  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await bot?.stop();
    removeTempDirs();
  });

  /** `bypassCSP` lets the test inject axe-core, and shows that the desk is safe even without its CSP. */
  async function newPage(locale: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 860 }, locale, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }

  async function shot(page: Page, name: string): Promise<void> {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });
  }

  it('the customer asks for a person, the agent accepts, both write, the agent ends', async () => {
    // The agent signs in; the desk says nobody waits.
    const agent = await newPage('de-DE');
    const agentErrors: string[] = [];
    agent.on('pageerror', (e) => agentErrors.push(e.message));
    await agent.goto(`${bot.url}/agent`);
    await agent.getByLabel('Benutzername').fill('anna');
    await agent.getByLabel('Passwort').fill('wrong password');
    await agent.getByRole('button', { name: 'Anmelden' }).click();
    await agent.getByText('Benutzername oder Passwort stimmen nicht.').waitFor({ timeout: TIMEOUT });
    await agent.getByLabel('Passwort').fill(PASSWORD);
    await agent.getByRole('button', { name: 'Anmelden' }).click();
    await agent.getByText('Angemeldet als Anna Schmidt').waitFor({ timeout: TIMEOUT });
    await agent.getByText('Niemand wartet.').waitFor({ timeout: TIMEOUT });
    const cookies = await agent.context().cookies();
    const session = cookies.find((c) => c.name === 'desk_session');
    assert.ok(session?.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));

    // The customer, in German, gives a detail, a card number by mistake, and asks for a person.
    const chat = new ChatPage(await newPage('de-DE', 1100));
    await chat.goto(bot.url, '?lang=de');
    await chat.open();
    await chat.waitForBot('Guten Tag');
    await chat.say('Zahlungsmethode ändern', 'Abrechnungskontakt');
    await chat.say('ja', 'Welche Art von Konto');
    await chat.say('Online-Konto', 'Soll ich vorab die Angaben prüfen');
    await chat.say('ja', 'In welchem Land');
    await chat.say('Deutschland, DE136695976', 'Firmenname');
    await chat.say('meine Karte 4111 1111 1111 1111', 'keine Kartennummern');
    await chat.say('Mitarbeiter', 'Position 1');
    const ref = /GTM-[2-9A-Z]{6}/.exec((await chat.botActivities.allInnerTexts()).join(' '))?.[0];
    assert.ok(ref, 'the customer sees a case reference');

    // The agent sees the customer appear live, with what was collected, and accepts.
    const entry = agent.getByRole('button', { name: new RegExp(`1\\. ${ref}`) });
    await entry.waitFor({ timeout: TIMEOUT });
    await entry.click();
    await agent.locator('dd', { hasText: 'DE136695976' }).waitFor({ timeout: TIMEOUT });
    await agent.locator('dd', { hasText: 'Deutschland' }).waitFor();
    await shot(agent, 'desk-de-queue.png');
    await agent.getByRole('button', { name: 'Annehmen' }).click();
    await chat.waitForBot(plain(de.t('escalation.desk.agentJoined', { name: 'Anna Schmidt' })));

    // Both directions. The customer's HTML is shown as text in the desk.
    await chat.sendBox.click();
    await chat.sendBox.pressSequentially('<b>fett</b><img src=x onerror="document.title=1"> Hallo?');
    await chat.sendBox.press('Enter');
    const html = agent.locator('.transcript .said', { hasText: '<b>fett</b>' });
    await html.waitFor({ timeout: TIMEOUT });
    assert.equal(
      await agent.locator('.transcript b, .transcript img').count(),
      0,
      'no markup rendered in the desk',
    );
    assert.notEqual(await agent.title(), '1', 'no script ran');
    await agent.getByLabel('Nachricht an den Kunden').fill('Guten Tag, ich bin Anna. Wie kann ich helfen?');
    await agent.getByRole('button', { name: 'Senden' }).click();
    await chat.waitForBot('ich bin Anna. Wie kann ich helfen?');
    await chat.sendBox.click();
    await chat.sendBox.pressSequentially('Die Lastschrift wird abgelehnt.');
    await chat.sendBox.press('Enter');
    await agent
      .locator('.transcript .said', { hasText: 'Die Lastschrift wird abgelehnt.' })
      .waitFor({ timeout: TIMEOUT });
    await shot(agent, 'desk-de-conversation.png');
    await chat.screenshot('desk-customer-webchat.png');
    const axe = severe(await new ChatPage(agent).axeViolations());
    assert.deepEqual(axe, [], describeViolations(axe));

    // The agent ends with a note; the bot takes over and asks what else.
    await agent
      .getByLabel('Abschlussnotiz zum Fall (optional)')
      .fill('Lastschrift-Mandat fehlte; Kunde richtet es neu ein.');
    await agent.getByRole('button', { name: 'Gespräch beenden' }).click();
    await chat.waitForBot('hat das Gespräch beendet');
    await agent
      .getByRole('button', { name: new RegExp(`${ref} · DE · beendet`) })
      .waitFor({ timeout: TIMEOUT });
    assert.deepEqual(agentErrors, []);

    // Sign out ends the session.
    await agent.getByRole('button', { name: 'Abmelden' }).click();
    await agent.getByRole('button', { name: 'Anmelden' }).waitFor({ timeout: TIMEOUT });

    // Nothing secret anywhere: the database (state, desk cases, transcripts), the logs, the agent's page.
    const stored = dumpDatabase(bot.storagePath);
    const logs = bot.stdout() + bot.stderr();
    for (const [where, text] of [
      ['the database', stored],
      ['the logs', logs],
    ] as const) {
      for (const secret of [PASSWORD, session!.value, '4111 1111 1111 1111', '4111111111111111']) {
        assert.ok(!text.includes(secret), `${where} must not hold "${secret.slice(0, 6)}…"`);
      }
    }
    assert.ok(stored.includes('Lastschrift-Mandat fehlte'), 'the closing note is kept with the case');
  });

  it('with no agent account configured, the desk says how to add one', async () => {
    const other = await startBot({ defaultLocale: 'en', env: { HANDOFF_GATEWAY: 'desk' } });
    try {
      const page = await newPage('en-US');
      await page.goto(`${other.url}/agent?lang=en`);
      await page.getByText('No agent account has been set up yet').waitFor({ timeout: TIMEOUT });
      assert.match(await page.locator('[data-no-accounts]').innerText(), /npm run desk:hash-password/);
      await shot(page, 'desk-en-no-accounts.png');
    } finally {
      await other.stop();
    }
  });
});
