/**
 * The insights dashboard behind the real restify server (compose() as main() wires it, the desk's routes
 * with `insights`), a clock the tests set, desk accounts with argon2id hashes, and seeded conversations
 * recorded through the same recorder the dialogs use.
 */
import type { AddressInfo } from 'node:net';
import { hash } from '@node-rs/argon2';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { loadConfig } from '../../config/loadConfig';
import type { AccountKind } from '../../domain/accountKind';
import type { SlotName } from '../../domain/caseRecord';
import type { Language } from '../../domain/language';
import { compose, type App } from '../../index';
import type { InsightStep } from '../../insights/insightRecorder';
import type { MissedLineKind } from '../../insights/missedLines';
import { createLogger } from '../../logging/logger';

/** Warnings and errors only: the routes' info lines would fill the test output. */
const log = createLogger(undefined, 'warn');
import { createServer } from '../../server/createServer';
import { AgentDirectory } from '../../server/desk/agentDirectory';
import { createDeskRoutes } from '../../server/desk/deskRoutes';
import { DeskSessions } from '../../server/desk/deskSessions';
import { createMemoryEngine } from '../../storage/memoryEngine';
import { sharedRecognizer } from './testBot';

export const PASSWORD = 'Winter-Sonne-2026!';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** "Now" of every insights test: a fixed Monday afternoon, so the days on the charts are always the same. */
export const NOW = Date.parse('2026-12-07T15:00:00Z');

/** A clock the tests set; the desk's sessions use the real time, so signing in never expires mid-test. */
export class SettableClock {
  current = NOW;
  readonly now = (): number => this.current;
}

export interface InsightsServer {
  url: string;
  app: App;
  clock: SettableClock;
  close(): Promise<void>;
}

/** anna: supervisor (de, en); ben: agent. */
export async function startInsightsServer(env: NodeJS.ProcessEnv = {}): Promise<InsightsServer> {
  const passwordHash = await hash(PASSWORD, { algorithm: 2 });
  const config = loadConfig({
    STORAGE: 'memory',
    HANDOFF_GATEWAY: 'desk',
    AGENT_ACCOUNTS: JSON.stringify([
      {
        username: 'anna',
        passwordHash,
        displayName: 'Anna Schmidt',
        languages: ['de', 'en'],
        role: 'supervisor',
      },
      { username: 'ben', passwordHash, displayName: 'Ben Meyer', languages: ['en'] },
    ]),
    ...env,
  });
  const clock = new SettableClock();
  const app = await compose(config, {
    recognizer: await sharedRecognizer(),
    engine: createMemoryEngine(),
    now: clock.now,
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config.auth));
  const agentDesk = createDeskRoutes({
    desk: app.desk,
    agents: new AgentDirectory(config.handoff.agents),
    sessions: new DeskSessions(app.storage, config.handoff.sessionHours * HOUR),
    translations: app.services.translations,
    defaultLanguage: config.defaultLanguage,
    trustedProxyHops: 0,
    log,
    insights: app.insights,
  });
  const server = createServer({ adapter, bot: app.bot, agentDesk });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    clock,
    close: async () => {
      await app.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Signs in through the desk's API; the cookie and CSRF token for the requests after. */
export async function signIn(url: string, username: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${url}/agent/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username}: ${response.status}`);
  const cookie = /desk_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return { cookie, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

export type SeedKind = 'selfServed' | 'droppedAtVat' | 'escalated' | 'notWorked';

/** One scripted conversation, as the dialogs would record it. */
export interface SeedConversation {
  kind: SeedKind;
  /** Days before NOW's day, and the hour (UTC) it starts. */
  daysAgo: number;
  hour: number;
  language: Language;
  channel: 'webchat' | 'msteams' | 'directline';
  accountKind: AccountKind;
  /** droppedAtVat: the VAT errors met before giving up (locale keys). */
  vatErrors?: string[];
  /** escalated: the handoff reason, and what became of the request. */
  reason?: string;
  handoff?: { accepted: boolean; waitedSeconds: number };
}

/** The flow (DESIGN.md): contact, account kind, the portal's steps, then the details and the summary. */
const FIRST_STEPS: SlotName[] = ['isBillingContact', 'accountKind'];
const DETAILS: Record<AccountKind, SlotName[]> = {
  online: ['country', 'vatId', 'companyName', 'paymentMethod'],
  corporate: ['country', 'vatId', 'corporateUserId', 'paymentMethod'],
};

/** Records every conversation at its own time, then sets the clock back to NOW and writes the buffers. */
export async function seed(
  server: InsightsServer,
  conversations: SeedConversation[],
  prefix = 'seed',
): Promise<void> {
  const recorder = server.app.insights.recorder;
  conversations.forEach((c, index) => {
    const id = `${prefix}-${index}`;
    let at = Math.floor(NOW / DAY) * DAY - c.daysAgo * DAY + c.hour * HOUR;
    const record = (step: Omit<InsightStep, 'language' | 'accountKind'>) => {
      server.clock.current = at;
      at += 40_000;
      recorder.recordFor(id, c.channel, { ...step, language: c.language, accountKind: c.accountKind });
    };
    record({ kind: 'started' });
    for (const step of [...FIRST_STEPS, ...DETAILS[c.accountKind]]) {
      record({ kind: 'asked', step });
      if (c.kind === 'droppedAtVat' && step === 'vatId') {
        for (const reason of c.vatErrors ?? ['validation.vat.checkDigit'])
          record({ kind: 'failed', step, reason });
        return;
      }
      record({ kind: 'answered', step });
      if (c.kind === 'escalated' && step === 'isBillingContact') {
        record({ kind: 'escalated', reason: c.reason ?? 'userRequested' });
        if (c.handoff) {
          at += c.handoff.waitedSeconds * 1000;
          record({
            kind: c.handoff.accepted ? 'handoffAccepted' : 'handoffMissed',
            waitedSeconds: c.handoff.waitedSeconds,
            ...(c.handoff.accepted ? {} : { reason: 'timeout' }),
          });
        }
        return;
      }
      if (step === 'accountKind') record({ kind: 'portalShown' });
    }
    record({ kind: 'summaryConfirmed' });
    record({ kind: 'outcome', worked: c.kind === 'selfServed' });
  });
  server.clock.current = NOW;
  await server.app.insights.flush();
}

/** A missed line, through the recorder as the router records it (it needs only the conversation's id). */
export async function seedMissed(
  server: InsightsServer,
  lines: Array<{
    conversation: string;
    language: Language;
    text: string;
    kind: MissedLineKind;
    hoursAgo?: number;
  }>,
): Promise<void> {
  for (const line of lines) {
    server.clock.current = NOW - (line.hoursAgo ?? 2) * HOUR;
    const context = { activity: { conversation: { id: line.conversation } } } as unknown as TurnContext;
    server.app.insights.recorder.missed(context, line.language, line.text, line.kind);
  }
  server.clock.current = NOW;
  await server.app.insights.flush();
}

/**
 * A week of traffic for the dashboard's screenshots: 40 conversations over 7 days in both languages and
 * channels, self-served, dropped at the VAT question, escalated for different reasons (accepted and missed
 * handoffs with waiting times), and a few where the change did not work.
 */
export function seededWeek(): SeedConversation[] {
  const out: SeedConversation[] = [];
  const reasons = [
    'userRequested',
    'notBillingContact',
    'tooManyFailedAnswers',
    'selfServiceFailed',
    'notUnderstood',
  ];
  const vatErrors = [
    ['validation.vat.checkDigit'],
    ['validation.vat.format', 'validation.vat.checkDigit'],
    ['validation.vat.countryMismatch'],
  ];
  let escalations = 0;
  for (let i = 0; i < 40; i++) {
    const kind: SeedKind =
      i % 10 < 5 ? 'selfServed' : i % 10 < 7 ? 'droppedAtVat' : i % 10 < 9 ? 'escalated' : 'notWorked';
    out.push({
      kind,
      daysAgo: i % 7,
      hour: 8 + (i % 6),
      language: i % 3 === 0 ? 'en' : 'de',
      channel: i % 4 === 0 ? 'msteams' : 'webchat',
      accountKind: i % 5 === 0 ? 'corporate' : 'online',
      vatErrors: kind === 'droppedAtVat' ? vatErrors[i % 3] : undefined,
      reason: kind === 'escalated' ? reasons[escalations++ % reasons.length] : undefined,
      handoff:
        kind === 'escalated' ? { accepted: i % 3 !== 0, waitedSeconds: 30 + ((i * 37) % 400) } : undefined,
    });
  }
  return out;
}
