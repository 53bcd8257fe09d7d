import type { Translator } from '../../i18n/translator';
import { OUTCOMES, type InsightReport } from '../../insights/insightReport';

/** The dashboard's charts; each is also a table on the page and a CSV and JSON export. */
export const CHART_NAMES = ['funnel', 'outcomes', 'escalations', 'handoffs', 'fieldErrors'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export type Cell = string | number | null;

export interface Column {
  key: string;
  label: string;
  numeric?: boolean;
  /** A code for machines (exports only); the page shows the label column beside it. */
  code?: boolean;
}

/** One chart's figures in the page's language: the same rows feed the chart, the table and the exports. */
export interface ChartTable {
  name: ChartName;
  title: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

/** "validation.vat.checkDigit" -> its label; the locale keeps them nested, the events name them dotted. */
function flatten(tree: Record<string, unknown>, prefix = '', out = new Map<string, string>()) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') flatten(value as Record<string, unknown>, path, out);
  }
  return out;
}

/** Readable labels for the codes events carry; a code the locale does not know yet is shown as itself. */
export function labelsFor(tr: Translator) {
  const errorReasons = flatten(tr.tree('insights.errorReasons'));
  const escalationReasons = flatten(tr.tree('insights.escalationReasons'));
  return {
    step: (step: string) => tr.t(`insights.steps.${step}`),
    outcome: (outcome: string) => tr.t(`insights.outcomes.${outcome}`),
    errorReason: (code: string) => errorReasons.get(code) ?? tr.t('insights.otherReason', { code }),
    escalationReason: (code: string) => escalationReasons.get(code) ?? tr.t('insights.otherReason', { code }),
    day: (day: string) =>
      new Intl.DateTimeFormat(tr.language === 'de' ? 'de-DE' : 'en-GB', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        timeZone: 'UTC',
      }).format(new Date(`${day}T00:00:00Z`)),
  };
}

/** A waiting time as people say it: "45 s", "2 min 05 s"; none when nobody was accepted. */
export function formatWait(seconds: number | undefined, tr: Translator): string {
  if (seconds === undefined) return tr.t('insights.handoff.none');
  if (seconds < 60) return tr.t('insights.handoff.seconds', { count: Math.round(seconds) });
  const minutes = Math.floor(seconds / 60);
  return tr.t('insights.handoff.minutes', {
    minutes,
    seconds: String(Math.round(seconds % 60)).padStart(2, '0'),
  });
}

const col = (tr: Translator, key: string, extra: Partial<Column> = {}): Column => ({
  key,
  label: tr.t(`insights.columns.${key}`),
  ...extra,
});

export function chartTable(name: ChartName, report: InsightReport, tr: Translator): ChartTable {
  const label = labelsFor(tr);
  const title = tr.t(`insights.charts.${name}.heading`);
  switch (name) {
    case 'funnel':
      return {
        name,
        title,
        columns: [
          col(tr, 'step', { code: true }),
          col(tr, 'stepLabel'),
          col(tr, 'reached', { numeric: true }),
          col(tr, 'droppedHere', { numeric: true }),
        ],
        rows: report.funnel.map((f) => ({
          step: f.step,
          stepLabel: label.step(f.step),
          reached: f.reached,
          droppedHere: f.droppedHere,
        })),
      };
    case 'outcomes':
      return {
        name,
        title,
        columns: [
          col(tr, 'day', { code: true }),
          col(tr, 'dayLabel'),
          ...OUTCOMES.map((o) => ({ key: o, label: label.outcome(o), numeric: true })),
          col(tr, 'total', { numeric: true }),
        ],
        rows: report.outcomesByDay.map((d) => ({
          day: d.day,
          dayLabel: label.day(d.day),
          ...Object.fromEntries(OUTCOMES.map((o) => [o, d[o]])),
          total: OUTCOMES.reduce((sum, o) => sum + d[o], 0),
        })),
      };
    case 'escalations':
      return {
        name,
        title,
        columns: [
          col(tr, 'reason', { code: true }),
          col(tr, 'reasonLabel'),
          col(tr, 'count', { numeric: true }),
        ],
        rows: report.escalationReasons.map((r) => ({
          reason: r.reason,
          reasonLabel: label.escalationReason(r.reason),
          count: r.count,
        })),
      };
    case 'handoffs': {
      const h = report.handoff;
      const measures: Array<[string, number | undefined, string]> = [
        ['accepted', h.accepted, String(h.accepted)],
        ['missed', h.missed, String(h.missed)],
        ['medianWaitSeconds', h.medianWaitSeconds, formatWait(h.medianWaitSeconds, tr)],
        ['p90WaitSeconds', h.p90WaitSeconds, formatWait(h.p90WaitSeconds, tr)],
      ];
      return {
        name,
        title,
        columns: [
          col(tr, 'measure', { code: true }),
          col(tr, 'measureLabel'),
          col(tr, 'value', { numeric: true, code: true }),
          col(tr, 'shown'),
        ],
        rows: measures.map(([measure, value, shown]) => ({
          measure,
          measureLabel: tr.t(`insights.handoff.${measure}`),
          value: value ?? null,
          shown,
        })),
      };
    }
    case 'fieldErrors':
      return {
        name,
        title,
        columns: [
          col(tr, 'step', { code: true }),
          col(tr, 'questionLabel'),
          col(tr, 'reason', { code: true }),
          col(tr, 'reasonLabel'),
          col(tr, 'count', { numeric: true }),
        ],
        rows: report.fieldErrors.map((e) => ({
          step: e.step,
          questionLabel: label.step(e.step),
          reason: e.reason,
          reasonLabel: label.errorReason(e.reason),
          count: e.count,
        })),
      };
  }
}
