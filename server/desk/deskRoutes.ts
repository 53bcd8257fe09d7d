import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isLanguage, type Language } from '../../domain/language';
import type { DeskCase } from '../../handoff/desk/deskCase';
import { DeskError, type DeskService } from '../../handoff/desk/deskService';
import type { Translations, Translator } from '../../i18n/translator';
import { SLOT_NAMES } from '../../domain/caseRecord';
import { SLOTS } from '../../form/slots';
import type { Logger } from '../../logging/logger';
import { AddressLimiter } from '../addressLimiter';
import { clientAddress, limitKey } from '../clientAddress';
import { pageLanguage } from '../helpPage';
import type { AgentDirectory } from './agentDirectory';
import { webFile } from '../webFiles';
import { StaticAsset } from '../staticAssets';
import { pageSecurityHeaders } from '../securityHeaders';
import { renderDeskPage } from './deskPage';
import { createInsightsRoutes } from './insightsRoutes';
import type { Insights } from '../../insights/insights';
import { DeskAuth, DESK_PREFIX, type SignedIn } from './deskAuth';
import type { DeskSession, DeskSessions } from './deskSessions';

export { DESK_PREFIX };
const HEARTBEAT_MS = 25_000;

export interface DeskRoutesDeps {
  desk?: DeskService;
  agents: AgentDirectory;
  sessions: DeskSessions;
  translations: Translations;
  defaultLanguage: Language;
  trustedProxyHops: number;
  log: Logger;
  /** CSP frame-ancestors (FRAME_ANCESTORS); default: this site only. */
  frameAncestors?: string[];
  now?: () => number;
  /** With it, the insights dashboard at /agent/insights (supervisors), behind the same sign-in. */
  insights?: Insights;
}

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const messageSchema = z.object({ text: z.string().trim().min(1).max(4000) });
const endSchema = z.object({ note: z.string().max(2000).optional() });

/**
 * A case as the desk page gets it: no conversation reference (service URLs, ids); the collected fields
 * also as the slots show them, in the page's language.
 */
function forDesk(deskCase: DeskCase & { position?: number }, tr: Translator) {
  const rest: Omit<DeskCase, 'reference'> & { reference?: unknown } = { ...deskCase };
  delete rest.reference;
  const contact = deskCase.fields.isBillingContact;
  const shown = SLOT_NAMES.map((slot) => ({
    label: tr.t(`desk.fieldNames.${slot}`),
    // The slots speak to the customer ("Sie sind der Abrechnungskontakt"); the agent reads yes or no.
    value:
      slot === 'isBillingContact'
        ? contact && tr.t(`desk.billingContactValues.${contact}`)
        : SLOTS[slot].display(deskCase.fields, tr),
  })).filter((f): f is { label: string; value: string } => f.value !== undefined);
  return { ...rest, shown };
}

/**
 * The built-in agent desk: GET /agent (the page, DE/EN), sign-in with HttpOnly SameSite cookies, the
 * queue as JSON and as server-sent events, and the actions of an agent (accept, write, end). State-changing
 * requests need the session's CSRF token and the page's own origin; sign-in attempts are limited.
 */
export function createDeskRoutes(deps: DeskRoutesDeps) {
  const now = deps.now ?? Date.now;
  // Per address generous enough for an office behind one NAT; per user strict enough against guessing.
  const attemptsPerAddress = new AddressLimiter({ limit: 30, windowMs: 15 * 60_000, now });
  const failuresPerUser = new AddressLimiter({ limit: 5, windowMs: 15 * 60_000, now });

  const auth = new DeskAuth(deps.agents, deps.sessions, deps.trustedProxyHops);
  const tokenOf = (req: Request) => auth.tokenOf(req);
  const setCookie = (req: Request, res: Response, token: string, maxAge: number) =>
    auth.setCookie(req, res, token, maxAge);

  const fail = (res: Response, status: number, error: string) => {
    res.header('Cache-Control', 'no-store');
    res.send(status, { error });
  };

  /** The signed-in agent, or a 401 answered; with `write`, also the CSRF and origin checks (403). */
  const authorize = async (req: Request, res: Response, write: boolean): Promise<SignedIn | undefined> => {
    const who = await auth.signedIn(req);
    if (!who) {
      fail(res, 401, 'signedOut');
      return undefined;
    }
    if (write && !auth.mayWrite(req, who.session)) {
      fail(res, 403, 'csrf');
      return undefined;
    }
    return who;
  };

  const whoAmI = (
    session: DeskSession,
    agent: { username: string; displayName: string; languages: Language[]; role?: string },
  ) => ({
    username: agent.username,
    displayName: agent.displayName,
    languages: agent.languages,
    csrfToken: session.csrfToken,
    // A supervisor's desk links to the insights dashboard.
    insights: Boolean(deps.insights) && agent.role === 'supervisor',
  });

  const snapshot = async (languages: Language[], req: Request) => {
    const snap = await deps.desk!.snapshot(languages);
    const lang = new URLSearchParams(req.getQuery()).get('lang');
    const tr = deps.translations.for(isLanguage(lang) ? lang : deps.defaultLanguage);
    return {
      waiting: snap.waiting.map((c) => forDesk(c, tr)),
      active: snap.active.map((c) => forDesk(c, tr)),
      recent: snap.recent.map((c) => forDesk(c, tr)),
    };
  };

  const caseAction =
    (
      run: (
        ref: string,
        agent: { username: string; displayName: string; languages: Language[] },
        body: unknown,
      ) => Promise<void>,
    ) =>
    async (req: Request, res: Response) => {
      const who = await authorize(req, res, true);
      if (!who) return;
      if (!deps.desk) return fail(res, 404, 'noDesk');
      try {
        await run(String(req.params.ref), who.agent, req.body);
        res.send(204);
      } catch (error) {
        if (error instanceof z.ZodError) return fail(res, 400, 'invalid');
        if (error instanceof DeskError) return fail(res, error.code === 'notFound' ? 404 : 409, error.code);
        throw error;
      }
    };

  return {
    mount(server: Server): void {
      if (deps.insights)
        createInsightsRoutes({
          insights: deps.insights,
          auth,
          translations: deps.translations,
          defaultLanguage: deps.defaultLanguage,
          log: deps.log,
          frameAncestors: deps.frameAncestors,
        }).mount(server);
      const pages = new Map<Language, string>();
      server.get(DESK_PREFIX, async (req, res) => {
        const lang = new URLSearchParams(req.getQuery()).get('lang') ?? undefined;
        const language = pageLanguage(lang, req.headers['accept-language'], deps.defaultLanguage);
        let page = pages.get(language);
        if (!page) {
          page = renderDeskPage(deps.translations.for(language), deps.agents.size > 0);
          pages.set(language, page);
        }
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Language': language,
          'Cache-Control': 'no-store',
          Vary: 'Accept-Language',
          // The desk shows what customers typed: no script but its own may run on it.
          ...pageSecurityHeaders({ frameAncestors: deps.frameAncestors }),
        });
        res.end(page);
      });

      for (const name of ['desk.js', 'desk.css'] as const) {
        const asset = new StaticAsset(
          webFile(name),
          name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
        );
        server.get(`${DESK_PREFIX}/assets/${name}`, async (req, res) => asset.send(req, res));
      }

      server.post(`${DESK_PREFIX}/api/login`, async (req, res) => {
        if (!auth.isSameOrigin(req)) return fail(res, 403, 'csrf');
        const address = limitKey(clientAddress(req, deps.trustedProxyHops));
        const admitted = attemptsPerAddress.admit(address);
        const body = loginSchema.safeParse(req.body);
        const userKey = body.success ? body.data.username.toLowerCase() : '';
        const wait = admitted.ok ? failuresPerUser.blocked(userKey) : admitted.retryAfter;
        if (wait !== undefined) {
          res.header('Retry-After', String(wait));
          return fail(res, 429, 'tooManyAttempts');
        }
        if (!body.success) return fail(res, 400, 'invalid');
        const agent = await deps.agents.verify(body.data.username, body.data.password);
        if (!agent) {
          failuresPerUser.admit(userKey);
          deps.log.warn({ address }, 'desk: failed sign-in');
          return fail(res, 401, 'invalidCredentials');
        }
        const { token, session } = await deps.sessions.create(agent.username);
        setCookie(req, res, token, deps.sessions.lifetimeSeconds);
        res.header('Cache-Control', 'no-store');
        res.send(200, whoAmI(session, agent));
      });

      server.post(`${DESK_PREFIX}/api/logout`, async (req, res) => {
        const who = await authorize(req, res, true);
        if (!who) return;
        await deps.sessions.end(tokenOf(req));
        setCookie(req, res, '', 0);
        res.send(204);
      });

      server.get(`${DESK_PREFIX}/api/session`, async (req, res) => {
        const who = await authorize(req, res, false);
        if (!who) return;
        res.header('Cache-Control', 'no-store');
        res.send(200, whoAmI(who.session, who.agent));
      });

      server.get(`${DESK_PREFIX}/api/desk`, async (req, res) => {
        const who = await authorize(req, res, false);
        if (!who) return;
        if (!deps.desk) return fail(res, 404, 'noDesk');
        res.header('Cache-Control', 'no-store');
        res.send(200, await snapshot(who.agent.languages, req));
      });

      // Live updates as server-sent events; the browser's EventSource reconnects by itself after a restart.
      server.get(`${DESK_PREFIX}/api/events`, async (req, res) => {
        const who = await authorize(req, res, false);
        if (!who) return;
        const desk = deps.desk;
        if (!desk) return fail(res, 404, 'noDesk');
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        const push = () => {
          snapshot(who.agent.languages, req)
            .then((snap) => res.write(`event: desk\ndata: ${JSON.stringify(snap)}\n\n`))
            .catch((error: unknown) => deps.log.error({ err: error }, 'desk: snapshot failed'));
        };
        res.write('retry: 2000\n\n');
        push();
        desk.on('changed', push);
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        heartbeat.unref();
        req.on('close', () => {
          clearInterval(heartbeat);
          desk.off('changed', push);
        });
      });

      server.post(
        `${DESK_PREFIX}/api/cases/:ref/accept`,
        caseAction(async (ref, agent) => {
          await deps.desk!.accept(ref, agent);
        }),
      );
      server.post(
        `${DESK_PREFIX}/api/cases/:ref/messages`,
        caseAction(async (ref, agent, body) => {
          await deps.desk!.toCustomer(ref, agent, messageSchema.parse(body).text);
        }),
      );
      server.post(
        `${DESK_PREFIX}/api/cases/:ref/end`,
        caseAction(async (ref, agent, body) => {
          await deps.desk!.end(ref, agent, endSchema.parse(body ?? {}).note);
        }),
      );
    },
  };
}
