/**
 * Chart (a): overlay ÷ underlay throughput of each engine and tunnel type,
 * one bar per MTU policy, with the spread of the repeats and the 0.95 target.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ONE_ROW } from './render.js';
import type { DataplaneResults } from './results-types.js';

export const THROUGHPUT_TARGET = 0.95;
const MTU_POLICIES = ['raise-underlay', 'lower-containers', 'uncorrected'];

export function throughputSpec(results: DataplaneResults, subtitle: string): TopLevelSpec {
  const values = results.cases.map((c) => ({
    label: `${c.engine} ${c.tunnel}`,
    mtuPolicy: c.mtuPolicy,
    median: c.throughputRatio?.median ?? null,
    min: c.throughputRatio?.min ?? null,
    max: c.throughputRatio?.max ?? null,
    // A stalled transfer has no ratio: drawn as a mark at zero, so it is not silently missing.
    stalled: c.stalled || c.throughputRatio === null ? 'stalled' : null,
  }));
  // Room above the target and above every whisker (OVN's ratios exceed 1 here, see bench/README.md).
  const top = Math.max(1.1, ...values.map((v) => v.max ?? 0)) * 1.05;
  const x = { field: 'label', type: 'nominal', title: 'engine and tunnel', axis: { labelAngle: 0 } } as const;
  const xOffset = { field: 'mtuPolicy', type: 'nominal' } as const;
  // Every policy in the legend, even one whose every case stalled.
  const color = { field: 'mtuPolicy', type: 'nominal', title: 'MTU policy', scale: { domain: MTU_POLICIES } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Throughput ratio (overlay ÷ underlay, same run)', subtitle },
    width: 520,
    height: 280,
    data: { values },
    layer: [
      { mark: 'bar', transform: [{ filter: 'datum.median != null' }], encoding: { x, xOffset, color, y: { field: 'median', type: 'quantitative', title: `throughput ratio (median of ${results.repeats})`, scale: { domain: [0, Number(top.toFixed(2))] } } } },
      { mark: { type: 'rule', color: 'black' }, transform: [{ filter: 'datum.median != null' }], encoding: { x, xOffset, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' } } },
      { mark: { type: 'text', dy: -6, fontSize: 10 }, transform: [{ filter: 'datum.stalled != null' }], encoding: { x, xOffset, y: { datum: 0 }, text: { field: 'stalled' } } },
      { data: ONE_ROW, mark: { type: 'rule', strokeDash: [6, 4], color: 'firebrick' }, encoding: { y: { datum: THROUGHPUT_TARGET } } },
      { data: ONE_ROW, mark: { type: 'text', align: 'right', dy: -6, color: 'firebrick' }, encoding: { x: { value: 520 }, y: { datum: THROUGHPUT_TARGET }, text: { value: `target ${THROUGHPUT_TARGET}` } } },
    ],
  } as TopLevelSpec;
}
