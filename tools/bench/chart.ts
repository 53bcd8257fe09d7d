import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { RateResult } from './openLoop';

/** Latency (p50 and p99) against offered load for both bots, as an SVG drawn by Vega-Lite (no browser). */
export async function latencyChart(series: Record<string, RateResult[]>): Promise<string> {
  const values = Object.entries(series).flatMap(([bot, results]) =>
    results.flatMap((r) => [
      { bot, percentile: 'p50', offered: r.offered, ms: r.latencyMs.p50 },
      { bot, percentile: 'p99', offered: r.offered, ms: r.latencyMs.p99 },
    ]),
  );
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Latency per turn against offered load (HTTP, loopback)',
    width: 640,
    height: 360,
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'offered', type: 'quantitative', title: 'offered turns per second' },
          y: { field: 'ms', type: 'quantitative', title: 'latency (ms)', scale: { type: 'log' } },
          color: { field: 'bot', type: 'nominal' },
          strokeDash: { field: 'percentile', type: 'nominal' },
        },
      },
      { mark: { type: 'rule', color: 'gray', strokeDash: [2, 2] }, encoding: { y: { datum: 100 } } },
    ],
  };
  const compiled = vl.compile(spec).spec;
  return new vega.View(vega.parse(compiled), { renderer: 'none' }).toSVG();
}
