/**
 * The echo bot behind restify and botbuilder's CloudAdapter, as the samples host it (no credentials, SQLite
 * state): the HTTP yardstick of `npm run bench`. PORT and STORAGE_PATH from the environment.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';
import { SqliteStorage } from '../../storage/sqliteStorage';
import { EchoBot } from './echoBot';

const storage = new SqliteStorage(process.env.STORAGE_PATH ?? ':memory:');
const bot = new EchoBot(storage);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(error);
  await context.sendActivity('The bot encountered an error.');
};
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { ok: true });
  next();
});
server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1');
// A clean exit on SIGTERM (the bench stops it so), so `--cpu-prof` can write its profile.
process.once('SIGTERM', () => process.exit(0));
