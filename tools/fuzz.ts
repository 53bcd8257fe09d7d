/**
 * `npm run fuzz`: a bounded fuzz run against the real server on loopback. Generated and mutated activities
 * (seeded, so a run can be repeated) go to /api/messages and the built-in Direct Line, with odd content types,
 * encodings, methods and paths in between; then a normal conversation must still complete. Prints requests,
 * responses by status class, crashes and 5xx; exits 1 if there was any crash or 5xx.
 *
 *   npm run fuzz -- --requests 5000 --seed 7 --seconds 120
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ReplyReceiver } from './replyReceiver';

export interface FuzzOptions {
  baseUrl: string;
  /** Where the bot may reply (loopback): the fuzzer's own receiver. */
  serviceUrl: string;
  requests: number;
  seed: number;
  timeLimitMs: number;
  concurrency?: number;
}

export interface FuzzReport {
  requests: number;
  byClass: Record<string, number>;
  byStatus: Record<string, number>;
  fiveXX: { status: number; what: string }[];
  /** Requests that got no HTTP answer at all (connection reset: a crash, or the process gone). */
  noAnswer: number;
  durationMs: number;
}

/** mulberry32: small, seeded, good enough to vary inputs reproducibly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  'Zahlungsmethode ändern',
  'ja',
  'nein',
  'Unternehmenskonto',
  'DE136695976',
  'Österreich, ATU13585627, Muster GmbH',
  '4111 1111 1111 1111',
  'CVV 123',
  'mein Passwort ist Geheim123',
  'DE89 3704 0044 0532 0130 00',
  '🙂🙂🙂',
  '\u202eRTL\u202c',
  '\u0000\u0001\u0002',
  'a\u200bb\u200cc',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  "' OR 1=1 --",
  '../../../../etc/passwd',
  '%00%0d%0a',
  'Mitarbeiter',
  'abbrechen',
  'English please',
  '',
  ' ',
];

/** One generated or mutated request. */
interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  what: string;
}

function generator(options: FuzzOptions, next: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const odd = (): unknown =>
    pick([
      null,
      42,
      -1,
      1e308,
      true,
      [],
      {},
      'x'.repeat(Math.floor(next() * 5000)),
      [1, [2, [3, [4]]]],
      { nested: { deeper: { deepest: pick(TEXTS) } } },
      pick(TEXTS),
      '\ud800',
    ]);
  const conversations = Array.from({ length: 300 }, (_, i) => `fuzz-${options.seed}-${i}`);

  function activity(): Record<string, unknown> {
    const type = pick([
      'message',
      'message',
      'message',
      'conversationUpdate',
      'event',
      'invoke',
      'typing',
      'messageUpdate',
      'unknownType',
    ]);
    const base: Record<string, unknown> = {
      type,
      id: next() < 0.2 ? 'repeated-id' : `id-${Math.floor(next() * 1e9)}`,
      channelId: pick(['emulator', 'msteams', 'webchat', 'directline', 'test']),
      serviceUrl:
        next() < 0.9
          ? options.serviceUrl
          : pick(['https://evil.example.com/', 'javascript:x', 'http://[::1]:1/']),
      conversation: { id: pick(conversations), conversationType: pick(['personal', 'groupChat', 'channel']) },
      from: { id: `user-${Math.floor(next() * 5)}`, name: pick(TEXTS) },
      recipient: { id: 'bot' },
      locale: pick(['de-DE', 'en-US', 'xx', '', 'de']),
      text: pick(TEXTS),
    };
    if (type === 'conversationUpdate') base.membersAdded = [{ id: 'user-1' }];
    if (type === 'event') base.name = pick(['webchat/resume', 'handoff.status', 'x']);
    if (type === 'event' && base.name === 'handoff.status')
      base.value = { state: pick(['accepted', 'failed', 'completed', 'x']) };
    if (type === 'invoke') {
      base.name = pick(['adaptiveCard/action', 'task/fetch', '']);
      base.value = pick([
        {
          action: {
            type: 'Action.Execute',
            data: { form: 'details', country: pick(['DE', 'AT', 'XX', odd()]), vatId: odd() },
          },
        },
        { action: { data: { choice: pick(['yes', 'confirm', odd()]), label: odd() } } },
        odd(),
      ]);
    }
    if (next() < 0.3)
      base.value = pick([
        { choice: pick(['yes', 'no', 'confirm', 'editCountry']) },
        odd(),
        { form: 'details', country: odd() },
      ]);
    if (next() < 0.2)
      base.attachments = [
        {
          contentType: pick(['text/plain', 'image/png', 'application/vnd.microsoft.card.adaptive', '']),
          content: odd(),
          name: pick(TEXTS),
        },
      ];
    if (next() < 0.1)
      base.entities = [{ type: 'mention', mentioned: { id: 'bot' }, text: '<at>bot</at>' }, odd()];
    if (next() < 0.1)
      base.channelData = { tenant: { id: 't' }, clientActivityID: pick(['c1', 'c2']), odd: odd() };
    // Mutations: drop, retype or blow up a field.
    const keys = Object.keys(base);
    // Half the activities stay well-formed (they exercise the dialogs); the rest lose or change a field or two.
    const mutations = next() < 0.5 ? 0 : 1 + Math.floor(next() * 2);
    for (let i = 0; i < mutations; i++) {
      const key = pick(keys);
      const r = next();
      if (r < 0.33) delete base[key];
      else if (r < 0.66) base[key] = odd();
      else base[key] = { wrapped: base[key] };
    }
    return base;
  }

  return (): FuzzRequest => {
    const r = next();
    const json = { 'Content-Type': 'application/json' };
    if (r < 0.6) {
      const body = JSON.stringify(activity());
      const mangled = next() < 0.08 ? body.slice(0, Math.floor(next() * body.length)) : body;
      return { method: 'POST', path: '/api/messages', headers: json, body: mangled, what: 'activity' };
    }
    if (r < 0.68)
      return {
        method: 'POST',
        path: '/api/messages',
        headers: {
          'Content-Type': pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', '']),
        },
        body: 'type=message&text=hi',
        what: 'content type',
      };
    if (r < 0.72)
      return {
        method: 'POST',
        path: pick(['/api/messages', '/v3/directline/conversations', '/agent/api/login']),
        headers: { ...json, 'Content-Encoding': pick(['gzip', 'deflate', 'br']) },
        body: 'not compressed',
        what: 'encoding',
      };
    if (r < 0.76)
      return {
        method: 'POST',
        path: '/api/messages',
        headers: json,
        body: `{"a":${'['.repeat(3000)}`,
        what: 'deep json',
      };
    if (r < 0.8)
      return {
        method: pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']),
        path: pick([
          '/api/messages',
          '/v3/directline/conversations/x/activities',
          '/agent/api/desk',
          '/assets/__proto__',
          '/readyz',
          '/%2e%2e/%2e%2e/etc/passwd',
        ]),
        headers: {},
        what: 'method/path',
      };
    if (r < 0.9)
      return {
        method: 'POST',
        path: `/v3/directline/conversations/${pick(['x', 'fuzz', '..%2f..'])}/activities`,
        headers: {
          ...json,
          Authorization: pick(['Bearer x.y.z', 'Bearer ', 'Basic abc', 'Bearer eyJhbGciOiJub25lIn0.e30.']),
        },
        body: JSON.stringify(activity()),
        what: 'direct line',
      };
    return {
      method: 'POST',
      path: pick(['/agent/api/login', '/agent/api/cases/GTM-AAAAAA/accept', '/v3/directline/tokens/refresh']),
      headers: { ...json, Cookie: 'desk_session=forged', 'X-CSRF-Token': 'x' },
      body: JSON.stringify({ username: odd(), password: odd(), text: odd() }),
      what: 'desk',
    };
  };
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const next = random(options.seed);
  const make = generator(options, next);
  const report: FuzzReport = {
    requests: 0,
    byClass: {},
    byStatus: {},
    fiveXX: [],
    noAnswer: 0,
    durationMs: 0,
  };
  const started = Date.now();
  let issued = 0;
  const worker = async () => {
    while (issued < options.requests && Date.now() - started < options.timeLimitMs) {
      issued += 1;
      const request = make();
      try {
        // Many callers, as behind a proxy (the server trusts one hop): the per-address limit does not end the run.
        const forwarded = `10.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}`;
        const res = await fetch(`${options.baseUrl}${request.path}`, {
          method: request.method,
          headers: { 'X-Forwarded-For': forwarded, ...request.headers },
          body: request.method === 'GET' ? undefined : request.body,
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        const klass = `${Math.floor(res.status / 100)}xx`;
        report.byClass[klass] = (report.byClass[klass] ?? 0) + 1;
        report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500) {
          const body = typeof request.body === 'string' ? request.body.slice(0, 300) : '';
          report.fiveXX.push({
            status: res.status,
            what: `${request.what} ${request.method} ${request.path} ${body}`,
          });
        }
      } catch {
        report.noAnswer += 1;
      }
      report.requests += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  report.durationMs = Date.now() - started;
  return report;
}

/** After the fuzz: a normal German conversation over /api/messages must still work. */
export async function normalConversationWorks(baseUrl: string, receiver: ReplyReceiver): Promise<boolean> {
  const conversation = { id: `after-fuzz-${Date.now()}` };
  const say = async (text: string): Promise<{ status: number; texts: string[] }> => {
    const res = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `after-${Math.random()}`,
        text,
        channelId: 'emulator',
        serviceUrl: receiver.url,
        conversation,
        from: { id: 'after-user' },
        recipient: { id: 'bot' },
        locale: 'de-DE',
      }),
    });
    if (res.status === 429) {
      // The fuzz used up this address's budget: wait as asked, then go on as a customer would.
      await new Promise((r) => setTimeout(r, (Number(res.headers.get('retry-after')) || 5) * 1000));
      return say(text);
    }
    return { status: res.status, texts: receiver.take(conversation.id).map((a) => a.text ?? '') };
  };
  const first = await say('Zahlungsmethode ändern');
  const second = await say('ja');
  return (
    first.status === 200 &&
    first.texts.some((t) => t.includes('Abrechnungskontakt')) &&
    second.status === 200 &&
    second.texts.some((t) => t.includes('Art von Konto'))
  );
}

export function printReport(report: FuzzReport, conversationOk: boolean, crashed: boolean): void {
  const classes = Object.entries(report.byClass)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`fuzz: ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`);
  console.log(`responses: ${classes}; no answer: ${report.noAnswer}`);
  console.log(
    `by status: ${Object.entries(report.byStatus)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(`crashes: ${crashed ? 1 : 0}; 5xx: ${report.fiveXX.length}`);
  for (const f of report.fiveXX.slice(0, 20)) console.log(`  ${f.status} ${f.what}`);
  console.log(`a normal conversation afterwards: ${conversationOk ? 'completed' : 'FAILED'}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

async function main(): Promise<void> {
  const requests = argument('requests', 3000);
  const seed = argument('seed', 1);
  const seconds = argument('seconds', 180);
  const port = await freePort();
  const root = path.join(__dirname, '..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      STORAGE: 'memory',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      LOG_LEVEL: 'fatal',
      TRUST_PROXY_HOPS: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${baseUrl}/healthz`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    if (exited || Date.now() > deadline) throw new Error('the bot did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const receiver = await ReplyReceiver.start();
  try {
    const report = await runFuzz({
      baseUrl,
      serviceUrl: receiver.url,
      requests,
      seed,
      timeLimitMs: seconds * 1000,
    });
    const alive =
      !exited &&
      (await fetch(`${baseUrl}/healthz`)
        .then((r) => r.ok)
        .catch(() => false));
    const ok = alive && (await normalConversationWorks(baseUrl, receiver));
    printReport(report, ok, !alive);
    process.exitCode = !alive || report.fiveXX.length > 0 || !ok ? 1 : 0;
  } finally {
    child.kill('SIGTERM');
    await receiver.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
