import {
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  ConnectorFactory,
  type AuthenticateRequestResult,
  JwtTokenValidation,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Channels and clouds a bot talks to are few; the bound only keeps forged serviceUrls from piling up. */
const MAX_CLIENTS = 64;

/**
 * CloudAdapter builds a new ConnectorClient (credentials, an HTTP pipeline of a dozen policies) for every
 * turn, about a third of a millisecond of CPU before the first reply leaves. A client holds nothing of a
 * turn: its credentials fetch and refresh their own tokens, and its HTTP agent keeps connections alive. So
 * one client per bot, serviceUrl and audience serves every turn (the legacy BotFrameworkAdapter cached them
 * the same way).
 */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string | undefined,
    private readonly clients: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.appId ?? '', serviceUrl, audience ?? '']);
    const known = this.clients.get(key);
    if (known) {
      // Most recently used last, so the bound drops the one unused longest.
      this.clients.delete(key);
      this.clients.set(key, known);
      return known;
    }
    const client = this.inner.create(serviceUrl, audience);
    client.catch(() => this.clients.delete(key));
    this.clients.set(key, client);
    if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    return client;
  }
}

/**
 * botbuilder's configuration-driven authentication, with connector clients reused across turns, and the
 * user-token client too (CloudAdapter makes one per turn, with its own pipeline, whether or not the bot
 * signs anyone in).
 */
export class ReusedConnectorAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(options: ConfigurationBotFrameworkAuthenticationOptions) {
    super(options);
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims);
    return new ReusingConnectorFactory(factory, appId, this.clients);
  }

  /** Proactive turns (continueConversation) take their factory here. */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /** Incoming turns get their factory with the authentication result. */
  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims) ?? '';
    let client = this.tokenClients.get(appId);
    if (!client) {
      client = super.createUserTokenClient(claimsIdentity);
      client.catch(() => this.tokenClients.delete(appId));
      // One per bot identity; a bot has one, so no bound is needed beyond this.
      if (this.tokenClients.size >= MAX_CLIENTS) this.tokenClients.clear();
      this.tokenClients.set(appId, client);
    }
    return client;
  }
}
