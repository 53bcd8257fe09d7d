/**
 * The help page in a real browser (Debian's Chromium through playwright-core): the Web Chat widget completes
 * the payment-method change against the bot's built-in Direct Line, on a desktop in German and on a phone in
 * English; the language switch; the typing indicator on the wire; axe-core finds nothing serious.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { removeTempDirs, startBot, type BotProcess } from '../helpers/botProcess';
import { ASKS, LINES } from '../helpers/scripts';
import { ChatPage, describeViolations, launchChromium, severe, type SeenActivity } from './chatPage';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'de-DE' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'en-US',
};

describe('help page in Chromium', function () {
  this.timeout(120_000);
  let bot: BotProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    // Chromium first: when it is missing, the suite fails at once with the install command.
    browser = await launchChromium();
    bot = await startBot({ defaultLocale: 'de' });
  });

  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await bot?.stop();
    removeTempDirs();
  });

  /** A fresh browser profile per test: new localStorage, so a new Direct Line user and conversation. */
  async function newChat(options: BrowserContextOptions): Promise<ChatPage> {
    const context = await browser.newContext(options);
    contexts.push(context);
    return new ChatPage(await context.newPage());
  }

  it('de, desktop: the whole online change with quick replies, typing and the summary card', async () => {
    const de = LINES.de;
    // axe-core is injected into this page: the context lets the test's own script past the page's CSP.
    const chat = await newChat({ ...DESKTOP, bypassCSP: true });
    await chat.goto(bot.url, '?lang=de');
    assert.equal(await chat.page.getAttribute('html', 'lang'), 'de');
    assert.equal(await chat.panel.isHidden(), true, 'the chat panel starts closed');

    await chat.open();
    assert.equal(await chat.launcher.getAttribute('aria-expanded'), 'true');
    await chat.waitForBot('Guten Tag');
    await chat.waitForBot(ASKS.de.menu);
    await chat.screenshot('de-desktop-welcome.png');

    await chat.choose(de.start, ASKS.de.billingContact);
    await chat.choose('Ja', ASKS.de.accountKind);
    await chat.choose(de.online, ASKS.de.offerCheck);

    // The portal URL in the bot's guide is a real link that opens in a new tab.
    const portal = chat.botActivities.locator('a[href^="https://billing.logmeininc.com"]');
    assert.equal(await portal.count(), 1, 'the online guide links to https://billing.logmeininc.com');
    assert.equal(await portal.getAttribute('target'), '_blank');
    assert.match((await portal.getAttribute('rel')) ?? '', /noopener/);

    await chat.choose(de.check, ASKS.de.country);
    await chat.say(de.country, ASKS.de.vat);
    await chat.say(de.vat, ASKS.de.company);
    await chat.say(de.company, ASKS.de.email);
    await chat.say(de.email, ASKS.de.method);
    await chat.choose(de.method, ASKS.de.confirm);

    // The summary is an Adaptive Card, rendered by Web Chat.
    const card = chat.cards.last();
    await card.waitFor({ state: 'visible' });
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    for (const expected of [
      'Ihre Angaben',
      'Deutschland',
      'DE136695976',
      'Muster GmbH',
      'max@muster.de',
      'PayPal',
    ]) {
      assert.ok(cardText.includes(expected), `the summary card shows "${expected}"; it shows: ${cardText}`);
    }
    await card.scrollIntoViewIfNeeded();
    await chat.screenshot('de-desktop-summary-card.png');
    const withCard = severe(await chat.axeViolations());
    assert.deepEqual(withCard, [], `axe, summary card shown:\n${describeViolations(withCard)}`);

    // German words are never broken inside the word, and only "Alles korrekt" spans the card.
    assert.deepEqual(await brokenWords(chat.page), [], 'no word of the card is split over two lines');
    assert.equal(await fullWidthButtons(chat.page), 1, 'one full-width button ("Alles korrekt")');

    // Web Chat in German: the screen-reader line of a sent message has the German date and a 24-hour clock.
    const sentAt = await chat.page.evaluate<string>(
      `(document.querySelector('#webchat')?.textContent ?? '').match(/Gesendet[^]{0,40}/)?.[0] ?? ''`,
    );
    assert.match(sentAt, /^Gesendet am \d{1,2}\. [A-Za-zäÄ]+ um \d{2}:\d{2}/, sentAt);
    assert.doesNotMatch(sentAt, /\b(AM|PM)\b/);

    await chat.cardButton(de.confirm, ASKS.de.outcome);
    await chat.choose(de.worked, 'alles erledigt');
    await chat.screenshot('de-desktop-done.png');
    assert.deepEqual(chat.errors, [], 'no script errors in the page');
  });

  it('en, phone: the whole corporate change by typing, full-screen chat, the summary card', async () => {
    const chat = await newChat(PHONE);
    await chat.goto(bot.url, '?lang=en');
    assert.equal(await chat.page.getAttribute('html', 'lang'), 'en');
    await chat.screenshot('en-phone-page.png');
    assert.equal(
      await chat.page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
      true,
      'the page does not scroll sideways on a phone',
    );

    await chat.open(true);
    const box = await chat.panel.boundingBox();
    assert.ok(box, 'the chat panel is visible');
    assert.deepEqual(
      {
        x: Math.round(box.x),
        y: Math.round(box.y),
        width: Math.round(box.width),
        height: Math.round(box.height),
      },
      { x: 0, y: 0, width: 390, height: 844 },
      'the chat fills the phone screen',
    );
    await chat.waitForBot('billing assistant');
    await chat.waitForBot(ASKS.en.menu);
    await chat.screenshot('en-phone-welcome.png');

    await chat.say('I need to change our payment method', ASKS.en.billingContact);
    await chat.say('yes', ASKS.en.accountKind);
    await chat.say('corporate', ASKS.en.offerCheck);
    await chat.say('check my details', ASKS.en.country);
    await chat.say('Greece', ASKS.en.vat);
    await chat.say('EL094259216', ASKS.en.company);
    await chat.say('Hellas Shipping SA', ASKS.en.userId);
    await chat.say('accounts@hellas.example', ASKS.en.method);
    await chat.say('bank transfer', ASKS.en.confirm);

    const card = chat.cards.last();
    await card.waitFor({ state: 'visible' });
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    for (const expected of [
      'Greece',
      'EL094259216',
      'Hellas Shipping SA',
      'accounts@hellas.example',
      'Bank transfer',
    ]) {
      assert.ok(cardText.includes(expected), `the summary card shows "${expected}"; it shows: ${cardText}`);
    }
    // Nothing in the card is cut off or wider than the phone.
    const cardBox = await card.boundingBox();
    assert.ok(cardBox && cardBox.x >= 0 && cardBox.x + cardBox.width <= 390, 'the card fits the phone width');
    assert.equal(
      await card.evaluate(
        (el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth <= el.clientWidth,
      ),
      true,
      'the card content does not overflow sideways',
    );
    await card.scrollIntoViewIfNeeded();
    await chat.screenshot('en-phone-summary-card.png');

    await chat.cardButton(LINES.en.confirm, ASKS.en.outcome, true);
    await chat.screenshot('en-phone-outcome.png');
    assert.deepEqual(chat.errors, [], 'no script errors in the page');
  });

  it('de, desktop 1366x768: neither the launcher nor the open chat covers the article', async () => {
    const chat = await newChat({ ...DESKTOP, viewport: { width: 1366, height: 768 } });
    await chat.goto(bot.url, '?lang=de');
    const article = await chat.page.locator('main article').boundingBox();
    const launcher = await chat.launcher.boundingBox();
    assert.ok(article && launcher);
    assert.ok(
      article.x + article.width <= launcher.x,
      `article ${JSON.stringify(article)} beside launcher ${JSON.stringify(launcher)}`,
    );
    await chat.open();
    await chat.waitForBot(ASKS.de.menu);
    const panel = await chat.panel.boundingBox();
    assert.ok(panel);
    assert.ok(
      article.x + article.width <= panel.x,
      `article ${JSON.stringify(article)} beside panel ${JSON.stringify(panel)}`,
    );
    assert.ok(article.width >= 600, 'the article keeps a comfortable width');
    await chat.screenshot('de-desktop-1366-chat-open.png');
  });

  it('the language switch leads to the other language, and <html lang> follows', async () => {
    // An English browser: ?lang= must win over Accept-Language.
    const chat = await newChat({ ...DESKTOP, locale: 'en-US' });
    const page = chat.page;
    await chat.goto(bot.url, '?lang=de');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    const toEnglish = page.locator('a.language-switch');
    assert.equal(await toEnglish.getAttribute('hreflang'), 'en');
    await Promise.all([page.waitForURL(/[?&]lang=en\b/), toEnglish.click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('h1').innerText(), /Changing the GoToMeeting payment method/);

    const toGerman = page.locator('a.language-switch');
    assert.equal(await toGerman.getAttribute('hreflang'), 'de');
    await Promise.all([page.waitForURL(/[?&]lang=de\b/), toGerman.click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.match(await page.locator('h1').innerText(), /Ändern der GoToMeeting-Zahlungsmethode/);

    // Without ?lang= the browser's language decides.
    const english = await newChat({ ...DESKTOP, locale: 'en-GB' });
    await english.goto(bot.url, '');
    assert.equal(await english.page.getAttribute('html', 'lang'), 'en');
    const german = await newChat({ ...DESKTOP, locale: 'de-AT' });
    await german.goto(bot.url, '');
    assert.equal(await german.page.getAttribute('html', 'lang'), 'de');
  });

  it('every message gets its answer; a typing activity, if the turn is slow enough for one, comes before it', async () => {
    const chat = await newChat(DESKTOP);
    await chat.goto(bot.url, '?lang=de');
    await chat.open();
    await chat.waitForBot(ASKS.de.menu);
    await chat.choose(LINES.de.start, ASKS.de.billingContact);
    await chat.say('ja', ASKS.de.accountKind);
    await chat.say('Unternehmenskonto', ASKS.de.offerCheck);

    const isUserMessage = (a: SeenActivity) => a.type === 'message' && a.from?.role === 'user';
    await chat.waitForActivities((seen) => seen.filter(isUserMessage).length >= 3);
    const all = chat.activities;
    const userMessages = all.filter(isUserMessage);
    assert.equal(userMessages.length, 3, `the page saw its three messages echoed:\n${summarize(all)}`);
    const problems: string[] = [];
    for (const message of userMessages) {
      const replies = all.filter((a) => a.replyToId === message.id);
      const typing = replies.findIndex((a) => a.type === 'typing');
      const firstMessage = replies.findIndex((a) => a.type === 'message');
      // Typing shows only for a turn slower than the delay; when it shows, it comes before the answer.
      if (firstMessage === -1) problems.push(`no answer to "${message.text ?? ''}"`);
      else if (typing !== -1 && typing > firstMessage)
        problems.push(`typing came after the first answer to "${message.text ?? ''}"`);
    }
    assert.deepEqual(problems, [], `typing indicator:\n${problems.join('\n')}\n${summarize(all)}`);
  });

  describe('accessibility (axe-core)', () => {
    it('de, desktop: no serious or critical violations with the chat closed and open', async () => {
      const chat = await newChat({ ...DESKTOP, bypassCSP: true });
      await chat.goto(bot.url, '?lang=de');
      const closed = severe(await chat.axeViolations());
      assert.deepEqual(closed, [], `chat closed:\n${describeViolations(closed)}`);

      await chat.open();
      await chat.waitForBot(ASKS.de.menu);
      const open = severe(await chat.axeViolations());
      assert.deepEqual(open, [], `chat open:\n${describeViolations(open)}`);
    });

    it('en, phone: no serious or critical violations with the chat open', async () => {
      const chat = await newChat({ ...PHONE, bypassCSP: true });
      await chat.goto(bot.url, '?lang=en');
      const closed = severe(await chat.axeViolations());
      assert.deepEqual(closed, [], `chat closed:\n${describeViolations(closed)}`);

      await chat.open(true);
      await chat.waitForBot(ASKS.en.menu);
      const open = severe(await chat.axeViolations());
      assert.deepEqual(open, [], `chat open:\n${describeViolations(open)}`);
    });
  });
});

/** The last card Web Chat shows (the page's own script, as the tests compile without the DOM's types). */
const LAST_CARD = `[...document.querySelectorAll('#webchat .ac-adaptiveCard')].pop()`;

/** Words of the last card that run over two lines (a word broken inside, "Zahlungsmethod / e"). */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const root = ${LAST_CARD};
    const broken = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of (node.textContent ?? '').matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  })()`);
}

/** Tap targets of the last card as wide as the card itself. */
function fullWidthButtons(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const root = ${LAST_CARD};
    const width = root.getBoundingClientRect().width;
    return [...root.querySelectorAll('[role="button"], button')].filter(
      (b) => b.getBoundingClientRect().width > 0.9 * width,
    ).length;
  })()`);
}

/** The wire log in a failure message: type, sender and the start of the text. */
function summarize(activities: SeenActivity[]): string {
  return activities
    .map(
      (a) => `  ${a.id} ${a.type} ${a.from?.role ?? '?'} ${a.replyToId ?? ''} ${(a.text ?? '').slice(0, 50)}`,
    )
    .join('\n');
}
