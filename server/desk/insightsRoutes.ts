import type { Request, Response, Server } from 'restify';
import type { Language } from '../../domain/language';
import type { Translations, Translator } from '../../i18n/translator';
import type { Insights } from '../../insights/insights';
import type { Logger } from '../../logging/logger';
import { pageLanguage } from '../helpPage';
import { pageSecurityHeaders } from '../securityHeaders';
import { StaticAsset } from '../staticAssets';
import { webFile } from '../webFiles';
import type { DeskAuth, SignedIn } from './deskAuth';
import { renderChartSvg } from './insightCharts';
import { exportFileName, toCsv, toJson } from './insightExports';
import { renderDashboard } from './insightsPage';
import {
  labelRequestSchema,
  parseFilter,
  parseReviewLanguage,
  parseSize,
  type QueryProblem,
} from './insightsQuery';
import { INSIGHTS_PREFIX, renderBadRequest, renderForbidden, renderSignIn } from './insightsShell';
import { CHART_NAMES, chartTable, type ChartName } from './insightTables';
import { renderReview } from './reviewPage';

export interface InsightsRoutesDeps {
  insights: Insights;
  /** The desk's sign-in check (same cookie, sessions and accounts as /agent). */
  auth: DeskAuth;
  translations: Translations;
  defaultLanguage: Language;
  log: Logger;
  /** CSP frame-ancestors (FRAME_ANCESTORS); default: this site only. */
  frameAncestors?: string[];
}

const CHART_FILE = new RegExp(`^(${CHART_NAMES.join('|')})\\.(svg|csv|json)$`);
const UTTERANCES_FILE = /^utterances\.(de|en)\.json$/;

/**
 * The support manager's insights at /agent/insights, for accounts with the role "supervisor": the dashboard
 * (funnel, outcomes per day, escalation reasons, handoff waits, field errors) with filters in the query,
 * each chart as a server-drawn SVG and as CSV and JSON; the review of missed lines, labelled with the CSRF
 * token like the desk's actions; and the reviewed lines per language in the shape of utterances.json.
 * Signed out: 401 (the sign-in on the page); an agent: 403; a bad filter: 400 naming it.
 */
export function createInsightsRoutes(deps: InsightsRoutesDeps) {
  const languageOf = (req: Request): Language =>
    pageLanguage(
      new URLSearchParams(req.getQuery()).get('lang') ?? undefined,
      req.headers['accept-language'],
      deps.defaultLanguage,
    );

  const sendHtml = (res: Response, status: number, language: Language, html: string) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': language,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Language',
      ...pageSecurityHeaders({ frameAncestors: deps.frameAncestors }),
    });
    res.end(html);
  };

  /** Figures about customers: never cached by a browser or a proxy, and downloaded, not shown. */
  const sendFile = (res: Response, type: string, body: string, fileName?: string) => {
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(fileName ? { 'Content-Disposition': `attachment; filename="${fileName}"` } : {}),
    });
    res.end(body);
  };

  const fail = (res: Response, status: number, error: string, extra: object = {}) => {
    res.header('Cache-Control', 'no-store');
    res.send(status, { error, ...extra });
  };

  const badQuery = (res: Response, problems: QueryProblem[]) =>
    fail(res, 400, 'invalidQuery', {
      message: problems.map((p) => p.message).join(' '),
      problems,
    });

  /** A page: 401 with the sign-in, 403 for an agent. */
  const supervisorPage = async (
    req: Request,
    res: Response,
    tr: Translator,
  ): Promise<SignedIn | undefined> => {
    const who = await deps.auth.signedIn(req);
    const path = req.getPath();
    if (!who) {
      sendHtml(res, 401, tr.language, renderSignIn(tr, path, req.getQuery()));
      return undefined;
    }
    if (who.agent.role !== 'supervisor') {
      sendHtml(res, 403, tr.language, renderForbidden(tr, path, req.getQuery(), whoOf(who)));
      return undefined;
    }
    return who;
  };

  /** Data (charts, exports, labels): the same checks, answered as JSON. */
  const supervisorData = async (req: Request, res: Response): Promise<SignedIn | undefined> => {
    const who = await deps.auth.signedIn(req);
    if (!who) {
      fail(res, 401, 'signedOut');
      return undefined;
    }
    if (who.agent.role !== 'supervisor') {
      fail(res, 403, 'forbidden');
      return undefined;
    }
    return who;
  };

  const whoOf = (who: SignedIn) => ({ displayName: who.agent.displayName, csrfToken: who.session.csrfToken });

  /** A storage failure is logged and answered 503; the page's figures are never half shown. */
  const guarded =
    (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
      try {
        await handler(req, res);
      } catch (error) {
        deps.log.error({ err: error, path: req.getPath() }, 'insights: request failed');
        if (!res.headersSent) fail(res, 503, 'unavailable');
      }
    };

  return {
    mount(server: Server): void {
      server.get(
        INSIGHTS_PREFIX,
        guarded(async (req, res) => {
          const tr = deps.translations.for(languageOf(req));
          const who = await supervisorPage(req, res, tr);
          if (!who) return;
          const filter = parseFilter(req.getQuery(), tr);
          if (!filter.ok) {
            const page = renderBadRequest(
              tr,
              INSIGHTS_PREFIX,
              req.getQuery(),
              whoOf(who),
              filter.problems.map((p) => p.message),
            );
            return sendHtml(res, 400, tr.language, page);
          }
          const report = await deps.insights.report(filter.value);
          sendHtml(res, 200, tr.language, renderDashboard(tr, report, req.getQuery(), whoOf(who)));
        }),
      );

      server.get(
        `${INSIGHTS_PREFIX}/charts/:file`,
        guarded(async (req, res) => {
          const match = CHART_FILE.exec(String(req.params.file));
          if (!match) return fail(res, 404, 'unknownChart');
          if (!(await supervisorData(req, res))) return;
          const tr = deps.translations.for(languageOf(req));
          const filter = parseFilter(req.getQuery(), tr);
          if (!filter.ok) return badQuery(res, filter.problems);
          const size = parseSize(req.getQuery(), tr);
          if (!size.ok) return badQuery(res, size.problems);
          const report = await deps.insights.report(filter.value);
          const table = chartTable(match[1] as ChartName, report, tr);
          switch (match[2]) {
            case 'svg':
              res.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
              return sendFile(
                res,
                'image/svg+xml; charset=utf-8',
                await renderChartSvg(table, report, tr, size.value),
              );
            case 'csv':
              return sendFile(
                res,
                'text/csv; charset=utf-8; header=present',
                toCsv(table),
                exportFileName(table, report, 'csv'),
              );
            default:
              return sendFile(
                res,
                'application/json; charset=utf-8',
                JSON.stringify(toJson(table, report), null, 2),
                exportFileName(table, report, 'json'),
              );
          }
        }),
      );

      // Every raw event of the period (no personal data by the events' schema), for an analysis elsewhere.
      server.get(
        `${INSIGHTS_PREFIX}/events.json`,
        guarded(async (req, res) => {
          if (!(await supervisorData(req, res))) return;
          const filter = parseFilter(req.getQuery(), deps.translations.for(languageOf(req)));
          if (!filter.ok) return badQuery(res, filter.problems);
          const events = await deps.insights.rawEvents(filter.value.days);
          const name = `insights-events-${new Date().toISOString().slice(0, 10)}-${filter.value.days}d.json`;
          sendFile(res, 'application/json; charset=utf-8', JSON.stringify(events), name);
        }),
      );

      server.get(
        `${INSIGHTS_PREFIX}/review`,
        guarded(async (req, res) => {
          const tr = deps.translations.for(languageOf(req));
          const who = await supervisorPage(req, res, tr);
          if (!who) return;
          const language = parseReviewLanguage(req.getQuery(), tr);
          if (!language.ok) {
            const page = renderBadRequest(
              tr,
              `${INSIGHTS_PREFIX}/review`,
              req.getQuery(),
              whoOf(who),
              language.problems.map((p) => p.message),
            );
            return sendHtml(res, 400, tr.language, page);
          }
          const groups = await deps.insights.reviewGroups(language.value);
          const page = renderReview(
            tr,
            groups,
            language.value,
            deps.insights.settings.missedLineDays,
            req.getQuery(),
            whoOf(who),
          );
          sendHtml(res, 200, tr.language, page);
        }),
      );

      server.get(
        `${INSIGHTS_PREFIX}/review/:file`,
        guarded(async (req, res) => {
          const match = UTTERANCES_FILE.exec(String(req.params.file));
          if (!match) return fail(res, 404, 'notFound');
          if (!(await supervisorData(req, res))) return;
          const utterances = await deps.insights.utterances(match[1] as Language);
          sendFile(
            res,
            'application/json; charset=utf-8',
            `${JSON.stringify(utterances, null, 2)}\n`,
            `utterances.${match[1]}.json`,
          );
        }),
      );

      // One submit labels a line or a whole group; a label for a line that is not (or no longer) kept is refused.
      server.post(
        `${INSIGHTS_PREFIX}/api/labels`,
        guarded(async (req, res) => {
          const who = await supervisorData(req, res);
          if (!who) return;
          if (!deps.auth.mayWrite(req, who.session)) return fail(res, 403, 'csrf');
          const body = labelRequestSchema.safeParse(req.body);
          if (!body.success) return fail(res, 400, 'invalid');
          const known = new Set(
            (await deps.insights.reviewGroups()).flatMap((g) => g.lines.map((l) => l.id)),
          );
          if (!body.data.ids.every((id) => known.has(id))) return fail(res, 404, 'unknownLine');
          for (const id of new Set(body.data.ids))
            await deps.insights.missedLines.label(id, body.data.label ?? undefined, who.agent.username);
          deps.log.info(
            { by: who.agent.username, lines: body.data.ids.length, label: body.data.label },
            'insights: missed lines reviewed',
          );
          res.header('Cache-Control', 'no-store');
          res.send(204);
        }),
      );

      for (const name of ['insights.js', 'insights.css'] as const) {
        const asset = new StaticAsset(
          webFile(name),
          name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
        );
        server.get(`${INSIGHTS_PREFIX}/assets/${name}`, async (req, res) => asset.send(req, res));
      }
    },
  };
}
