/**
 * Composition root: configuration, storage, state, recognizer, dialogs, bot, adapter and server are
 * wired here and nowhere else. `compose` is what the tests use too, with parts swapped.
 */
import 'dotenv/config';
// Before botbuilder: the recognizers it loads and this bot never calls are loaded at their first use.
import './server/lazyPackages';
// Also before botbuilder: its async functions load as native ones (server/nativeAsync).
import './server/nativeAsync';
import { TranscriptLoggerMiddleware, type Middleware, type Storage, type TranscriptStore } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { PaymentAssistantBot } from './bots/paymentAssistantBot';
import { createTurnErrorHandler } from './bots/turnErrorHandler';
import { ConfigError, loadConfig, type AppConfig } from './config/loadConfig';
import { RouterDialog } from './dialogs/routerDialog';
import type { DialogServices, RouterState } from './dialogs/shared/dialogServices';
import type { UserProfile } from './domain/userProfile';
import { languageFromLocale } from './domain/language';
import { CaseStore } from './form/caseStore';
import { FactExtractor } from './form/extractFacts';
import type { HandoffGateway } from './handoff/handoffGateway';
import { ProtocolHandoffGateway } from './handoff/protocolHandoffGateway';
import { HandoffSessions } from './handoff/handoffSessions';
import { DeferredProactiveSender } from './handoff/desk/deferredProactiveSender';
import { DeskHandoffGateway } from './handoff/desk/deskHandoffGateway';
import { DeskService } from './handoff/desk/deskService';
import { DeskStore } from './handoff/desk/deskStore';
import { DeskCustomerNotices } from './dialogs/shared/customerNotices';
import { log } from './logging/logger';
import { Translations } from './i18n/translator';
import { CardDataRedactionMiddleware } from './middleware/cardDataRedaction';
import { ConversationLockMiddleware } from './middleware/conversationLock';
import { DuplicateDeliveryMiddleware } from './middleware/duplicateDelivery';
import { LocaleMiddleware } from './middleware/localeMiddleware';
import { TypingIndicatorMiddleware } from './middleware/typingIndicator';
import { TeamsMentionMiddleware } from './middleware/teamsMentions';
import { TurnLogMiddleware } from './middleware/turnLog';
import { NlpjsRecognizer } from './nlu/nlpjsRecognizer';
import type { IntentRecognizer } from './nlu/recognizer';
import { EldLanguageDetector, type LanguageDetector } from './nlu/languageDetector';
import { createServer } from './server/createServer';
import { createHelpPage } from './server/helpPage';
import { AgentDirectory } from './server/desk/agentDirectory';
import { createDeskRoutes } from './server/desk/deskRoutes';
import { DeskSessions } from './server/desk/deskSessions';
import { ChannelProactiveSender } from './server/proactiveSender';
import { Lifecycle } from './server/lifecycle';
import { ReusedConnectorAuthentication } from './server/reusedConnectorClients';
import { createDirectLine, DirectLineCloudAdapter, directLineSettingsFrom } from './server/directLine';
import { createStorageEngine } from './storage/createStorage';
import { conversationStateOn, userStateOn } from './storage/readEtagState';
import type { StorageEngine } from './storage/storageEngine';
import { SettlingTranscriptStore } from './storage/settlingTranscripts';
import { DataErasureMiddleware } from './middleware/dataErasure';
import { RetentionSweeper } from './privacy/retentionSweeper';
import { Insights } from './insights/insights';
import { turnLanguage } from './i18n/turnLanguage';
import { UserDataEraser } from './privacy/userDataEraser';

export interface Overrides {
  /** Instead of the configured engine (tests: one they inspect or share between two bots). */
  engine?: StorageEngine;
  recognizer?: IntentRecognizer;
  languageDetector?: LanguageDetector;
  handoff?: HandoffGateway;
  /** The desk's clock (queue timeouts, business hours); tests move it. */
  now?: () => number;
}

export interface App {
  bot: PaymentAssistantBot;
  /** In pipeline order; any adapter (CloudAdapter, TestAdapter) gets the same stack. */
  middleware: Middleware[];
  onTurnError: ReturnType<typeof createTurnErrorHandler>;
  services: DialogServices;
  /** The built-in agent desk (HANDOFF_GATEWAY=desk, the default). */
  desk?: DeskService;
  /** Where the desk's messages to customers go: connect the adapter's sender once it exists. */
  proactive: DeferredProactiveSender;
  engine: StorageEngine;
  storage: Storage;
  transcripts: TranscriptStore;
  /** "Delete my data": the built-in Direct Line listens to drop what it holds in memory. */
  eraser: UserDataEraser;
  /** TRANSCRIPT_RETENTION_DAYS / STATE_RETENTION_DAYS; main() starts it. */
  retention: RetentionSweeper;
  /** The support manager's figures and the review of missed lines (/agent/insights). */
  insights: Insights;
  /** The echo of a customer's own message marks removed data in the chat's language ("[entfernt]"). */
  redactionMarker(locale: string | undefined): string;
  close(): Promise<void>;
}

export async function compose(config: AppConfig, overrides: Overrides = {}): Promise<App> {
  const engine = overrides.engine ?? createStorageEngine(config.storage);
  const { storage } = engine;
  // "Delete my data" waits for transcript writes still on their way (the transcript logger does not).
  const transcripts = new SettlingTranscriptStore(engine.transcripts);

  // Written with the eTag they were read with: another instance's write is never silently overwritten.
  const conversationState = conversationStateOn(storage);
  const userState = userStateOn(storage);
  const translations = new Translations();
  const proactive = new DeferredProactiveSender();
  const insights = await Insights.open(storage, config.insights, overrides.now ?? Date.now);
  // Each piece of conversation state has one owner: the case store, the router, the handoff, the
  // card-data middleware, the repeated-delivery check.
  const services: DialogServices = {
    translations,
    recognizer: overrides.recognizer ?? (await NlpjsRecognizer.train({ cacheDir: config.modelCacheDir })),
    languageDetector:
      overrides.languageDetector ?? (await EldLanguageDetector.create(config.modelCacheDir || undefined)),
    cases: new CaseStore(conversationState.createProperty('caseRecord'), (context, slots, record) => {
      const language = turnLanguage(context, config.defaultLanguage);
      for (const step of slots)
        insights.recorder.record(context, {
          kind: 'answered',
          step,
          language,
          accountKind: record.accountKind,
        });
    }),
    facts: new FactExtractor(translations),
    routerState: conversationState.createProperty<RouterState>('router'),
    userProfile: userState.createProperty<UserProfile>('profile'),
    handoff: new ProtocolHandoffGateway(transcripts),
    handoffSessions: new HandoffSessions(conversationState.createProperty('handoff')),
    portals: config.portals,
    supportUrl: config.supportUrl,
    contacts: config.contacts,
    defaultLanguage: config.defaultLanguage,
    maxFailedAnswers: config.maxFailedAnswers,
    insights: insights.recorder,
  };
  let desk: DeskService | undefined;
  if (overrides.handoff) services.handoff = overrides.handoff;
  else if (config.handoff.gateway === 'desk') {
    desk = new DeskService(
      new DeskStore(storage),
      proactive,
      new DeskCustomerNotices(services),
      {
        timeoutMs: config.handoff.timeoutSeconds * 1000,
        businessHours: config.handoff.businessHours,
        agentsConfigured: config.handoff.agents.length > 0,
        now: overrides.now ?? Date.now,
        insights: insights.recorder,
      },
      log,
    );
    services.handoff = new DeskHandoffGateway(desk, transcripts);
    services.desk = desk;
  }

  const eraser = new UserDataEraser(storage, transcripts, desk, insights);
  const retention = new RetentionSweeper(engine, config.retention, log, desk);

  const bot = new PaymentAssistantBot({
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    rootDialog: new RouterDialog(services),
  });

  const middleware: Middleware[] = [
    new TurnLogMiddleware(log),
    // One turn per conversation at a time, across every instance on this store (the engine's lease).
    new ConversationLockMiddleware({ leases: engine.leases }),
    // "Delete my data" runs after everything inside has written, so nothing of the last exchange is left.
    new DataErasureMiddleware(userState.createProperty<string[]>('conversations'), eraser, log),
    // Before anything logs or answers: a repeated delivery is acknowledged and nothing more.
    new DuplicateDeliveryMiddleware(conversationState.createProperty<string[]>('recentDeliveries')),
    // The turn's language first: what redaction removes is marked in the customer's language.
    new LocaleMiddleware(services.userProfile, config.defaultLanguage),
    new CardDataRedactionMiddleware(conversationState.createProperty<boolean>('cardContext'), {
      de: translations.for('de').t('general.redacted'),
      en: translations.for('en').t('general.redacted'),
    }),
    // Teams group chats: only @mentions are for the bot, without the mention's text.
    new TeamsMentionMiddleware(),
    new TypingIndicatorMiddleware(),
    // After redaction, so the transcript (and a handoff built from it) never holds card data.
    new TranscriptLoggerMiddleware(transcripts),
  ];

  return {
    bot,
    middleware,
    onTurnError: createTurnErrorHandler(translations, config.defaultLanguage, log),
    services,
    desk,
    proactive,
    engine,
    storage,
    transcripts,
    eraser,
    retention,
    insights,
    redactionMarker: (locale) =>
      translations.for(languageFromLocale(locale) ?? config.defaultLanguage).t('general.redacted'),
    close: async () => {
      retention.stop();
      desk?.stop();
      await insights.flush().catch(() => undefined);
      if (!overrides.engine) await engine.close();
    },
  };
}

/**
 * The last resort: an exception no handler caught (a library's stream without an error handler, say)
 * is logged and the server keeps answering everyone else, instead of one request ending the process.
 */
function keepServingOnUncaughtErrors(): void {
  process.on('uncaughtException', (error) => log.error({ err: error }, 'uncaught exception; still serving'));
  process.on('unhandledRejection', (reason) =>
    log.error({ err: reason }, 'unhandled rejection; still serving'),
  );
}

export async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  log.level = config.logLevel;
  keepServingOnUncaughtErrors();
  const app = await compose(config);
  // A CloudAdapter that can also run the built-in Direct Line's turns (server/directLine).
  const authentication = new ReusedConnectorAuthentication(config.auth);
  const adapter = new DirectLineCloudAdapter(authentication, config.replyTimeoutMs);
  for (const m of app.middleware) adapter.use(m);
  adapter.onTurnError = app.onTurnError;

  const directLine = createDirectLine({
    adapter,
    bot: app.bot,
    settings: directLineSettingsFrom(config.directLine),
    history: app.engine.persistent ? app.storage : undefined,
    redactionMarker: app.redactionMarker,
  });
  const helpPage = createHelpPage({
    translations: app.services.translations,
    defaultLanguage: config.defaultLanguage,
    portals: config.portals,
    frameAncestors: config.frameAncestors,
    directLineOrigin: config.directLine.secret ? new URL(config.directLine.endpoint).origin : undefined,
  });
  // The desk's messages reach customers on their own channel (proactive turns).
  app.proactive.connect(new ChannelProactiveSender(adapter, config.auth.MicrosoftAppId, directLine.endpoint));
  app.desk?.start();
  app.retention.start();
  app.eraser.onErased((target) => directLine.forget(target.conversationIds));
  // The desk's page and API only where it takes the handoffs (HANDOFF_GATEWAY=desk).
  const agentDesk =
    app.desk &&
    createDeskRoutes({
      desk: app.desk,
      agents: new AgentDirectory(config.handoff.agents),
      sessions: new DeskSessions(app.storage, config.handoff.sessionHours * 3600_000),
      translations: app.services.translations,
      defaultLanguage: config.defaultLanguage,
      trustedProxyHops: config.directLine.trustedProxyHops,
      log,
      frameAncestors: config.frameAncestors,
      // The insights dashboard (/agent/insights, supervisors only), behind the desk's sign-in.
      insights: app.insights,
    });
  const lifecycle = new Lifecycle();
  const server = createServer({
    adapter,
    bot: app.bot,
    directLine,
    helpPage,
    agentDesk,
    authentication,
    serviceUrls: { authEnabled: config.auth.MicrosoftAppId !== '', allowed: config.allowedServiceUrls },
    lifecycle,
    ready: async () => {
      await app.storage.read(['readiness-probe']);
    },
    trustedProxyHops: config.directLine.trustedProxyHops,
    unauthenticatedPerMinute: config.unauthenticatedPerMinute,
    log,
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    // A configuration problem like any other: name it and how to fix it, no stack trace.
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
      const why = error.code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
      console.error(
        `PORT: port ${config.port} ${why}. Stop the program that holds it, or start the bot on another port, e.g. PORT=3979 npm start.`,
      );
      process.exit(1);
    }
    log.fatal({ err: error }, 'HTTP server failed');
    process.exit(1);
  });
  server.listen(config.port, () => {
    console.log(
      `Payment assistant on http://localhost:${config.port}: help page with chat at /, agent desk at /agent, POST /api/messages, storage: ${config.storage.kind}`,
    );
  });
  // SIGTERM (a deployment, a scale-in): new requests get 503, turns already running finish, then the
  // server stops listening and the storage closes.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing the turns in flight');
    void lifecycle.drain(15_000).then(() => {
      server.close(() => {
        directLine.close();
        void app.close().finally(() => {
          log.info('stopped');
          process.exit(0);
        });
      });
      // Idle keep-alive sockets and the desk's event streams would keep the server open.
      server.server.closeAllConnections();
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
