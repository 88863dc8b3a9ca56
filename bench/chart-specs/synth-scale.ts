/**
 * Chart (c): synth time against the number of hosts (log 2 axis), library and
 * plain-cdktf baseline, mesh and OVN; beside it the per-pair ratio with its
 * spread and the 1.5× target.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ONE_ROW } from './render.js';
import type { ScaleResults } from '../scale/scale-results.js';

export const SYNTH_RATIO_TARGET = 1.5;

export function synthScaleSpec(results: ScaleResults, subtitle: string): TopLevelSpec {
  const times = results.cases.flatMap((c) => [
    { engine: c.engine, hosts: c.hosts, synth: 'library', median: c.synthMs.median, min: c.synthMs.min, max: c.synthMs.max },
    { engine: c.engine, hosts: c.hosts, synth: 'plain cdktf', median: c.baselineSynthMs.median, min: c.baselineSynthMs.min, max: c.baselineSynthMs.max },
  ]);
  const ratios = results.cases.map((c) => ({ engine: c.engine, hosts: c.hosts, ...c.synthRatio }));
  const hostsAxis = { field: 'hosts', type: 'quantitative', title: `hosts (${results.servicesPerHost} services each)`, scale: { type: 'log', base: 2 }, axis: { values: [...new Set(results.cases.map((c) => c.hosts))] } } as const;
  const color = { field: 'engine', type: 'nominal', title: 'engine' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Synth time vs hosts', subtitle },
    hconcat: [
      {
        width: 300,
        height: 260,
        data: { values: times },
        layer: [
          {
            mark: { type: 'line', point: true },
            encoding: {
              x: hostsAxis,
              y: { field: 'median', type: 'quantitative', title: `synth ms (median of ${results.repeats}, log scale)`, scale: { type: 'log' } },
              color,
              strokeDash: { field: 'synth', type: 'nominal', title: 'synthesized by' },
            },
          },
          { mark: 'rule', encoding: { x: hostsAxis, y: { field: 'min', type: 'quantitative', scale: { type: 'log' } }, y2: { field: 'max' }, color } },
        ],
      },
      {
        width: 260,
        height: 260,
        data: { values: ratios },
        layer: [
          { mark: { type: 'line', point: true }, encoding: { x: hostsAxis, y: { field: 'median', type: 'quantitative', title: 'library ÷ plain cdktf (per pair)', scale: { zero: true } }, color } },
          { mark: 'rule', encoding: { x: hostsAxis, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' }, color } },
          { data: ONE_ROW, mark: { type: 'rule', strokeDash: [6, 4], color: 'firebrick' }, encoding: { y: { datum: SYNTH_RATIO_TARGET } } },
          { data: ONE_ROW, mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: 'firebrick' }, encoding: { x: { value: 0 }, y: { datum: SYNTH_RATIO_TARGET }, text: { value: `target ${SYNTH_RATIO_TARGET}×` } } },
        ],
      },
    ],
  } as TopLevelSpec;
}
