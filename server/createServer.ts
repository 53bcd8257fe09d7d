import restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import { incomingActivitySchema } from './incomingActivity';
import { refuseEncodedBodies } from './refuseEncodedBodies';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  /** Largest accepted request body; larger ones get 413. */
  maxBodyBytes?: number;
  /** The Web Chat widget's Direct Line routes (server/directLine); they share the body parser and its limit. */
  directLine?: { mount(server: restify.Server): void };
  /** The help page with the chat widget (server/helpPage). */
  helpPage?: { mount(server: restify.Server): void };
  /** The built-in agent desk at /agent (server/desk). */
  agentDesk?: { mount(server: restify.Server): void };
}

/** When this process started: changes with every restart. */
const STARTED_AT = new Date().toISOString();

/** The HTTP surface: POST /api/messages for the Bot Framework, GET /healthz for probes, the help page. */
export function createServer({
  adapter,
  bot,
  maxBodyBytes = 256 * 1024,
  directLine,
  helpPage,
  agentDesk,
}: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'payment-assistant' });
  // Before routing, so it holds for every path, also ones that have no route.
  server.pre(refuseEncodedBodies);
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, mapFiles: false }));

  server.post('/api/messages', async (req, res) => {
    const checked = incomingActivitySchema.safeParse(req.body);
    if (!checked.success) {
      res.send(400, {
        error: 'invalid activity',
        issues: checked.error.issues.map((i) => i.path.join('.') || i.message),
      });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  // `startedAt` tells the help page that the bot restarted, so its chat reconnects by itself.
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', startedAt: STARTED_AT });
  });

  directLine?.mount(server);
  helpPage?.mount(server);
  agentDesk?.mount(server);

  return server;
}
