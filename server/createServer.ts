import './withoutSpdy';
import restify from 'restify';
import type { Activity, ActivityHandler, CloudAdapter, TurnContext } from 'botbuilder';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import type { Logger } from '../logging/logger';
import { AddressLimiter } from './addressLimiter';
import { clientAddress, limitKey } from './clientAddress';
import type { DirectLineCloudAdapter } from './directLine/directLineAdapter';
import { incomingActivityIssues } from './incomingActivity';
import type { Lifecycle } from './lifecycle';
import { refuseEncodedBodies } from './refuseEncodedBodies';
import { requireJson } from './requireJson';
import { TurnGate } from './turnGate';
import { refusedServiceUrl, type ServiceUrlPolicy } from './serviceUrlPolicy';

export interface ServerDeps {
  /** With processAuthenticated (DirectLineCloudAdapter), a token checked here is not checked again. */
  adapter: CloudAdapter & Partial<Pick<DirectLineCloudAdapter, 'processAuthenticated'>>;
  bot: Pick<ActivityHandler, 'run'>;
  /** The adapter's authentication: with credentials, a request's token is checked before anything else. */
  authentication?: BotFrameworkAuthentication;
  /** Largest accepted request body; larger ones get 413. */
  maxBodyBytes?: number;
  /** The Web Chat widget's Direct Line routes (server/directLine); they share the body parser and its limit. */
  directLine?: { mount(server: restify.Server): void };
  /** The help page with the chat widget (server/helpPage). */
  helpPage?: { mount(server: restify.Server): void };
  /** The built-in agent desk at /agent (server/desk). */
  agentDesk?: { mount(server: restify.Server): void };
  /** Where replies may go; default: credentials off, loopback only. */
  serviceUrls?: ServiceUrlPolicy;
  /** Graceful shutdown (503 while draining). */
  lifecycle?: Lifecycle;
  /** For /readyz: resolves when the storage answers. */
  ready?: () => Promise<void>;
  trustedProxyHops?: number;
  /** Without credentials, activities one client address may send per minute (default 300). */
  unauthenticatedPerMinute?: number;
  /** Turns of /api/messages run at once; more wait their turn (default 64, see TurnGate). */
  maxConcurrentTurns?: number;
  log?: Logger;
}

/** When this process started: changes with every restart. */
const STARTED_AT = new Date().toISOString();

/** Activities one conversation may send per window on /api/messages (a channel's retries fit easily). */
const PER_CONVERSATION = { limit: 30, windowMs: 10_000 };

/**
 * The HTTP surface: POST /api/messages for the Bot Framework, GET /healthz and /readyz for probes, the
 * help page, the Direct Line routes and the agent desk. Bodies must be uncompressed JSON; an activity must
 * have the right shape, a service URL the bot may reply to, and stay within the rate limits.
 */
export function createServer({
  adapter,
  bot,
  maxBodyBytes = 256 * 1024,
  directLine,
  helpPage,
  agentDesk,
  serviceUrls = { authEnabled: false, allowed: [] },
  lifecycle,
  ready,
  trustedProxyHops = 0,
  unauthenticatedPerMinute = 300,
  authentication,
  maxConcurrentTurns = 64,
  log,
}: ServerDeps): restify.Server {
  const turns = new TurnGate(maxConcurrentTurns);
  const server = restify.createServer({ name: 'payment-assistant' });
  const perConversation = new AddressLimiter({ ...PER_CONVERSATION, now: Date.now });
  const perAddress = new AddressLimiter({ limit: unauthenticatedPerMinute, windowMs: 60_000, now: Date.now });
  // Before routing, so they hold for every path, also ones that have no route.
  if (lifecycle) server.pre(lifecycle.gate);
  server.pre(refuseEncodedBodies);
  server.pre(requireJson);
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, mapFiles: false }));

  server.post('/api/messages', async (req, res) => {
    const issues = incomingActivityIssues(req.body);
    if (issues) {
      res.send(400, { error: 'invalid activity', issues });
      return;
    }
    // The whole activity: the check's result leaves out the fields it does not check.
    const activity = req.body as Activity;
    let authenticated: AuthenticateRequestResult | undefined;
    // Checked here, before the adapter, so every failure is a plain 401 (or 503 when the channel's keys
    // cannot be fetched) with no turn run: botbuilder answers some forged tokens with 500. Without
    // credentials this is botbuilder's anonymous identity, whatever token a client sends.
    if (authentication && (serviceUrls.authEnabled || adapter.processAuthenticated)) {
      const header = req.header('Authorization') ?? '';
      try {
        authenticated = await authentication.authenticateRequest(activity, header);
      } catch (error) {
        const unavailable = /openid|metadata|fetch|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo|socket/i.test(
          error instanceof Error ? error.message : String(error),
        );
        log?.warn(
          { reason: error instanceof Error ? error.name : 'error', unavailable },
          'refused a request: token',
        );
        if (!unavailable) res.header('WWW-Authenticate', 'Bearer');
        res.send(unavailable ? 503 : 401, {
          error: unavailable ? 'authentication unavailable' : 'unauthorized',
        });
        return;
      }
    }
    const refused = refusedServiceUrl(activity.serviceUrl, serviceUrls);
    if (refused) {
      res.send(serviceUrls.authEnabled ? 400 : 403, { error: refused });
      return;
    }
    const limits = [perConversation.admit(`${activity.channelId}/${activity.conversation.id}`)];
    if (!serviceUrls.authEnabled)
      limits.push(perAddress.admit(limitKey(clientAddress(req, trustedProxyHops))));
    const over = limits.find((l) => !l.ok);
    if (over && !over.ok) {
      res.header('Retry-After', String(over.retryAfter));
      res.send(429, { error: 'too many activities, slow down' });
      return;
    }
    const logic = (context: TurnContext) => bot.run(context);
    await turns.run(async () => {
      if (!authenticated || !adapter.processAuthenticated) return adapter.process(req, res, logic);
      // As CloudAdapter.process answers, without its second check of the token (a JWT signature per turn)
      // and its zod checks of the request, which build new schemas on every call.
      try {
        const invoke = await adapter.processAuthenticated(
          authenticated,
          req.body as Record<string, unknown>,
          logic,
        );
        res.status(invoke?.status ?? 200);
        if (invoke?.body) res.send(invoke.body);
        res.end();
      } catch (error) {
        log?.error({ err: error }, 'turn failed outside the turn error handler');
        res.send(error instanceof AuthenticationError ? 401 : 500, { error: 'the turn failed' });
      }
    });
  });

  // Liveness: the process answers. `startedAt` tells the help page that the bot restarted.
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', startedAt: STARTED_AT });
  });

  // Readiness: the storage answers too; a load balancer sends no traffic until it does.
  server.get('/readyz', async (_req, res) => {
    if (lifecycle?.isDraining) return res.send(503, { status: 'draining' });
    try {
      await ready?.();
      res.send(200, { status: 'ready' });
    } catch {
      res.send(503, { status: 'storage unavailable' });
    }
  });

  directLine?.mount(server);
  helpPage?.mount(server);
  agentDesk?.mount(server);

  return server;
}
