/**
 * The insights dashboard in Chromium with a seeded week of traffic (40 conversations in German and English):
 * a supervisor signs in, reads the funnel, the outcomes per day, escalation reasons, handoff waits and the
 * errors customers met, filters, and labels a missed line that then appears in the training export. On a
 * 1366x768 laptop and a 390x844 phone, in both languages, with the page's strict CSP in force and axe-core
 * finding nothing. Screenshots go to test-artifacts/insights/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Language } from '../../domain/language';
import {
  PASSWORD,
  seed,
  seededWeek,
  seedMissed,
  startInsightsServer,
  type InsightsServer,
} from '../helpers/insightsServer';
import { ARTIFACTS_DIR, axeViolations, describeViolations, launchChromium } from './chatPage';

const SHOTS = path.join(ARTIFACTS_DIR, 'insights');
const TIMEOUT = 20_000;
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

const TEXT = {
  de: {
    username: 'Benutzername',
    password: 'Passwort',
    signIn: 'Anmelden',
    signedIn: 'Angemeldet als Anna Schmidt',
    funnel: 'Vom Start bis „Es hat geklappt“',
    outcomes: 'Ergebnisse pro Tag',
    escalations: 'Warum Kunden eine Person wollten',
    handoffs: 'Übergaben und Wartezeiten',
    fieldErrors: 'Die häufigsten Fehler bei den Angaben',
    vatStep: 'Umsatzsteuer-Identifikationsnummer',
    checkDigit: 'Falsche Prüfziffer',
    notBillingContact: 'Nicht der Abrechnungskontakt',
    conversations: 'Gespräche',
  },
  en: {
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    signedIn: 'Signed in as Anna Schmidt',
    funnel: 'From the start to “it worked”',
    outcomes: 'Outcomes per day',
    escalations: 'Why customers asked for a person',
    handoffs: 'Handoffs and waiting times',
    fieldErrors: 'Errors customers met most',
    vatStep: 'VAT ID',
    checkDigit: 'Wrong check digit',
    notBillingContact: 'Not the billing contact',
    conversations: 'Conversations',
  },
} as const;

describe('insights dashboard in Chromium: a seeded week, laptop and phone, German and English', function () {
  this.timeout(180_000);
  let server: InsightsServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const week = seededWeek();

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchChromium(), startInsightsServer()]);
    await seed(server, week);
    await seedMissed(server, [
      {
        conversation: 'm-1',
        language: 'de',
        text: 'Wie ändere ich meine Kreditkarte',
        kind: 'notUnderstood',
      },
      { conversation: 'm-2', language: 'de', text: 'wie ändere ich die Kreditkarte', kind: 'clarified' },
      {
        conversation: 'm-3',
        language: 'de',
        text: 'Wie ändere ich meine Kreditkarte',
        kind: 'notUnderstood',
      },
      {
        conversation: 'm-4',
        language: 'de',
        text: 'Gibt es einen Rabatt für Schulen?',
        kind: 'notUnderstood',
      },
      {
        conversation: 'm-5',
        language: 'de',
        text: '<b>fett</b><img src=x onerror="document.title=1">',
        kind: 'corrected',
      },
      {
        conversation: 'm-6',
        language: 'en',
        text: 'how do I swap the card we pay with',
        kind: 'notUnderstood',
      },
      { conversation: 'm-7', language: 'en', text: 'can I pay with crypto', kind: 'clarified' },
    ]);
  });

  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  /** A page with the real CSP in force; anything it blocks or any script error fails the test. */
  async function open(locale: string, viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // The signed-out page itself answers 401; a script error or a blocked resource is what fails.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
    });
    return { page, problems };
  }

  async function signIn(page: Page, lang: Language, username = 'anna') {
    const t = TEXT[lang];
    await page.getByLabel(t.username).fill(username);
    await page.getByLabel(t.password).fill(PASSWORD);
    await page.getByRole('button', { name: t.signIn, exact: true }).click();
  }

  /** Every chart image loaded (the server drew it), and at which width the browser chose it. */
  async function chartImages(page: Page) {
    // Strings, not functions: the tests compile without the DOM's types.
    await page.waitForFunction('Array.from(document.images).every((img) => img.complete)', undefined, {
      timeout: TIMEOUT,
    });
    return page.evaluate<Array<{ alt: string; loaded: boolean; src: string; width: number }>>(`
      Array.from(document.querySelectorAll('.chart img')).map((img) => ({
        alt: img.getAttribute('alt') || '',
        loaded: img.naturalWidth > 0,
        src: img.currentSrc,
        width: img.getBoundingClientRect().width,
      }))`);
  }

  const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

  /** The figure of the tile "label" in "At a glance". */
  const tile = (page: Page, label: string) =>
    page
      .locator('.tile')
      .filter({ has: page.locator('dt').getByText(label, { exact: true }) })
      .locator('.figure')
      .innerText();

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  it('signed out shows the sign-in; an agent is told the insights are for supervisors', async () => {
    const { page, problems } = await open('de-DE');
    const response = await page.goto(`${server.url}/agent/insights`);
    assert.equal(response?.status(), 401);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await signIn(page, 'de', 'ben');
    await page
      .getByRole('heading', { name: 'Die Auswertung ist für Supervisoren' })
      .waitFor({ timeout: TIMEOUT });
    assert.match(
      await page.locator('main').innerText(),
      /Sie sind als Ben Meyer mit einem Mitarbeiterkonto angemeldet/,
    );
    assert.equal(await page.locator('.chart').count(), 0, 'no figures for an agent');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(
      problems.filter((p) => !/status of 403/.test(p)),
      [],
    );
  });

  it('the desk links a supervisor to the dashboard; an agent sees no link', async () => {
    const { page, problems } = await open('de-DE');
    await page.goto(`${server.url}/agent`);
    await signIn(page, 'de', 'ben');
    await page.getByText('Angemeldet als Ben Meyer').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByRole('link', { name: 'Auswertung' }).count(), 0);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await signIn(page, 'de', 'anna');
    await page.getByRole('link', { name: 'Auswertung' }).click();
    await page.getByRole('heading', { name: TEXT.de.funnel, exact: true }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(problems, []);
  });

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: the dashboard on a laptop and a phone, charts with tables and exports, axe finds nothing`, async () => {
      const t = TEXT[lang];
      const { page, problems } = await open(lang === 'de' ? 'de-DE' : 'en-GB');
      await page.goto(`${server.url}/agent/insights`);
      await signIn(page, lang);
      await page.getByText(t.signedIn).waitFor({ timeout: TIMEOUT });
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      for (const heading of [t.funnel, t.outcomes, t.escalations, t.handoffs, t.fieldErrors])
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();

      // The figures a manager reads: 40 conversations, the VAT question's drop-outs, its errors by reason.
      assert.equal(await tile(page, t.conversations), '40');
      const dropped = week.filter((c) => c.kind === 'droppedAtVat').length;
      const vatRow = page.locator('#chart-funnel tbody tr', {
        has: page.getByRole('rowheader', { name: t.vatStep, exact: true }),
      });
      assert.equal(await vatRow.locator('td').last().innerText(), String(dropped));
      const checkDigit = page.locator('#chart-fieldErrors tbody tr', { hasText: t.checkDigit });
      const metCheckDigit = week
        .flatMap((c) => c.vatErrors ?? [])
        .filter((r) => r === 'validation.vat.checkDigit');
      assert.deepEqual(await checkDigit.locator('th, td').allInnerTexts(), [
        t.vatStep,
        t.checkDigit,
        String(metCheckDigit.length),
      ]);
      await page.locator('#chart-escalations th', { hasText: t.notBillingContact }).waitFor();
      assert.equal(
        await page.locator('#chart-fieldErrors').getByText('validation.vat').count(),
        0,
        'labels, not codes',
      );

      const images = await chartImages(page);
      assert.equal(images.length, 5);
      for (const img of images) {
        assert.ok(img.loaded, `chart drawn: ${img.src}`);
        assert.ok(img.alt.length > 20, 'every chart has a description');
        assert.doesNotMatch(img.src, /size=narrow/);
      }
      for (const name of ['funnel', 'outcomes', 'escalations', 'handoffs', 'fieldErrors']) {
        const links = page.locator(`#chart-${name} figcaption a`);
        assert.deepEqual(
          (
            await links.evaluateAll((as) =>
              as.map((a) => new URL(a.getAttribute('href') ?? '', 'http://x').pathname),
            )
          ).sort(),
          [`/agent/insights/charts/${name}.csv`, `/agent/insights/charts/${name}.json`],
        );
      }
      await shot(page, `dashboard-${lang}-desktop.png`);
      const desktopAxe = await axeViolations(page);
      assert.deepEqual(desktopAxe, [], describeViolations(desktopAxe));

      // The same page on a phone: the narrow charts, nothing wider than the screen.
      const phone = await open(lang === 'de' ? 'de-DE' : 'en-GB', PHONE);
      await phone.page.context().addCookies(await page.context().cookies());
      await phone.page.goto(`${server.url}/agent/insights?lang=${lang}`);
      const phoneImages = await chartImages(phone.page);
      for (const img of phoneImages) {
        assert.ok(img.loaded && /size=narrow/.test(img.src), `the phone gets the narrow chart: ${img.src}`);
        assert.ok(img.width <= PHONE.width, `chart fits the screen: ${img.width}`);
      }
      const width = await scrollWidth(phone.page);
      assert.ok(width <= PHONE.width, `no sideways scrolling on a phone (${width}px)`);
      await shot(phone.page, `dashboard-${lang}-phone.png`);
      const phoneAxe = await axeViolations(phone.page);
      assert.deepEqual(phoneAxe, [], describeViolations(phoneAxe));
      assert.deepEqual([...problems, ...phone.problems], [], 'no script error, nothing blocked by the CSP');
    });
  }

  it('the filter form narrows the figures (English conversations only) and keeps them in the address', async () => {
    const { page } = await open('de-DE');
    await page.goto(`${server.url}/agent/insights`);
    await signIn(page, 'de');
    await page.getByText(TEXT.de.signedIn).waitFor({ timeout: TIMEOUT });
    await page.getByLabel('Sprache des Gesprächs').selectOption({ label: 'Englisch' });
    await page.getByLabel('Zeitraum').selectOption({ label: 'Letzte 14 Tage' });
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.waitForURL(/language=en/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('days'), '14');
    const english = week.filter((c) => c.language === 'en').length;
    assert.equal(await tile(page, TEXT.de.conversations), String(english));
    const csvHref = await page.locator('#chart-funnel figcaption a').first().getAttribute('href');
    assert.match(csvHref ?? '', /days=14/);
    assert.match(csvHref ?? '', /language=en/);
    // The language switch keeps the filters.
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: TEXT.en.funnel, exact: true }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('language'), 'en');
    assert.equal(await tile(page, TEXT.en.conversations), String(english));
  });

  it('review: lines grouped by similarity, a label with one submit lands in the training export, and can be cleared', async () => {
    const { page, problems } = await open('de-DE');
    await page.goto(`${server.url}/agent/insights/review?lang=de`);
    await signIn(page, 'de');
    await page
      .getByRole('heading', { name: 'Nicht verstandene Sätze prüfen', level: 2 })
      .waitFor({ timeout: TIMEOUT });

    // The customer's HTML is text on the page, never markup.
    await page.getByText('<b>fett</b><img src=x onerror="document.title=1">').waitFor();
    assert.equal(await page.locator('.line-text b, .line-text img').count(), 0);
    assert.notEqual(await page.title(), '1');

    // "Kreditkarte" lines are one group: seen three times, two different lines.
    const group = page.locator('.group', { hasText: 'wie ändere ich die Kreditkarte' });
    assert.match(await group.locator('h3').innerText(), /Gruppe 1: 3-mal, 2 verschiedene Sätze/);
    const line = group.locator('.line', { hasText: 'Wie ändere ich meine Kreditkarte' });
    assert.match(await line.innerText(), /2-mal · nicht verstanden/);
    await shot(page, 'review-de-desktop.png');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));

    await line.getByLabel('Absicht für diesen Satz').selectOption('changePaymentMethod');
    await line.getByRole('button', { name: 'Zuordnen' }).click();
    await page
      .getByRole('status')
      .getByText('Gespeichert: Zahlungsmethode ändern.')
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await line.locator('[data-current]').innerText(), 'Zahlungsmethode ändern');

    // The out-of-scope line, and the whole group at once.
    const school = page.locator('.line', { hasText: 'Gibt es einen Rabatt für Schulen?' });
    await school.getByLabel('Absicht für diesen Satz').selectOption({ label: 'Außerhalb des Themas' });
    await school.getByRole('button', { name: 'Zuordnen' }).click();
    await page
      .getByRole('status')
      .getByText('Gespeichert: Außerhalb des Themas.')
      .waitFor({ timeout: TIMEOUT });

    const exportDe = async () => {
      const response = await page.request.get(`${server.url}/agent/insights/review/utterances.de.json`);
      assert.equal(response.status(), 200);
      assert.match(
        response.headers()['content-disposition'] ?? '',
        /attachment; filename="utterances.de.json"/,
      );
      return (await response.json()) as Record<string, string[]>;
    };
    assert.deepEqual(await exportDe(), {
      changePaymentMethod: ['Wie ändere ich meine Kreditkarte'],
      none: ['Gibt es einen Rabatt für Schulen?'],
    });

    await group.getByLabel('Absicht für alle Sätze dieser Gruppe').selectOption('changePaymentMethod');
    await group.locator('form').first().getByRole('button', { name: 'Zuordnen' }).click();
    await page
      .getByRole('status')
      .getByText('Gespeichert: Zahlungsmethode ändern.')
      .waitFor({ timeout: TIMEOUT });
    await group
      .locator('.line', { hasText: 'wie ändere ich die Kreditkarte' })
      .locator('[data-current]', { hasText: 'Zahlungsmethode ändern' })
      .waitFor();
    assert.deepEqual(
      (await exportDe()).changePaymentMethod,
      ['Wie ändere ich meine Kreditkarte', 'wie ändere ich die Kreditkarte'].sort(),
    );

    // Cleared: out of the export again; the labels survive a reload.
    await school.getByRole('button', { name: 'Entfernen' }).click();
    await page.getByRole('status').getByText('Die Absicht wurde entfernt.').waitFor({ timeout: TIMEOUT });
    assert.equal((await exportDe()).none, undefined);
    await page.reload();
    assert.equal(
      await page
        .locator('.line', { hasText: 'Wie ändere ich meine Kreditkarte' })
        .locator('[data-current]')
        .innerText(),
      'Zahlungsmethode ändern',
    );
    await shot(page, 'review-de-labelled.png');

    // English on a phone.
    const phone = await open('en-GB', PHONE);
    await phone.page.context().addCookies(await page.context().cookies());
    await phone.page.goto(`${server.url}/agent/insights/review?lang=en&language=en`);
    await phone.page.getByText('how do I swap the card we pay with').waitFor();
    assert.equal(await phone.page.getByText('Gibt es einen Rabatt').count(), 0, 'only English lines');
    const swap = phone.page.locator('.line', { hasText: 'how do I swap the card we pay with' });
    await swap.getByLabel('Intent for this line').selectOption({ label: 'Change the payment method' });
    await swap.getByRole('button', { name: 'Assign' }).click();
    await phone.page
      .getByRole('status')
      .getByText('Saved: Change the payment method.')
      .waitFor({ timeout: TIMEOUT });
    const width = await scrollWidth(phone.page);
    assert.ok(width <= PHONE.width, `no sideways scrolling on a phone (${width}px)`);
    await shot(phone.page, 'review-en-phone.png');
    const phoneAxe = await axeViolations(phone.page);
    assert.deepEqual(phoneAxe, [], describeViolations(phoneAxe));
    const en = await phone.page.request.get(`${server.url}/agent/insights/review/utterances.en.json`);
    assert.deepEqual(await en.json(), { changePaymentMethod: ['how do I swap the card we pay with'] });
    assert.deepEqual([...problems, ...phone.problems], []);
  });
});
