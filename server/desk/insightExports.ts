import type { InsightReport } from '../../insights/insightReport';
import type { Cell, ChartTable } from './insightTables';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. A text
 * that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe; numbers stay numbers.
 */
function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A chart's table as CSV: a header row with the column names in the page's language, CRLF line ends, and a
 * byte-order mark so a spreadsheet opens the umlauts as UTF-8.
 */
export function toCsv(table: ChartTable): string {
  const lines = [
    table.columns.map((c) => csvField(c.label)),
    ...table.rows.map((row) => table.columns.map((c) => csvField(row[c.key] ?? null))),
  ];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** A chart's figures as JSON: stable keys (codes beside their labels), the period and the filters. */
export function toJson(table: ChartTable, report: InsightReport) {
  return {
    chart: table.name,
    title: table.title,
    from: report.from,
    to: report.to,
    filter: report.filter,
    conversations: report.conversations,
    columns: table.columns.map(({ key, label }) => ({ key, label })),
    rows: table.rows,
  };
}

/** "insights-funnel-2026-12-07-7d-de.csv": what, until when, which filters, so downloads do not overwrite. */
export function exportFileName(table: ChartTable, report: InsightReport, extension: 'csv' | 'json'): string {
  const f = report.filter;
  const parts = [
    'insights',
    table.name,
    report.to.slice(0, 10),
    `${f.days}d`,
    f.language,
    f.channel,
    f.accountKind,
  ];
  return `${parts.filter(Boolean).join('-')}.${extension}`;
}
