/**
 * Every kind of card the bot sends, taken from real conversations (Teams and Web Chat), parsed and
 * rendered with the adaptivecards library in Chromium: no parse or validation event, the text on screen.
 * Each rendering is saved as test-artifacts/cards/<name>.png.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { LINES, conversation, reachSummary } from '../helpers/scripts';
import { TeamsUser } from '../helpers/teams';
import { ARTIFACTS_DIR, launchChromium } from './chatPage';
import { REPO_ROOT } from '../helpers/botProcess';

const LIBRARY = path.join(REPO_ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
const OUT = path.join(ARTIFACTS_DIR, 'cards');

interface Rendered {
  events: string[];
  validation: string[];
  text: string;
}

async function collectCards(bot: TestBot): Promise<Record<string, unknown>> {
  const cards: Record<string, unknown> = {};
  const first = (r: { attachments: { content?: unknown }[] }) => r.attachments[0]?.content;

  // Teams, German, online account: guide, form, form with errors, summary, answered choice.
  const de = new TeamsUser(bot, 'de-DE');
  await de.says(LINES.de.start);
  await de.says(LINES.de.yes);
  cards['teams-de-guide-online'] = first(await de.says(LINES.de.online));
  cards['teams-de-form-online'] = first(await de.says(LINES.de.check));
  const wrong = await de.executes({
    form: 'details',
    country: 'DE',
    vatId: 'DE123456789',
    companyName: '',
    accountEmail: 'max@',
    paymentMethod: 'paypal',
  });
  cards['teams-de-form-errors'] = wrong.card;
  const right = await de.executes({
    form: 'details',
    country: 'DE',
    vatId: 'DE136695976',
    companyName: 'Muster & Söhne GmbH',
    accountEmail: 'max@muster.de',
    paymentMethod: 'paypal',
  });
  cards['teams-de-summary'] = right.card;
  cards['teams-de-answered'] = (
    await de.executes({ choice: 'confirm', label: 'Alles korrekt' }, 'choice')
  ).card;

  // Teams, English, corporate account.
  const en = new TeamsUser(bot, 'en-US');
  await en.says(LINES.en.start);
  await en.says(LINES.en.yes);
  cards['teams-en-guide-corporate'] = first(await en.says(LINES.en.corporate));
  cards['teams-en-form-corporate'] = first(await en.says(LINES.en.check));

  // Teams group chat: choices as wrapping card rows.
  const group = new TeamsUser(bot, 'de-DE', 'groupChat');
  cards['teams-de-group-choices'] = first(await group.mentions(LINES.de.start));
  await group.executes({ choice: 'yes', label: 'Ja' }, 'choice');
  cards['teams-de-group-account-kind'] = first(await group.mentions('ich weiß es nicht'));

  // Web Chat: the summary with Action.Submit buttons.
  const web = conversation(bot, 'de', 'webchat');
  cards['webchat-de-summary'] = first(await reachSummary(web, 'de', 'corporate'));
  const webEn = conversation(bot, 'en', 'webchat');
  cards['webchat-en-summary'] = first(await reachSummary(webEn, 'en', 'online'));
  return cards;
}

describe('every card the bot sends parses and renders with the adaptivecards library', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let cards: Record<string, unknown>;

  before(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 480, height: 900 } })).newPage();
    await page.setContent(
      '<!doctype html><meta charset="utf-8"><body style="font-family: sans-serif; margin: 12px"></body>',
    );
    await page.addScriptTag({ path: LIBRARY });
    // Hosts (Teams, Web Chat) render TextBlock Markdown; the library alone leaves it to them.
    await page.evaluate(`AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
      const escaped = text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
      result.outputHtml = escaped.replace(/\\*\\*(.+?)\\*\\*/g, '<b>$1</b>');
      result.didProcess = true;
    }`);
    cards = await collectCards(await createTestBot());
    fs.mkdirSync(OUT, { recursive: true });
  });
  after(() => browser?.close());

  it('has collected every kind of card', () => {
    for (const [name, card] of Object.entries(cards)) assert.ok(card, `no card for ${name}`);
    assert.equal(Object.keys(cards).length, 11);
  });

  it('renders each card without a parse or validation event', async () => {
    for (const [name, card] of Object.entries(cards)) {
      // Evaluated as a string: the test's TypeScript has no DOM types (as in chatPage.ts).
      const rendered = await page.evaluate<Rendered>(`(() => {
        const context = new AdaptiveCards.SerializationContext();
        const adaptiveCard = new AdaptiveCards.AdaptiveCard();
        adaptiveCard.parse(${JSON.stringify(card)}, context);
        const events = [];
        for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
        const validation = adaptiveCard.validateProperties().validationEvents.map((e) => e.message);
        document.body.replaceChildren();
        const element = adaptiveCard.render();
        if (element) document.body.append(element);
        return { events, validation, text: element ? element.innerText : '' };
      })()`);
      assert.deepEqual(rendered.events, [], `${name}: parse events`);
      assert.deepEqual(rendered.validation, [], `${name}: validation events`);
      assert.ok(rendered.text.trim().length > 5, `${name} shows its text`);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    }
  });

  it('shows long German labels whole, and the form with its reasons', async () => {
    const texts = new Map<string, string>();
    for (const name of ['teams-de-summary', 'teams-de-form-errors', 'teams-de-group-account-kind']) {
      texts.set(
        name,
        await page.evaluate<string>(`(() => {
          const adaptiveCard = new AdaptiveCards.AdaptiveCard();
          adaptiveCard.parse(${JSON.stringify(cards[name])});
          document.body.replaceChildren(adaptiveCard.render());
          return document.body.innerText;
        })()`),
      );
    }
    // The summary: "Neue Zahlungsmethode" whole, "Ändern" at the row, named "Methode ändern" for screen readers.
    assert.match(texts.get('teams-de-summary')!, /Neue Zahlungsmethode/);
    assert.match(texts.get('teams-de-summary')!, /Ändern/);
    const labels = await page.evaluate<string[]>(`(() => {
      const adaptiveCard = new AdaptiveCards.AdaptiveCard();
      adaptiveCard.parse(${JSON.stringify(cards['teams-de-summary'])});
      document.body.replaceChildren(adaptiveCard.render());
      return [...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
    })()`);
    assert.ok(labels.includes('Methode ändern') && labels.includes('Alles korrekt'), JSON.stringify(labels));
    assert.match(texts.get('teams-de-form-errors')!, /Prüfziffer/);
    assert.match(texts.get('teams-de-form-errors')!, /Bitte füllen Sie dieses Feld aus/);
    assert.match(
      texts.get('teams-de-group-account-kind')!,
      /Erhalten Sie Ihre GoToMeeting-Rechnungen per E-Mail/,
    );
  });
});
