/**
 * The help page keeps its conversation for a reload (sessionStorage) and resumes it with a `webchat/resume`
 * event: the bot says "welcome back" and repeats its open question. Driven through Chromium the way a customer
 * does it: a plain reload (German), and a reload after the bot process crashed and came back on the same port
 * with the same SQLite state (English), where nothing the user gave is lost.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core';
import { freePort, removeTempDirs, startBot, tempDir, type BotProcess } from '../helpers/botProcess';
import { ASKS, LINES } from '../helpers/scripts';
import { ChatPage, launchChromium, plain } from './chatPage';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'de-DE' };
const REPLY_TIMEOUT_MS = 30_000;
const SESSION_KEY = 'billing-assistant-session';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's saved conversation, as web/help.js keeps it. */
interface SavedSession {
  token: string;
  conversationId: string;
  domain?: string;
}

async function savedSession(page: Page): Promise<SavedSession | null> {
  const raw = await page.evaluate<string | null>(
    `window.sessionStorage.getItem(${JSON.stringify(SESSION_KEY)})`,
  );
  return raw ? (JSON.parse(raw) as SavedSession) : null;
}

/** The POST that carries the user's next activity; it answers once the bot's turn (and its state) is saved. */
function nextPost(page: Page): Promise<Response> {
  return page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' &&
      /\/conversations\/[^/]+\/activities$/.test(new URL(r.url()).pathname),
    { timeout: REPLY_TIMEOUT_MS },
  );
}

/**
 * Waits until the bot has said `greeting` and, after it, a message containing `question`: a reload without a
 * restart shows the history again, so the question alone may be the old one.
 */
async function waitForWelcomeBack(chat: ChatPage, greeting: string, question: string): Promise<void> {
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  let texts: string[] = [];
  for (;;) {
    texts = (await chat.botActivities.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    const greeted = texts.findIndex((t) => t.includes(greeting));
    if (greeted !== -1 && texts.slice(greeted + 1).some((t) => t.includes(plain(question)))) return;
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  throw new Error(
    `the bot did not say "${greeting}" and then "${plain(question)}" in time; its messages:\n` +
      texts.map((t) => `  - ${t.slice(0, 160)}`).join('\n'),
  );
}

describe('help page: resuming the conversation (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  const running: BotProcess[] = [];
  const contexts: BrowserContext[] = [];

  before(async () => {
    browser = await launchChromium();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    for (const bot of running.splice(0)) await bot.stop('SIGKILL');
  });

  after(async () => {
    await browser?.close();
    removeTempDirs();
  });

  async function start(options: Parameters<typeof startBot>[0]): Promise<BotProcess> {
    const bot = await startBot(options);
    running.push(bot);
    return bot;
  }

  async function newChat(options: BrowserContextOptions): Promise<ChatPage> {
    const context = await browser.newContext(options);
    contexts.push(context);
    return new ChatPage(await context.newPage());
  }

  it('de: a reload opens the chat by itself, welcomes back, repeats the open question and goes on', async () => {
    const de = LINES.de;
    const bot = await start({ defaultLocale: 'de' });
    const chat = await newChat(DESKTOP);
    await chat.goto(bot.url, '?lang=de');
    await chat.open();
    await chat.waitForBot(ASKS.de.menu);
    await chat.choose(de.start, ASKS.de.billingContact);
    await chat.choose('Ja', ASKS.de.accountKind);
    const saved = await savedSession(chat.page);
    assert.ok(saved, 'the page saved its conversation');

    await chat.page.reload({ waitUntil: 'load' });
    await chat.sendBox.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    assert.equal(await chat.panel.isHidden(), false, 'the chat opens by itself after the reload');
    assert.equal(await chat.launcher.getAttribute('aria-expanded'), 'true');
    await waitForWelcomeBack(chat, 'Willkommen zurück', ASKS.de.accountKind);
    assert.equal(
      (await savedSession(chat.page))?.conversationId,
      saved.conversationId,
      'the same conversation',
    );

    await chat.choose(de.online, ASKS.de.offerCheck);
    const guide = chat.botActivities.filter({ hasText: 'Zahlungsmethode' });
    assert.ok((await guide.count()) > 0, 'the online guide (portal steps) shows after the reload');
    assert.equal(
      await chat.botActivities.filter({ hasText: 'Willkommen zurück' }).count(),
      1,
      'welcomed back once',
    );
    assert.deepEqual(chat.errors, [], 'no script errors in the page');
  });

  it('en: after the bot crashed and came back on the same port, a reload continues with nothing lost', async () => {
    const en = LINES.en;
    const port = await freePort();
    const storagePath = path.join(tempDir(), 'state.sqlite');
    const first = await start({ defaultLocale: 'de', port, storagePath });
    const chat = await newChat({ ...DESKTOP, locale: 'en-US' });
    await chat.goto(first.url, '?lang=en');
    await chat.open();
    await chat.waitForBot(ASKS.en.menu);
    await chat.choose(en.start, ASKS.en.billingContact);
    await chat.choose('Yes', ASKS.en.accountKind);
    await chat.choose(en.online, ASKS.en.offerCheck);
    await chat.choose(en.check, ASKS.en.country);
    // The POST returns when the turn is over, its state saved to SQLite: only then may the process die.
    const posted = nextPost(chat.page);
    await chat.say(en.country, ASKS.en.vat);
    assert.equal((await posted).status(), 200);
    const saved = await savedSession(chat.page);
    assert.ok(saved, 'the page saved its conversation');

    assert.equal(await first.stop('SIGKILL'), null, 'the process dies from the signal');
    const second = await start({ defaultLocale: 'de', port, storagePath });
    assert.equal(second.url, first.url, 'the same origin');

    await chat.page.reload({ waitUntil: 'load' });
    await chat.sendBox.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await waitForWelcomeBack(chat, 'Welcome back', ASKS.en.vat);
    // The built-in Direct Line kept the conversation in the store: the reload shows it from the start.
    const history = (await chat.page.locator('.webchat__basic-transcript__activity').allInnerTexts()).join(
      '\n',
    );
    for (const line of [
      plain(ASKS.en.billingContact),
      plain(ASKS.en.accountKind),
      plain(ASKS.en.country),
      en.country,
    ])
      assert.ok(
        history.includes(line),
        `after the restart the reloaded page should show "${line}":\n${history}`,
      );
    assert.equal(
      (await savedSession(chat.page))?.conversationId,
      saved.conversationId,
      'the same conversation',
    );

    const accepted = await chat.say(en.vat, ASKS.en.company);
    const answer = (await chat.botActivities.allInnerTexts()).join('\n');
    assert.match(answer, /DE136695976 has a valid format/, 'the bot accepts the VAT ID');
    assert.ok(await accepted.isVisible());
    assert.equal(
      await chat.botActivities.filter({ hasText: 'Welcome back' }).count(),
      1,
      'welcomed back once',
    );
    await chat.screenshot('en-desktop-resumed-after-restart.png');
    assert.deepEqual(chat.errors, [], 'no script errors in the page');
  });

  it('de: the bot restarts while the page stays open; the chat reconnects by itself and goes on', async () => {
    const de = LINES.de;
    const port = await freePort();
    const storagePath = path.join(tempDir(), 'state.sqlite');
    const first = await start({ defaultLocale: 'de', port, storagePath });
    const chat = await newChat(DESKTOP);
    await chat.goto(first.url, '?lang=de');
    await chat.open();
    await chat.waitForBot(ASKS.de.menu);
    await chat.choose(de.start, ASKS.de.billingContact);
    const posted = nextPost(chat.page);
    await chat.choose('Ja', ASKS.de.accountKind);
    assert.equal((await posted).status(), 200);

    assert.equal(await first.stop('SIGKILL'), null, 'the process dies from the signal');
    await sleep(4000); // the page notices the bot is gone
    await start({ defaultLocale: 'de', port, storagePath });

    // No reload: the page sees the new start time on /healthz and resumes the conversation.
    await waitForWelcomeBack(chat, 'Willkommen zurück', ASKS.de.accountKind);
    assert.ok(
      (await chat.botActivities.filter({ hasText: plain(ASKS.de.billingContact) }).count()) > 0,
      'what was on screen before the restart is still there',
    );
    await chat.choose(de.online, ASKS.de.offerCheck);
    await chat.screenshot('de-desktop-reconnected-after-restart.png');
    assert.deepEqual(chat.errors, [], 'no script errors in the page');
  });
});
