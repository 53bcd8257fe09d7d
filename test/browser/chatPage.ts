/**
 * The help page and its Web Chat widget, driven through Chromium (playwright-core) the way a customer uses
 * them: the launcher, quick replies (suggested actions), the send box, Adaptive Card buttons.
 * Also records every activity the Direct Line GET hands the page, to check what the bot sent on the wire.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { REPO_ROOT } from '../helpers/botProcess';
import { browserPath } from '../../tools/browserPath';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
const AXE_PATH = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** How long one bot answer may take to show up (poll interval 1 s, plus a slow CI machine). */
const REPLY_TIMEOUT_MS = 30_000;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Fails loudly when no browser is found (CI installs Chromium, so a silent skip would hide a broken setup):
 * CHROMIUM_PATH, else Debian's /usr/bin/chromium and the other usual places (tools/browserPath.ts).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: browserPath(), args: CHROMIUM_ARGS });
}

/** An activity as the Direct Line GET returns it (only the fields the tests read). */
export interface SeenActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from?: { id: string; role?: string };
  attachments?: { contentType: string }[];
}

interface ActivitySet {
  activities?: SeenActivity[];
}

/** One axe violation, reduced to what a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Markdown in the bot's strings (`**bold**`) is rendered, so the page shows the text without the stars. */
export const plain = (text: string) => text.replace(/\*\*/g, '');

export class ChatPage {
  /** Every activity the page received, in arrival order, once each. */
  readonly activities: SeenActivity[] = [];
  private readonly seen = new Set<string>();
  private readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('response', (response) => void this.record(response));
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    // A resource or script the page's Content-Security-Policy blocked shows up as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        this.pageErrors.push(`CSP: ${message.text()}`);
    });
  }

  /** Uncaught errors in the page's scripts so far. */
  get errors(): readonly string[] {
    return this.pageErrors;
  }

  private async record(response: Response): Promise<void> {
    const request = response.request();
    if (request.method() !== 'GET' || !/\/conversations\/[^/]+\/activities/.test(response.url())) return;
    let body: ActivitySet;
    try {
      body = (await response.json()) as ActivitySet;
    } catch {
      return; // An aborted poll (page closed) has no body.
    }
    for (const activity of body.activities ?? []) {
      if (this.seen.has(activity.id)) continue;
      this.seen.add(activity.id);
      this.activities.push(activity);
    }
  }

  /** Waits until the recorded activities satisfy `done` (the last poll's body may still be on its way). */
  async waitForActivities(done: (activities: readonly SeenActivity[]) => boolean): Promise<void> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (!done(this.activities) && Date.now() < deadline) await sleep(100);
  }

  get launcher(): Locator {
    return this.page.locator('#chat-launcher');
  }

  get panel(): Locator {
    return this.page.locator('#chat-panel');
  }

  get sendBox(): Locator {
    return this.page.locator('#webchat input[data-id="webchat-sendbox-input"]');
  }

  /** The bot's activities in the transcript (the user's carry Web Chat's from-user layout). */
  get botActivities(): Locator {
    return this.page
      .locator('.webchat__basic-transcript__activity')
      .filter({ hasNot: this.page.locator('.webchat__stacked-layout--from-user') });
  }

  /** The Adaptive Cards Web Chat rendered. */
  get cards(): Locator {
    return this.page.locator('#webchat .ac-adaptiveCard');
  }

  async goto(baseUrl: string, query: string): Promise<void> {
    await this.page.goto(`${baseUrl}/${query}`, { waitUntil: 'load' });
  }

  /** Opens the chat with the launcher and waits for the send box. */
  async open(tap = false): Promise<void> {
    if (tap) await this.launcher.tap();
    else await this.launcher.click();
    await this.sendBox.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
  }

  /** Waits until the bot has shown a message containing `text` (markdown stars ignored). */
  async waitForBot(text: string, atLeast = 1): Promise<Locator> {
    const wanted = this.botActivities.filter({ hasText: plain(text) });
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    let count = await wanted.count();
    while (count < atLeast) {
      if (Date.now() > deadline) {
        const shown = await this.botActivities.allInnerTexts();
        throw new Error(
          `the bot did not show "${plain(text)}" (${atLeast}x) in time; its messages:\n` +
            shown.map((t) => `  - ${t.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n'),
        );
      }
      await sleep(100);
      count = await wanted.count();
    }
    return wanted.nth(atLeast - 1);
  }

  /** Does something and waits for a new bot message containing `reply` (it may have been said before). */
  async turn(action: () => Promise<void>, reply: string): Promise<Locator> {
    const before = await this.botActivities.filter({ hasText: plain(reply) }).count();
    await action();
    return this.waitForBot(reply, before + 1);
  }

  /** Clicks (or taps) the quick reply with exactly this title and waits for the bot's answer. */
  async choose(title: string, reply: string, tap = false): Promise<Locator> {
    const button = this.page
      .locator('#webchat .webchat__suggested-actions')
      .getByRole('button', { name: title, exact: true });
    return this.turn(() => (tap ? button.tap() : button.click()), reply);
  }

  /** Types a line into the send box, sends it with Enter and waits for the bot's answer. */
  async say(line: string, reply: string): Promise<Locator> {
    return this.turn(async () => {
      await this.sendBox.click();
      await this.sendBox.pressSequentially(line);
      await this.sendBox.press('Enter');
    }, reply);
  }

  /** Clicks (or taps) a button of the last Adaptive Card and waits for the bot's answer. */
  async cardButton(title: string, reply: string, tap = false): Promise<Locator> {
    const button = this.cards.last().getByRole('button', { name: title, exact: true });
    return this.turn(() => (tap ? button.tap() : button.click()), reply);
  }

  /** Saves a screenshot once Web Chat's transient "Connecting…" line (if any) is gone. */
  async screenshot(name: string): Promise<void> {
    const connecting = this.page.locator('#webchat .webchat__connectivityStatus').first();
    await connecting.waitFor({ state: 'hidden', timeout: REPLY_TIMEOUT_MS });
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS_DIR, name) });
  }

  /** Runs axe-core on the whole page; `exclude` lists CSS selectors of nodes axe must skip. */
  axeViolations(exclude: string[] = []): Promise<AxeViolation[]> {
    return axeViolations(this.page, exclude);
  }
}

const AXE_SOURCE = fs.readFileSync(AXE_PATH, 'utf8');

/**
 * axe-core on a page, injected through the DevTools protocol (a page's CSP allows no injected script tag);
 * `exclude` lists CSS selectors of nodes axe must skip.
 */
export async function axeViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const context = JSON.stringify({ include: [['html']], exclude: exclude.map((s) => [s]) });
  return page.evaluate<AxeViolation[]>(`
    axe.run(${context}, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
    )`);
}

/** The violations a test fails on: impact serious or critical. */
export function severe(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.targets.join('\n    ')}`)
    .join('\n');
}
