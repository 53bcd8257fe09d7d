/**
 * The agent desk over real HTTP (restify, in process, a clock the tests move): sign-in, sessions, CSRF,
 * rate limits, and an agent taking over a Web Chat customer through the built-in Direct Line.
 */
import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { Translations } from '../../i18n/translator';
import { call, RawClient, botMessages, startServer, type TestServer } from '../directLine/helpers';

const PASSWORD = 'correct horse battery staple';
const de = new Translations().for('de');

interface Session {
  cookie: string;
  csrfToken: string;
}

async function signIn(server: TestServer, username = 'anna', password = PASSWORD, headers = {}) {
  return call(`${server.url}/agent/api/login`, { body: { username, password }, headers });
}

function sessionOf(response: Awaited<ReturnType<typeof signIn>>): Session {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = /desk_session=[^;]+/.exec(setCookie)?.[0];
  assert.ok(cookie, `a session cookie: ${setCookie}`);
  return { cookie, csrfToken: (response.body as { csrfToken: string }).csrfToken };
}

describe('agent desk over HTTP: sign-in, sessions, CSRF', function () {
  this.timeout(30_000);
  let server: TestServer;

  before(async () => {
    const passwordHash = await hash(PASSWORD, { algorithm: 2 });
    server = await startServer({
      desk: true,
      env: {
        HANDOFF_GATEWAY: 'desk',
        AGENT_ACCOUNTS: JSON.stringify([
          { username: 'anna', passwordHash, displayName: 'Anna Schmidt', languages: ['de', 'en'] },
          { username: 'ben', passwordHash, displayName: 'Ben Meyer', languages: ['en'] },
        ]),
      },
    });
  });
  after(() => server?.close());

  it('serves the desk page in German and English, with a policy that lets no other script run', async () => {
    const page = await fetch(`${server.url}/agent`, { headers: { 'Accept-Language': 'de-DE' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /Kundendienst-Desk/);
    assert.match(await (await fetch(`${server.url}/agent?lang=en`)).text(), /Customer service desk/);
  });

  it('signs in with the right password: an HttpOnly, SameSite=Strict cookie that expires', async () => {
    const response = await signIn(server);
    assert.equal(response.status, 200, response.text);
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.match(setCookie, /Max-Age=28800/);
    assert.match(setCookie, /Path=\/agent/);
    assert.ok(
      !response.text.includes(PASSWORD) && !response.text.includes('argon2'),
      'no password or hash returned',
    );
    const { cookie } = sessionOf(response);
    const me = await call(`${server.url}/agent/api/session`, { headers: { Cookie: cookie } });
    assert.equal(me.status, 200);
    assert.equal((me.body as { displayName: string }).displayName, 'Anna Schmidt');
  });

  it('refuses a wrong password and an unknown user alike (401, same answer)', async () => {
    const wrong = await signIn(server, 'ben', 'not the password');
    const unknown = await signIn(server, 'nobody', PASSWORD);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.headers.get('set-cookie'), null);
  });

  it('refuses requests without a session, and a session after it expired', async () => {
    assert.equal((await call(`${server.url}/agent/api/desk`)).status, 401);
    const { cookie } = sessionOf(await signIn(server));
    assert.equal((await call(`${server.url}/agent/api/desk`, { headers: { Cookie: cookie } })).status, 200);
    server.clock.advance(8 * 3600_000 + 1000);
    assert.equal((await call(`${server.url}/agent/api/desk`, { headers: { Cookie: cookie } })).status, 401);
    server.clock.advance(-(8 * 3600_000 + 1000));
  });

  it('refuses a state-changing request without the CSRF token, with a wrong one, or from another origin', async () => {
    const { cookie, csrfToken } = sessionOf(await signIn(server));
    const logout = (headers: Record<string, string>) =>
      call(`${server.url}/agent/api/logout`, { method: 'POST', headers: { Cookie: cookie, ...headers } });
    assert.equal((await logout({})).status, 403);
    assert.equal((await logout({ 'X-CSRF-Token': 'forged' })).status, 403);
    assert.equal((await logout({ 'X-CSRF-Token': csrfToken, Origin: 'https://evil.example' })).status, 403);
    assert.equal(
      (await signIn(server, 'anna', PASSWORD, { Origin: 'https://evil.example' })).status,
      403,
      'sign-in from another site',
    );
    // Sign-out works, and ends the session.
    assert.equal((await logout({ 'X-CSRF-Token': csrfToken })).status, 204);
    assert.equal(
      (await call(`${server.url}/agent/api/session`, { headers: { Cookie: cookie } })).status,
      401,
    );
  });

  it('limits sign-in attempts: five wrong passwords for one user, then 429 even with the right one', async () => {
    server.clock.advance(15 * 60_000 + 1000);
    for (let i = 0; i < 5; i++) assert.equal((await signIn(server, 'ben', `wrong-${i}`)).status, 401);
    const blocked = await signIn(server, 'ben');
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    server.clock.advance(15 * 60_000 + 1000);
    assert.equal((await signIn(server, 'ben')).status, 200, 'after the window the agent may sign in again');
  });

  it('limits sign-in attempts from one address too: the 31st in 15 minutes gets 429', async () => {
    server.clock.advance(15 * 60_000 + 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signIn(server, `user-${i}`, 'x')).status);
    assert.deepEqual([statuses[29], statuses[30]], [401, 429]);
    server.clock.advance(15 * 60_000 + 1000);
  });

  it('an agent takes over a Web Chat customer: both directions, through the bot', async () => {
    const { cookie, csrfToken } = sessionOf(await signIn(server));
    const customer = await RawClient.start(server);
    await customer.pollUntil((seen) => botMessages(seen).length > 0);
    await customer.say('Mitarbeiter');
    const queued = await customer.pollUntil((seen) =>
      botMessages(seen).some((a) => a.text?.includes('Position 1')),
    );
    const ref = /GTM-[2-9A-Z]{6}/.exec(
      botMessages(queued)
        .map((a) => a.text)
        .join(' '),
    )?.[0];
    assert.ok(ref);

    const snapshot = await call(`${server.url}/agent/api/desk?lang=de`, { headers: { Cookie: cookie } });
    const waiting = (snapshot.body as { waiting: { ref: string; reference?: unknown }[] }).waiting;
    assert.equal(waiting[0]?.ref, ref);
    assert.equal(waiting[0]?.reference, undefined, 'no service URL or conversation id reaches the page');

    const post = (path: string, body?: unknown) =>
      call(`${server.url}/agent/api/cases/${ref}/${path}`, {
        method: 'POST',
        body: body ?? {},
        headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken },
      });
    assert.equal((await post('accept')).status, 204);
    await customer.pollUntil((seen) =>
      botMessages(seen).some((a) => a.text === de.t('escalation.desk.agentJoined', { name: 'Anna Schmidt' })),
    );
    assert.equal((await post('messages', { text: 'Guten Tag, ich helfe Ihnen.' })).status, 204);
    await customer.pollUntil((seen) =>
      botMessages(seen).some((a) => a.text?.includes('Guten Tag, ich helfe Ihnen.')),
    );
    await customer.say('<img src=x onerror=alert(1)> Danke!');
    const seenByAgent = await call(`${server.url}/agent/api/desk`, { headers: { Cookie: cookie } });
    const active = (seenByAgent.body as { active: { transcript: { text: string }[] }[] }).active[0];
    assert.ok(
      active.transcript.some((e) => e.text === '<img src=x onerror=alert(1)> Danke!'),
      'kept as text',
    );
    assert.equal((await post('accept')).status, 409, 'no second accept');
    assert.equal((await post('end', { note: 'Erledigt' })).status, 204);
    await customer.pollUntil((seen) =>
      botMessages(seen).some((a) => a.text?.includes('hat das Gespräch beendet')),
    );
  });
});
