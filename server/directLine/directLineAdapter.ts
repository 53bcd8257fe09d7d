import {
  ActivityTypes,
  Channels,
  CloudAdapter,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type InvokeResponse,
  type ConversationReference,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
// botbuilder's own dependency (same version); it does not re-export these.
import {
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';
// Not re-exported by botbuilder's index; CloudAdapter.process runs it on every request.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { postReply } from '../replyPoster';
import type { WireActivity } from './conversations';

const UNRESPONSIVE = Symbol('channelUnresponsive');

class ReplyTimeout extends Error {
  constructor(ms: number) {
    super(`the channel took longer than ${ms} ms to take a reply`);
  }
}

/** Where the replies of a built-in Direct Line turn go: stores one, returns its id. */
export type ReplySink = (activity: Partial<Activity>) => string | Promise<string>;

/**
 * `serviceUrl` of built-in Direct Line turns. `.invalid` never resolves (RFC 6761), so should anything ever try
 * to POST to it, nothing leaves the machine.
 */
export const BUILT_IN_SERVICE_URL = 'https://directline.invalid/';

/**
 * processActivity needs a ConnectorClient; built-in turns never send through it (sendActivities below
 * catches their replies), so it carries no credentials.
 */
class UnusedConnectorFactory extends ConnectorFactory {
  private client: ConnectorClient | undefined;

  async create(): Promise<ConnectorClient> {
    this.client ??= new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: BUILT_IN_SERVICE_URL });
    return this.client;
  }
}
const unusedConnectors = new UnusedConnectorFactory();

/**
 * The bot's one CloudAdapter, able to run turns for the built-in Direct Line as well: such a turn goes through
 * the same middleware and bot as POST /api/messages, but its replies are appended to the Direct Line
 * conversation instead of being POSTed to a Bot Connector service. A turn is recognised by its claims
 * identity object, which only `processBuiltIn` creates: an activity posted to /api/messages cannot pose as one.
 */
export class DirectLineCloudAdapter extends CloudAdapter {
  private readonly sinks = new WeakMap<object, ReplySink>();

  constructor(
    authentication?: ConstructorParameters<typeof CloudAdapter>[0],
    /** A reply a channel has not taken within this fails (the turn goes on) instead of holding the turn. */
    private readonly replyTimeoutMs = 10_000,
  ) {
    super(authentication);
  }

  /** Runs one built-in Direct Line activity through middleware and `logic`; resolves when the turn is over. */
  async processBuiltIn(
    activity: WireActivity,
    sink: ReplySink,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    // The channel authenticated the user with its own token; there is no Bot Framework JWT to check.
    const claimsIdentity = this.createClaimsIdentity('');
    this.sinks.set(claimsIdentity, sink);
    // botbuilder's Activity marks wire-optional fields (label, listenFor...) as required.
    await this.processActivity(
      { audience: '', claimsIdentity, connectorFactory: unusedConnectors },
      activity as Activity,
      logic,
    );
  }

  /**
   * A POST /api/messages whose token the server has already checked (createServer does, to answer every
   * failure with a plain 401/503): the turn runs with that result instead of checking the token again, as
   * `process` would. Returns what `process` would send: the invoke response, if any.
   */
  async processAuthenticated(
    authentication: AuthenticateRequestResult,
    body: Record<string, unknown>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    // As CloudAdapter.process: botbuilder's own check, which turns the wire's timestamps into Dates.
    const activity = validateAndFixActivity({ ...body } as unknown as Activity);
    return this.processActivity(authentication, activity, logic);
  }

  /** A proactive turn on a built-in Direct Line conversation (the agent desk's messages): replies go to `sink`. */
  async continueBuiltIn(
    reference: Partial<ConversationReference>,
    sink: ReplySink,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const claimsIdentity = this.createClaimsIdentity('');
    this.sinks.set(claimsIdentity, sink);
    await this.continueConversationAsync(claimsIdentity, reference, logic);
  }

  private sinkOf(context: TurnContext): ReplySink | undefined {
    const identity: unknown = context.turnState.get(this.BotIdentityKey);
    return identity && typeof identity === 'object' ? this.sinks.get(identity) : undefined;
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const sink = this.sinkOf(context);
    if (sink)
      return this.deliver(context, activities, false, async (activity) => ({ id: await sink(activity) }));
    // One reply that timed out: the channel is not taking this turn's replies; the rest fail at once.
    if (context.turnState.get(UNRESPONSIVE))
      throw new Error('the channel did not take an earlier reply of this turn');
    const post = (activity: Partial<Activity>) => {
      const client = context.turnState.get<ConnectorClient | undefined>(this.ConnectorClientKey);
      if (!client) throw new Error('Unable to extract ConnectorClient from turn context.');
      return postReply(client, activity, this.replyTimeoutMs);
    };
    try {
      return await this.withTimeout(this.deliver(context, activities, true, post));
    } catch (error) {
      if (error instanceof ReplyTimeout) context.turnState.set(UNRESPONSIVE, true);
      throw error;
    }
  }

  /**
   * CloudAdapterBase.sendActivities' handling of the special types; everything else goes to `send`. Toward a
   * channel, as there, the id is the channel's to give and the Emulator gets trace activities.
   */
  private async deliver(
    context: TurnContext,
    activities: Partial<Activity>[],
    toChannel: boolean,
    send: (activity: Partial<Activity>) => Promise<ResourceResponse>,
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (toChannel) delete activity.id;
      if (activity.type === 'delay') {
        const ms = typeof activity.value === 'number' ? activity.value : 1000;
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.InvokeResponse) {
        context.turnState.set(INVOKE_RESPONSE_KEY, activity);
        responses.push({ id: '' });
      } else if (
        activity.type === ActivityTypes.Trace &&
        !(toChannel && activity.channelId === Channels.Emulator)
      ) {
        responses.push({ id: '' });
      } else {
        responses.push(await send(activity));
      }
    }
    return responses;
  }

  private async withTimeout<T>(sending: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReplyTimeout(this.replyTimeoutMs)), this.replyTimeoutMs);
    });
    try {
      return await Promise.race([sending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // Azure Direct Line cannot update or delete sent activities either; fail loudly rather than POST nowhere.
  override async updateActivity(
    context: TurnContext,
    activity: Partial<Activity>,
  ): Promise<ResourceResponse | void> {
    if (this.sinkOf(context)) throw new Error('Direct Line does not support updating activities');
    return super.updateActivity(context, activity);
  }

  override async deleteActivity(
    context: TurnContext,
    reference: Partial<ConversationReference>,
  ): Promise<void> {
    if (this.sinkOf(context)) throw new Error('Direct Line does not support deleting activities');
    return super.deleteActivity(context, reference);
  }
}
