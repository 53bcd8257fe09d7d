import type { AddressInfo } from 'node:net';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { compose, type App } from '../../index';
import { loadConfig } from '../../config/loadConfig';
import { createMemoryEngine } from '../../storage/memoryEngine';
import { createServer } from '../../server/createServer';
import {
  createDirectLine,
  DEFAULT_DIRECT_LINE_SETTINGS,
  DirectLineCloudAdapter,
  type DirectLine,
  type DirectLineSettings,
} from '../../server/directLine';
import { sharedRecognizer } from '../helpers/testBot';
import { log } from '../../logging/logger';
import { AgentDirectory } from '../../server/desk/agentDirectory';
import { createDeskRoutes } from '../../server/desk/deskRoutes';
import { DeskSessions } from '../../server/desk/deskSessions';
import { ChannelProactiveSender } from '../../server/proactiveSender';

/** A clock the tests move by hand; starts at the real time so timestamps look normal. */
export class TestClock {
  private offset = 0;
  readonly now = (): number => Date.now() + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The built-in Direct Line's domain, as directlinejs wants it. */
  domain: string;
  app: App;
  directLine: DirectLine;
  clock: TestClock;
  close(): Promise<void>;
}

export interface StartOptions {
  settings?: Partial<DirectLineSettings>;
  env?: NodeJS.ProcessEnv;
  maxBodyBytes?: number;
  /** Mount the agent desk at /agent (with the agents of env.AGENT_ACCOUNTS). */
  desk?: boolean;
}

/** The composed bot behind the real restify server, built as main() builds it, on 127.0.0.1 and a free port. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const config = loadConfig({ STORAGE: 'memory', HANDOFF_GATEWAY: 'protocol', ...options.env });
  const clock = new TestClock();
  const app = await compose(config, {
    recognizer: await sharedRecognizer(),
    engine: createMemoryEngine(),
    now: clock.now,
  });
  const adapter = new DirectLineCloudAdapter(new ConfigurationBotFrameworkAuthentication(config.auth));
  for (const m of app.middleware) adapter.use(m);
  adapter.onTurnError = app.onTurnError;
  const directLine = createDirectLine({
    adapter,
    bot: app.bot,
    settings: { ...DEFAULT_DIRECT_LINE_SETTINGS, ...options.settings },
    now: clock.now,
    redactionMarker: app.redactionMarker,
  });
  app.proactive.connect(new ChannelProactiveSender(adapter, '', directLine.endpoint));
  const agentDesk = options.desk
    ? createDeskRoutes({
        desk: app.desk,
        agents: new AgentDirectory(config.handoff.agents),
        sessions: new DeskSessions(app.storage, config.handoff.sessionHours * 3600_000, clock.now),
        translations: app.services.translations,
        defaultLanguage: config.defaultLanguage,
        trustedProxyHops: config.directLine.trustedProxyHops,
        log,
        now: clock.now,
      })
    : undefined;
  const server = createServer({
    adapter,
    bot: app.bot,
    directLine,
    maxBodyBytes: options.maxBodyBytes,
    agentDesk,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    domain: `${url}/v3/directline`,
    app,
    directLine,
    clock,
    close: () =>
      new Promise<void>((resolve) => {
        directLine.close();
        app.close();
        server.close(() => resolve());
      }),
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** fetch with a JSON body and a parsed JSON answer (undefined when the answer is not JSON). */
export async function call(
  url: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export interface Conversation {
  conversationId: string;
  token: string;
  expires_in: number;
}

export interface WireActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
  channelData?: { clientActivityID?: string };
  suggestedActions?: { actions: { title: string }[] };
}

export function asConversation(body: unknown): Conversation {
  const c = body as Conversation;
  if (typeof c?.conversationId !== 'string' || typeof c.token !== 'string') {
    throw new Error(`not a conversation: ${JSON.stringify(body)}`);
  }
  return c;
}

/** A Direct Line client of raw HTTP calls, for the protocol details directlinejs hides. */
export class RawClient {
  watermark = '';
  constructor(
    readonly domain: string,
    public conversation: Conversation,
  ) {}

  static async start(server: TestServer, body?: unknown): Promise<RawClient> {
    const token = asConversation((await call(`${server.url}/api/directline/token`, { method: 'POST' })).body);
    const started = await call(`${server.domain}/conversations`, { token: token.token, body: body ?? {} });
    if (started.status !== 201) throw new Error(`start failed: ${started.status} ${started.text}`);
    return new RawClient(server.domain, asConversation(started.body));
  }

  get activitiesUrl(): string {
    return `${this.domain}/conversations/${this.conversation.conversationId}/activities`;
  }

  post(activity: Record<string, unknown>): Promise<JsonResponse> {
    return call(this.activitiesUrl, { token: this.conversation.token, body: activity });
  }

  say(text: string, clientActivityID = `c-${Math.random().toString(36).slice(2)}`): Promise<JsonResponse> {
    return this.post({
      type: 'message',
      text,
      locale: 'de-DE',
      from: { id: 'web-user' },
      channelData: { clientActivityID },
    });
  }

  async poll(): Promise<WireActivity[]> {
    const response = await call(`${this.activitiesUrl}?watermark=${this.watermark}`, {
      token: this.conversation.token,
    });
    if (response.status !== 200) throw new Error(`poll failed: ${response.status} ${response.text}`);
    const group = response.body as { activities: WireActivity[]; watermark: string };
    if (group.watermark) this.watermark = group.watermark;
    return group.activities;
  }

  /** Polls until `done` holds for everything seen so far (the bot answers asynchronously to a join). */
  async pollUntil(done: (seen: WireActivity[]) => boolean, timeoutMs = 5000): Promise<WireActivity[]> {
    const seen: WireActivity[] = [];
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      seen.push(...(await this.poll()));
      if (done(seen)) return seen;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out; seen: ${JSON.stringify(seen.map((a) => [a.type, a.from.role, a.text]))}`);
  }
}

export const botMessages = (activities: WireActivity[]): WireActivity[] =>
  activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
