import type { TopLevelSpec } from 'vega-lite';
import type { Translator } from '../../i18n/translator';
import { OUTCOMES, type InsightReport } from '../../insights/insightReport';
import type { ChartSize } from './insightsQuery';
import { formatWait, type ChartTable } from './insightTables';

/** Image widths: the wide one for a laptop's column, the narrow one drawn for a phone at about 1:1. */
const WIDTH: Record<ChartSize, number> = { wide: 720, narrow: 350 };
/**
 * Characters per line of a bar's label. The labels stand above their bars, not beside them: Vega on the
 * server has no canvas to measure text and guesses 0.8 em per character, so axis labels beside the bars
 * would be cut ("Umsatzsteuer-Identifikationsnu…") long before they run out of room.
 */
const LINE_CHARS: Record<ChartSize, number> = { wide: 100, narrow: 46 };
const FONT = 12;
const LINE_HEIGHT = 15;
const BAR = 12;
const TEXT = '#1d2530';
const BRAND = '#0b5cab';
const DROPPED = '#c2410c';
/** One colour per outcome, distinguishable with the common colour-vision deficiencies, 3:1 on white. */
const OUTCOME_COLOURS = ['#0b5cab', '#b35900', '#8b1a8b', '#5b6b7f', '#8792a0'];

function baseSpec(size: ChartSize) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: WIDTH[size],
    autosize: { type: 'fit-x', contains: 'padding' },
    background: 'white',
    padding: 8,
    config: {
      font: 'Segoe UI, system-ui, -apple-system, Roboto, Arial, sans-serif',
      view: { stroke: null },
      axis: { labelFontSize: FONT, titleFontSize: FONT, labelColor: TEXT, titleColor: TEXT },
      legend: {
        labelFontSize: FONT,
        titleFontSize: FONT,
        labelColor: TEXT,
        titleColor: TEXT,
        labelLimit: 320,
      },
      title: { color: TEXT, fontSize: 13, fontWeight: 'normal', anchor: 'start' },
    },
  } as const;
}

/** Breaks a label into lines at spaces (a word longer than a line keeps its own line). */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

interface Series {
  name: string;
  colour: string;
  /** Whether a zero gets its figure written (not for "gave up here" at every step nobody left). */
  showZero: boolean;
}

interface BarRow {
  label: string;
  counts: number[];
  /** The figure written at each bar's end, when not the number itself ("4 min 19 s"). */
  shown?: string[];
}

interface BarAxis {
  title: string;
  /** d3 format of the axis labels; whole numbers unless said otherwise. */
  format?: string;
}

/**
 * Horizontal bars, one row per label, one bar per series in each row: the label above its bars, the
 * figure at each bar's end, and a legend when there is more than one series. A view, without the chart's
 * frame (width, fonts), so that two of them can stand one above the other.
 */
function labelledBars(size: ChartSize, rows: BarRow[], series: Series[], axis: BarAxis) {
  const wrapped = rows.map((r) => wrapLabel(r.label, LINE_CHARS[size]));
  const largest = Math.max(0, ...rows.flatMap((r) => r.counts));
  const labelLines = Math.max(1, ...wrapped.map((w) => w.length));
  const step = labelLines * LINE_HEIGHT + series.length * (BAR + 3) + 10;
  const values = rows.map((r, i) => ({
    row: String(i),
    label: wrapped[i].join('\n'),
    ...Object.fromEntries(r.counts.map((n, j) => [`s${j}`, n])),
    ...Object.fromEntries(r.counts.map((n, j) => [`t${j}`, r.shown?.[j] ?? String(n)])),
  }));
  // Offsets from the middle of a row, where Vega-Lite places a mark on a band.
  const top = -step / 2 + 3;
  const barMiddle = (j: number) => top + labelLines * LINE_HEIGHT + 2 + j * (BAR + 3) + BAR / 2;
  const x = (j: number) => ({
    field: `s${j}`,
    type: 'quantitative',
    title: axis.title,
    // The same axis in every layer: layers that disagree about it lose it altogether.
    // Counts: whole-number ticks (with a small maximum Vega would also tick at halves).
    axis: axis.format
      ? { format: axis.format }
      : { format: 'd', tickCount: Math.max(1, Math.min(largest, 10)) },
  });
  const legend = series.length > 1;
  return {
    height: { step },
    data: { values },
    encoding: {
      y: {
        field: 'row',
        type: 'nominal',
        sort: null,
        axis: null,
        scale: { paddingInner: 0, paddingOuter: 0 },
      },
    },
    layer: [
      {
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'top',
          lineBreak: '\n',
          fontSize: FONT,
          color: TEXT,
          yOffset: top,
        },
        encoding: { x: { value: 0 }, text: { field: 'label', type: 'nominal' } },
      },
      ...series.flatMap((s, j) => [
        {
          mark: { type: 'bar', height: BAR, yOffset: barMiddle(j), ...(legend ? {} : { color: s.colour }) },
          encoding: {
            x: x(j),
            ...(legend
              ? {
                  color: {
                    datum: s.name,
                    title: null,
                    scale: { domain: series.map((e) => e.name), range: series.map((e) => e.colour) },
                    legend: { orient: 'top', direction: size === 'wide' ? 'horizontal' : 'vertical' },
                  },
                }
              : {}),
          },
        },
        {
          ...(s.showZero ? {} : { transform: [{ filter: `datum.s${j} > 0` }] }),
          mark: {
            type: 'text',
            align: 'left',
            baseline: 'middle',
            dx: 4,
            fontSize: 11,
            color: TEXT,
            yOffset: barMiddle(j),
          },
          encoding: { x: x(j), text: { field: `t${j}`, type: 'nominal' } },
        },
      ]),
    ],
  };
}

const oneSeries = (name: string): Series[] => [{ name, colour: BRAND, showZero: true }];

/** One view in the chart's frame. */
function single(size: ChartSize, view: ReturnType<typeof labelledBars>): TopLevelSpec {
  return { ...baseSpec(size), ...view } as TopLevelSpec;
}

/** A chart with nothing to draw says so, instead of an empty frame. */
function emptySpec(size: ChartSize, text: string): TopLevelSpec {
  return {
    ...baseSpec(size),
    height: 60,
    data: { values: [{ text }] },
    mark: { type: 'text', fontSize: 14, color: TEXT },
    encoding: { text: { field: 'text', type: 'nominal' } },
  } as TopLevelSpec;
}

/** The Vega-Lite spec of one chart, from the same table the page and the exports show. */
export function chartSpec(
  table: ChartTable,
  report: InsightReport,
  tr: Translator,
  size: ChartSize,
): TopLevelSpec {
  const t = (key: string) => tr.t(`insights.${key}`);
  const t2 = (key: string, args: Record<string, string>) => tr.t(`insights.${key}`, args);
  const count = t('columns.count');
  switch (table.name) {
    case 'funnel':
      return single(
        size,
        labelledBars(
          size,
          table.rows.map((r) => ({
            label: String(r.stepLabel),
            counts: [Number(r.reached), Number(r.droppedHere)],
          })),
          [
            { name: t('columns.reached'), colour: BRAND, showZero: true },
            { name: t('columns.droppedHere'), colour: DROPPED, showZero: false },
          ],
          { title: t('columns.conversations') },
        ),
      );
    case 'outcomes': {
      const labels = OUTCOMES.map((o) => table.columns.find((c) => c.key === o)!.label);
      const values = table.rows.flatMap((r) =>
        OUTCOMES.map((o, i) => ({
          day: String(r.dayLabel),
          outcome: labels[i],
          order: i,
          count: Number(r[o]),
        })),
      );
      return {
        ...baseSpec(size),
        height: size === 'wide' ? 260 : 220,
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: {
            field: 'day',
            type: 'ordinal',
            sort: null,
            title: null,
            axis: {
              labelAngle: table.rows.length > (size === 'wide' ? 10 : 5) ? -50 : 0,
              labelOverlap: 'greedy',
            },
          },
          y: {
            field: 'count',
            type: 'quantitative',
            stack: 'zero',
            title: t('columns.conversations'),
            axis: {
              format: 'd',
              tickCount: Math.max(1, Math.min(10, ...table.rows.map((r) => Number(r.total)))),
            },
          },
          color: {
            field: 'outcome',
            type: 'nominal',
            title: null,
            scale: { domain: labels, range: OUTCOME_COLOURS },
            legend: { orient: size === 'wide' ? 'right' : 'bottom', columns: 1 },
          },
          order: { field: 'order', type: 'quantitative' },
        },
      } as TopLevelSpec;
    }
    case 'escalations':
      if (table.rows.length === 0) return emptySpec(size, t('noData'));
      return single(
        size,
        labelledBars(
          size,
          table.rows.map((r) => ({ label: String(r.reasonLabel), counts: [Number(r.count)] })),
          oneSeries(count),
          { title: count },
        ),
      );
    case 'fieldErrors':
      if (table.rows.length === 0) return emptySpec(size, t('noData'));
      return single(
        size,
        labelledBars(
          size,
          table.rows.map((r) => ({
            label: t2('chartLabel', { question: String(r.questionLabel), reason: String(r.reasonLabel) }),
            counts: [Number(r.count)],
          })),
          oneSeries(count),
          { title: count },
        ),
      );
    case 'handoffs': {
      const h = report.handoff;
      if (h.accepted + h.missed === 0) return emptySpec(size, t('noData'));
      const requests = table.rows
        .filter((r) => r.measure === 'accepted' || r.measure === 'missed')
        .map((r) => ({ label: String(r.measureLabel), counts: [Number(r.value)] }));
      // Waiting times in minutes on their own axis below the counts: two units never share one.
      const waits = (['medianWaitSeconds', 'p90WaitSeconds'] as const).map((m) => ({
        label: t(`handoff.${m}`),
        counts: [Math.round(((h[m] ?? 0) / 60) * 10) / 10],
        shown: [formatWait(h[m], tr)],
      }));
      // "pad" grows the image by what stands outside the plot (the figures at the bars' ends, the padding).
      const width = WIDTH[size] - 105;
      return {
        ...baseSpec(size),
        width: undefined,
        autosize: { type: 'pad' },
        vconcat: [
          {
            width,
            title: t('charts.handoffs.requests'),
            ...labelledBars(size, requests, oneSeries(count), { title: count }),
          },
          {
            width,
            title: t('charts.handoffs.waits'),
            ...labelledBars(size, waits, oneSeries(t('columns.minutes')), {
              title: t('columns.minutes'),
              format: '~r',
            }),
          },
        ],
      } as TopLevelSpec;
    }
  }
}

/**
 * The chart as SVG, drawn on the server by Vega (no browser, no script on the page: the page shows it as an
 * <img>, so its CSP stays strict). Vega is loaded at the first chart, not at start-up: it costs ~0.3 s.
 */
export async function renderChartSvg(
  table: ChartTable,
  report: InsightReport,
  tr: Translator,
  size: ChartSize,
): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  // Vega-Lite's notes about dropped autosize hints are not for the server log; errors still throw.
  const logger = vega.logger(vega.Error);
  const compiled = vl.compile(chartSpec(table, report, tr, size), { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
