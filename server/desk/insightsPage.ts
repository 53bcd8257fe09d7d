import { ACCOUNT_KINDS } from '../../domain/accountKind';
import { LANGUAGES } from '../../domain/language';
import type { Translator } from '../../i18n/translator';
import { INSIGHT_CHANNELS } from '../../insights/insightEvent';
import type { InsightReport, ReportFilter } from '../../insights/insightReport';
import { filterQuery } from './insightsQuery';
import { escapeHtml, INSIGHTS_PREFIX, renderShell } from './insightsShell';
import { CHART_NAMES, chartTable, formatWait, type ChartTable } from './insightTables';

const DAY_CHOICES = [1, 7, 14, 30, 92];

function select(name: string, label: string, options: Array<[string, string]>, current: string | undefined) {
  const opts = options
    .map(
      ([value, text]) =>
        `<option value="${escapeHtml(value)}"${value === (current ?? '') ? ' selected' : ''}>${escapeHtml(text)}</option>`,
    )
    .join('');
  return `<label>${escapeHtml(label)} <select name="${name}">${opts}</select></label>`;
}

/** A plain GET form: the filters stay in the address, so a view can be bookmarked and shared. */
function filterForm(tr: Translator, filter: ReportFilter): string {
  const t = (key: string, args?: Record<string, string | number>) => tr.t(`insights.${key}`, args);
  const all: [string, string] = ['', t('filters.all')];
  const days = [...new Set([...DAY_CHOICES, filter.days])].sort((a, b) => a - b);
  return `      <form class="filters" method="get" action="${INSIGHTS_PREFIX}">
        <fieldset>
          <legend>${escapeHtml(t('filters.legend'))}</legend>
          <input type="hidden" name="lang" value="${tr.language}" />
          ${select(
            'days',
            t('filters.days'),
            days.map((d) => [
              String(d),
              d === 1 ? t('filters.today') : t('filters.daysOption', { count: d }),
            ]),
            String(filter.days),
          )}
          ${select('language', t('filters.language'), [all, ...LANGUAGES.map((l): [string, string] => [l, t(`languages.${l}`)])], filter.language)}
          ${select('channel', t('filters.channel'), [all, ...INSIGHT_CHANNELS.map((c): [string, string] => [c, t(`channels.${c}`)])], filter.channel)}
          ${select('accountKind', t('filters.accountKind'), [all, ...ACCOUNT_KINDS.map((k): [string, string] => [k, t(`accountKinds.${k}`)])], filter.accountKind)}
          <button type="submit" class="primary">${escapeHtml(t('filters.apply'))}</button>
        </fieldset>
      </form>`;
}

function summary(tr: Translator, report: InsightReport): string {
  const t = (key: string, args?: Record<string, string | number>) =>
    escapeHtml(tr.t(`insights.${key}`, args));
  const number = new Intl.NumberFormat(tr.language === 'de' ? 'de-DE' : 'en-GB');
  const percent = new Intl.NumberFormat(tr.language === 'de' ? 'de-DE' : 'en-GB', { style: 'percent' });
  const share = (n: number) =>
    report.conversations
      ? `<span class="share">${t('summary.share', { percent: percent.format(n / report.conversations) })}</span>`
      : '';
  const tile = (label: string, value: string, extra = '') =>
    `<div class="tile"><dt>${label}</dt><dd><span class="figure">${value}</span>${extra}</dd></div>`;
  const o = report.outcomes;
  return `      <section class="summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">${t('summary.heading')}</h2>
        <dl class="tiles">
          ${tile(t('summary.conversations'), number.format(report.conversations))}
          ${tile(t('outcomes.selfServed'), number.format(o.selfServed), share(o.selfServed))}
          ${tile(t('outcomes.escalated'), number.format(o.escalated), share(o.escalated))}
          ${tile(t('outcomes.abandoned'), number.format(o.abandoned), share(o.abandoned))}
          ${tile(t('summary.medianWait'), escapeHtml(formatWait(report.handoff.medianWaitSeconds, tr)))}
        </dl>
      </section>`;
}

/** The figures as a table: what a screen reader reads and what a phone shows without zooming into the chart. */
function figureTable(table: ChartTable, id: string, caption: string): string {
  const columns = table.columns.filter((c) => !c.code);
  const head = columns
    .map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`)
    .join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${columns
          .map((c, i) => {
            const value = escapeHtml(String(row[c.key] ?? ''));
            return i === 0
              ? `<th scope="row">${value}</th>`
              : `<td${c.numeric ? ' class="num"' : ''}>${value}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n              ');
  return `<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${id}">
            <table>
              <caption id="${id}">${escapeHtml(caption)}</caption>
              <thead><tr>${head}</tr></thead>
              <tbody>
              ${body}
              </tbody>
            </table>
          </div>`;
}

function chartSection(tr: Translator, table: ChartTable, filter: ReportFilter): string {
  const t = (key: string, args?: Record<string, string>) => tr.t(`insights.${key}`, args);
  const base = `${INSIGHTS_PREFIX}/charts/${table.name}`;
  const query = filterQuery(filter, { lang: tr.language });
  const href = (ext: string, extra = '') => escapeHtml(`${base}.${ext}?${query}${extra}`);
  const link = (ext: 'csv' | 'json') =>
    `<a href="${href(ext)}" download aria-label="${escapeHtml(t('export.label', { chart: table.title, format: ext.toUpperCase() }))}">${escapeHtml(t(`export.${ext}`))}</a>`;
  // A table of many columns (a day per row, an outcome per column) goes below its chart, not beside it.
  const wide = table.columns.filter((c) => !c.code).length > 4 ? ' wide-table' : '';
  return `      <section class="chart${wide}" id="chart-${table.name}" aria-labelledby="${table.name}-heading">
        <h2 id="${table.name}-heading">${escapeHtml(table.title)}</h2>
        <p class="intro">${escapeHtml(t(`charts.${table.name}.intro`))}</p>
        <figure>
          <picture>
            <source media="(max-width: 40rem)" srcset="${href('svg', '&size=narrow')}" />
            <img src="${href('svg')}" alt="${escapeHtml(t(`charts.${table.name}.alt`))}" />
          </picture>
          <figcaption>${escapeHtml(t('export.heading'))} ${link('csv')} ${link('json')}</figcaption>
        </figure>
        <details class="figures" open>
          <summary>${escapeHtml(t('table', { chart: table.title }))}</summary>
          ${figureTable(table, `${table.name}-table`, t('table', { chart: table.title }))}
        </details>
      </section>`;
}

/** The dashboard: filters, the figures at a glance, and one section per chart with its table and exports. */
export function renderDashboard(
  tr: Translator,
  report: InsightReport,
  query: string,
  who: { displayName: string; csrfToken: string },
): string {
  const t = (key: string, args?: Record<string, string | number>) =>
    escapeHtml(tr.t(`insights.${key}`, args));
  const date = new Intl.DateTimeFormat(tr.language === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const period = t('filters.period', {
    from: date.format(new Date(report.from)),
    to: date.format(new Date(report.to)),
  });
  const charts = CHART_NAMES.map((name) =>
    chartSection(tr, chartTable(name, report, tr), report.filter),
  ).join('\n');
  const events = `${INSIGHTS_PREFIX}/events.json?days=${report.filter.days}`;
  return renderShell(tr, {
    path: INSIGHTS_PREFIX,
    query,
    current: 'dashboard',
    who: { ...who, supervisor: true },
    body: `${filterForm(tr, report.filter)}
      <p class="period">${period}${report.conversations === 0 ? ` · ${t('noData')}` : ''}</p>
${summary(tr, report)}
${charts}
      <p class="raw-export"><a href="${escapeHtml(events)}" download>${t('export.events')}</a></p>`,
  });
}
