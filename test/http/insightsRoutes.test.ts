/**
 * The insights dashboard over real HTTP (compose() and the restify server, the desk's sign-in): who may see
 * it, what its exports say about seeded conversations, what the filters change, bad filters, and the review
 * of a missed line from one POST to the training export.
 */
import assert from 'node:assert/strict';
import { toCsv } from '../../server/desk/insightExports';
import {
  NOW,
  seed,
  seedMissed,
  signIn,
  startInsightsServer,
  type InsightsServer,
  type SeedConversation,
} from '../helpers/insightsServer';

/** Eight conversations of a few days, in both languages, two channels and both kinds of account. */
const CONVERSATIONS: SeedConversation[] = [
  { kind: 'selfServed', daysAgo: 0, hour: 9, language: 'de', channel: 'webchat', accountKind: 'online' },
  { kind: 'selfServed', daysAgo: 1, hour: 10, language: 'de', channel: 'webchat', accountKind: 'online' },
  { kind: 'selfServed', daysAgo: 2, hour: 11, language: 'en', channel: 'msteams', accountKind: 'corporate' },
  {
    kind: 'droppedAtVat',
    daysAgo: 0,
    hour: 10,
    language: 'en',
    channel: 'webchat',
    accountKind: 'online',
    vatErrors: ['validation.vat.checkDigit', 'validation.vat.format'],
  },
  {
    kind: 'droppedAtVat',
    daysAgo: 3,
    hour: 12,
    language: 'de',
    channel: 'webchat',
    accountKind: 'online',
    vatErrors: ['validation.vat.checkDigit'],
  },
  {
    kind: 'escalated',
    daysAgo: 1,
    hour: 9,
    language: 'de',
    channel: 'msteams',
    accountKind: 'corporate',
    reason: 'notBillingContact',
    handoff: { accepted: true, waitedSeconds: 60 },
  },
  {
    kind: 'escalated',
    daysAgo: 2,
    hour: 14,
    language: 'en',
    channel: 'webchat',
    accountKind: 'online',
    reason: 'userRequested',
    handoff: { accepted: false, waitedSeconds: 300 },
  },
  { kind: 'notWorked', daysAgo: 4, hour: 13, language: 'en', channel: 'webchat', accountKind: 'online' },
];

interface ChartJson {
  chart: string;
  conversations: number;
  filter: Record<string, unknown>;
  rows: Array<Record<string, string | number | null>>;
}

/** RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('insights dashboard over HTTP: access, exports, filters, review', function () {
  this.timeout(60_000);
  let server: InsightsServer;
  let anna: { cookie: string; csrfToken: string };
  let ben: { cookie: string; csrfToken: string };

  before(async () => {
    server = await startInsightsServer();
    await seed(server, CONVERSATIONS);
    await seedMissed(server, [
      { conversation: 'm-1', language: 'de', text: 'Kann ich mit Gutschein zahlen?', kind: 'notUnderstood' },
      { conversation: 'm-2', language: 'de', text: 'kann ich mit Gutschein zahlen', kind: 'clarified' },
      { conversation: 'm-3', language: 'en', text: 'switch our card to the new one', kind: 'notUnderstood' },
      {
        conversation: 'm-4',
        language: 'de',
        text: '<script>alert(1)</script> Karte ändern',
        kind: 'corrected',
      },
    ]);
    [anna, ben] = await Promise.all([signIn(server.url, 'anna'), signIn(server.url, 'ben')]);
  });
  after(() => server?.close());

  const get = (path: string, who?: { cookie: string }, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { ...(who ? { Cookie: who.cookie } : {}), ...headers } });
  const chart = async (name: string, query = '') => {
    const response = await get(`/agent/insights/charts/${name}.json?lang=en${query}`, anna);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as ChartJson;
  };
  const label = (ids: string[], value: string | null, who = anna, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/agent/insights/api/labels`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: who.cookie,
        'X-CSRF-Token': who.csrfToken,
        ...headers,
      },
      body: JSON.stringify({ ids, label: value }),
    });

  it('signed out: the page answers 401 with the sign-in, every chart and export 401', async () => {
    const page = await get('/agent/insights', undefined, { 'Accept-Language': 'de-DE' });
    assert.equal(page.status, 401);
    const html = await page.text();
    assert.match(html, /Die Auswertung ist für Supervisoren\. Bitte melden Sie sich/);
    assert.match(html, /<form data-sign-in-form>/);
    assert.doesNotMatch(html, /Vom Start bis/, 'no figures');
    for (const path of [
      '/agent/insights/charts/funnel.json',
      '/agent/insights/charts/funnel.csv',
      '/agent/insights/charts/funnel.svg',
      '/agent/insights/events.json',
      '/agent/insights/review/utterances.de.json',
    ]) {
      const response = await get(path);
      assert.equal(response.status, 401, path);
      assert.deepEqual(await response.json(), { error: 'signedOut' });
    }
    assert.equal((await get('/agent/insights/review?lang=en')).status, 401);
  });

  it('an agent gets 403: a page that says why, and no data', async () => {
    const page = await get('/agent/insights?lang=en', ben);
    assert.equal(page.status, 403);
    assert.match(await page.text(), /You are signed in as Ben Meyer with an agent account/);
    for (const path of ['/agent/insights/charts/outcomes.csv', '/agent/insights/review/utterances.en.json']) {
      const response = await get(path, ben);
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), { error: 'forbidden' });
    }
    assert.equal((await get('/agent/insights/review', ben)).status, 403);
    assert.equal((await label(['de:kann ich mit gutschein zahlen'], 'none', ben)).status, 403);
  });

  it('a supervisor gets the page in German and English, under the strict CSP, with links to every export', async () => {
    const de = await get('/agent/insights', anna, { 'Accept-Language': 'de-DE,de;q=0.9' });
    assert.equal(de.status, 200);
    assert.equal(de.headers.get('content-language'), 'de');
    assert.equal(de.headers.get('cache-control'), 'no-store');
    const csp = de.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /img-src 'self'/);
    const html = await de.text();
    assert.match(html, /Vom Start bis „Es hat geklappt“/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(
      scripts.filter(
        (tag) =>
          !/ src="\/agent\/insights\/assets\/insights\.js"/.test(tag) &&
          !/type="application\/json"/.test(tag),
      ),
      [],
      'no inline script: our own file, and a JSON data block the browser never runs',
    );
    for (const name of ['funnel', 'outcomes', 'escalations', 'handoffs', 'fieldErrors']) {
      assert.ok(html.includes(`/agent/insights/charts/${name}.svg?lang=de`), name);
      assert.ok(html.includes(`/agent/insights/charts/${name}.csv?lang=de`), name);
      assert.ok(html.includes(`/agent/insights/charts/${name}.json?lang=de`), name);
    }
    const en = await (await get('/agent/insights?lang=en', anna)).text();
    assert.match(en, /From the start to “it worked”/);
    assert.match(en, /href="\/agent\/insights\?lang=de" hreflang="de"/, 'a switch to German');
  });

  it('the JSON exports add up to the seeded conversations', async () => {
    const funnel = await chart('funnel');
    assert.equal(funnel.conversations, CONVERSATIONS.length);
    const step = (name: string) => funnel.rows.find((r) => r.step === name)!;
    assert.equal(step('started').reached, 8);
    assert.equal(step('vatId').reached, 6, 'the two escalated ones left before it');
    assert.equal(step('vatId').droppedHere, 2);
    assert.equal(step('vatId').stepLabel, 'VAT ID');
    assert.equal(step('worked').reached, 3);
    assert.equal(step('corporateUserId').reached, 1);

    const outcomes = await chart('outcomes');
    assert.equal(outcomes.rows.length, 7, 'one row per day of the week');
    const sum = (key: string) => outcomes.rows.reduce((n, r) => n + Number(r[key]), 0);
    assert.deepEqual(
      [sum('selfServed'), sum('escalated'), sum('notWorked'), sum('abandoned'), sum('inProgress')],
      [3, 2, 1, 2, 0],
    );
    const today = outcomes.rows.find((r) => r.day === new Date(NOW).toISOString().slice(0, 10))!;
    assert.deepEqual([today.selfServed, today.abandoned, today.total], [1, 1, 2]);

    const escalations = await chart('escalations');
    assert.deepEqual(
      escalations.rows.map((r) => [r.reason, r.reasonLabel, r.count]),
      [
        ['notBillingContact', 'Not the billing contact', 1],
        ['userRequested', 'Customer asked for a person', 1],
      ],
    );

    const handoffs = await chart('handoffs');
    const measure = (m: string) => handoffs.rows.find((r) => r.measure === m)!;
    assert.deepEqual([measure('accepted').value, measure('missed').value], [1, 1]);
    assert.equal(measure('medianWaitSeconds').value, 60);
    assert.equal(measure('medianWaitSeconds').shown, '1 min 00 s');

    const errors = await chart('fieldErrors');
    assert.deepEqual(
      errors.rows.map((r) => [r.step, r.reason, r.questionLabel, r.reasonLabel, r.count]),
      [
        ['vatId', 'validation.vat.checkDigit', 'VAT ID', 'Wrong check digit', 2],
        ['vatId', 'validation.vat.format', 'VAT ID', 'Wrong format for the billing country', 1],
      ],
    );
    const german = (await (
      await get('/agent/insights/charts/fieldErrors.json?lang=de', anna)
    ).json()) as ChartJson;
    assert.equal(german.rows[0].questionLabel, 'Umsatzsteuer-Identifikationsnummer');
    assert.equal(german.rows[0].reasonLabel, 'Falsche Prüfziffer');
  });

  it('the CSV exports parse: a header row, one line per row, downloaded as a file', async () => {
    const response = await get('/agent/insights/charts/outcomes.csv?lang=de&days=14', anna);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.equal(
      response.headers.get('content-disposition'),
      'attachment; filename="insights-outcomes-2026-12-07-14d.csv"',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual(
      [...bytes.subarray(0, 3)],
      [0xef, 0xbb, 0xbf],
      'a byte-order mark, so a spreadsheet reads UTF-8',
    );
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    assert.deepEqual(rows[0], [
      'Tag (Datum)',
      'Tag',
      'Selbst geändert',
      'An eine Person übergeben',
      'Hat nicht geklappt',
      'Aufgegeben',
      'Noch offen',
      'Gesamt',
    ]);
    assert.equal(rows.length, 1 + 14);
    assert.ok(rows.every((r) => r.length === 8));
    assert.equal(rows[14][1], 'Mo., 7. Dez.', 'a label with a comma, quoted');
    assert.equal(
      rows.slice(1).reduce((n, r) => n + Number(r[7]), 0),
      8,
    );

    // fetch's text() drops the byte-order mark itself.
    const funnel = parseCsv(await (await get('/agent/insights/charts/funnel.csv?lang=en', anna)).text());
    assert.deepEqual(funnel[0], ['Step (code)', 'Step', 'Reached', 'Gave up here']);
    assert.deepEqual(
      funnel.find((r) => r[0] === 'worked'),
      ['worked', 'It worked', '3', '0'],
    );
    const handoffs = parseCsv(await (await get('/agent/insights/charts/handoffs.csv?lang=en', anna)).text());
    assert.deepEqual(
      handoffs.find((r) => r[0] === 'p90WaitSeconds'),
      ['p90WaitSeconds', 'Wait for 9 in 10 (p90)', '60', '1 min 00 s'],
    );
  });

  it('CSV escaping: quotes doubled, commas and line breaks quoted, a formula never runs in a spreadsheet', () => {
    const csv = toCsv({
      name: 'escalations',
      title: 'x',
      columns: [
        { key: 'a', label: 'Grund "Code"' },
        { key: 'b', label: 'Anzahl', numeric: true },
      ],
      rows: [
        { a: 'eins, zwei', b: 1 },
        { a: 'zwei\nZeilen', b: -2 },
        { a: '=HYPERLINK("x")', b: null },
      ],
    });
    assert.equal(
      csv,
      '\uFEFF"Grund ""Code""",Anzahl\r\n"eins, zwei",1\r\n"zwei\nZeilen",-2\r\n"\'=HYPERLINK(""x"")",\r\n',
    );
    assert.deepEqual(parseCsv(csv.slice(1)), [
      ['Grund "Code"', 'Anzahl'],
      ['eins, zwei', '1'],
      ['zwei\nZeilen', '-2'],
      ['\'=HYPERLINK("x")', ''],
    ]);
  });

  it('the charts are SVG drawn on the server, wide and narrow, with the JSON also offered as a file', async () => {
    for (const size of ['', '&size=narrow']) {
      const response = await get(`/agent/insights/charts/outcomes.svg?lang=de${size}`, anna);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const svg = await response.text();
      assert.match(svg, /^<svg[^>]+width="(\d+)"/);
      assert.match(svg, /Selbst geändert/);
      assert.doesNotMatch(svg, /<script/);
    }
    const json = await get('/agent/insights/charts/funnel.json', anna);
    assert.match(
      json.headers.get('content-disposition') ?? '',
      /^attachment; filename="insights-funnel-.+\.json"$/,
    );
    assert.equal((await get('/agent/insights/charts/nothing.svg', anna)).status, 404);
    assert.equal((await get('/agent/insights/charts/funnel.exe', anna)).status, 404);
  });

  it('the filters change the figures: language, channel, account kind, days', async () => {
    const conversations = async (query: string) => (await chart('funnel', query)).conversations;
    const count = (pick: (c: SeedConversation) => boolean) => CONVERSATIONS.filter(pick).length;
    assert.equal(
      await conversations('&language=en'),
      count((c) => c.language === 'en'),
    );
    assert.equal(
      await conversations('&language=de'),
      count((c) => c.language === 'de'),
    );
    assert.equal(
      await conversations('&channel=msteams'),
      count((c) => c.channel === 'msteams'),
    );
    assert.equal(
      await conversations('&accountKind=corporate'),
      count((c) => c.accountKind === 'corporate'),
    );
    assert.equal(
      await conversations('&language=de&channel=webchat&accountKind=online'),
      count((c) => c.language === 'de' && c.channel === 'webchat' && c.accountKind === 'online'),
    );
    assert.equal(
      await conversations('&days=1'),
      count((c) => c.daysAgo === 0),
    );
    assert.equal(
      await conversations('&days=2'),
      count((c) => c.daysAgo <= 1),
    );
    // An empty value (the form's "All") is no filter.
    assert.equal(await conversations('&language=&channel=&accountKind=&days='), 8);
    const english = await chart('escalations', '&language=en');
    assert.deepEqual(
      english.rows.map((r) => r.reason),
      ['userRequested'],
    );
    assert.deepEqual(english.filter, { days: 7, language: 'en' });
    // The page shows the filtered figure too.
    const page = await (await get('/agent/insights?lang=en&channel=msteams', anna)).text();
    assert.match(page, /<option value="msteams" selected>Microsoft Teams<\/option>/);
    assert.match(page, /charts\/funnel\.svg\?lang=en&amp;channel=msteams/);
  });

  it('bad filter values get 400 naming the parameter, in the page language; never a 500', async () => {
    const cases: Array<[string, RegExp]> = [
      ['days=0', /whole number of days from 1 to 92/],
      ['days=93', /whole number of days from 1 to 92/],
      ['days=abc', /whole number of days from 1 to 92/],
      ['days=1e1', /whole number of days from 1 to 92/],
      ['days=-3', /whole number of days from 1 to 92/],
      ['language=fr', /language must be one of these: de, en/],
      ['channel=fax', /channel must be one of these: webchat, msteams, directline, emulator, other/],
      ['accountKind=premium', /account must be one of these: online, corporate/],
      ['size=huge', /chart size must be one of these: wide, narrow/],
    ];
    for (const [query, message] of cases) {
      const response = await get(`/agent/insights/charts/funnel.svg?lang=en&${query}`, anna);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { error: string; message: string };
      assert.equal(body.error, 'invalidQuery');
      assert.match(body.message, message, query);
    }
    const csv = await get('/agent/insights/charts/funnel.csv?days=%00', anna);
    assert.equal(csv.status, 400);
    const page = await get('/agent/insights?days=500&language=xx', anna, { 'Accept-Language': 'de' });
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /Der Zeitraum muss eine ganze Zahl von Tagen zwischen 1 und 92 sein\./);
    assert.match(html, /Die Sprache muss einer dieser Werte sein: de, en\./);
    assert.equal((await get('/agent/insights/review?language=fr', anna)).status, 400);
    assert.equal((await get('/agent/insights/events.json?days=x', anna)).status, 400);
  });

  it('review: a missed line labelled with one POST is in the utterances export under that intent, and can be cleared', async () => {
    const review = await (await get('/agent/insights/review?lang=de', anna)).text();
    assert.match(review, /Kann ich mit Gutschein zahlen\?/);
    assert.ok(!review.includes('<script>alert(1)</script>'), 'a customer line is escaped');
    assert.ok(review.includes('&lt;script&gt;alert(1)&lt;/script&gt; Karte ändern'));
    assert.match(review, /Gruppe 1: 2-mal, 2 verschiedene Sätze/, 'similar lines in one group');

    const ids = ['de:kann ich mit gutschein zahlen?', 'de:kann ich mit gutschein zahlen'];
    assert.equal((await label(ids, 'none')).status, 204);
    assert.equal((await label(['en:switch our card to the new one'], 'changePaymentMethod')).status, 204);

    const exported = await get('/agent/insights/review/utterances.de.json', anna);
    assert.equal(exported.headers.get('content-disposition'), 'attachment; filename="utterances.de.json"');
    assert.deepEqual(await exported.json(), {
      none: ['Kann ich mit Gutschein zahlen?', 'kann ich mit Gutschein zahlen'].sort(),
    });
    const english = (await (await get('/agent/insights/review/utterances.en.json', anna)).json()) as Record<
      string,
      string[]
    >;
    assert.deepEqual(english, { changePaymentMethod: ['switch our card to the new one'] });
    // The shape of locales/<lang>/utterances.json: intent -> lines.
    assert.ok(
      Object.values(english).every(
        (lines) => Array.isArray(lines) && lines.every((l) => typeof l === 'string'),
      ),
    );
    assert.match(
      await (await get('/agent/insights/review?lang=de&language=de', anna)).text(),
      /Absicht: <strong data-current data-labelled>Außerhalb des Themas<\/strong>/,
    );

    assert.equal((await label([ids[1]], null)).status, 204);
    assert.deepEqual(await (await get('/agent/insights/review/utterances.de.json', anna)).json(), {
      none: ['Kann ich mit Gutschein zahlen?'],
    });
  });

  it('review: refused without the CSRF token, from another origin, for a line not kept, or with an unknown intent', async () => {
    const id = ['de:kann ich mit gutschein zahlen?'];
    assert.equal((await label(id, 'none', anna, { 'X-CSRF-Token': 'forged' })).status, 403);
    assert.equal((await label(id, 'none', anna, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await label(['de:a line nobody typed'], 'none')).status, 404);
    assert.equal((await label(id, 'bookFlight')).status, 400);
    assert.equal((await label([], 'none')).status, 400);
    const form = await fetch(`${server.url}/agent/insights/api/labels`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: anna.cookie },
      body: 'ids=x&label=none',
    });
    assert.equal(form.status, 415, 'a cross-site form post is refused before anything reads it');
  });

  it('the raw events export holds pseudonyms and codes only', async () => {
    const response = await get('/agent/insights/events.json?days=7', anna);
    assert.equal(response.status, 200);
    const text = await response.text();
    const events = JSON.parse(text) as Array<{ conversation: string }>;
    assert.ok(events.length > 40);
    assert.ok(events.every((e) => /^[0-9a-f]{16}$/.test(e.conversation)));
    assert.doesNotMatch(text, /seed-\d/, 'no conversation id');
  });
});
