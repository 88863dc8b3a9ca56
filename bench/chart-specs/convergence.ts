/**
 * Chart (b): how long after `terraform apply` the fabric carries traffic, by
 * mode (engine and loop prevention) and number of hosts, with the spread of
 * the repeats and the 300 ms target. Log scale when the modes differ by more
 * than a factor of 20 (spanning tree takes tens of seconds); unstacked, so a
 * bar starts at the foot of the axis, as a log scale has no zero.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ONE_ROW } from './render.js';
import type { ConvergeResults } from './results-types.js';

export const CONVERGENCE_TARGET_MS = 300;

export function convergenceSpec(results: ConvergeResults, subtitle: string): TopLevelSpec {
  const values = results.convergence.map((c) => ({
    mode: c.loopPrevention ? `${c.engine} ${c.loopPrevention}` : c.engine,
    hosts: c.hosts,
    median: c.afterApplyMs.median,
    min: c.afterApplyMs.min,
    max: c.afterApplyMs.max,
    // A mode with no whole repeat has no median: a label says so instead of a missing bar.
    missing: c.afterApplyMs.median == null ? `${c.timeouts} timeouts` : null,
  }));
  const positive = values.flatMap((v) => [v.min, v.max]).filter((n): n is number => n != null && n > 0);
  const log = positive.length > 0 && Math.max(...positive) / Math.min(...positive) > 20;
  const scale = log ? { type: 'log' as const } : { zero: true };
  const x = { field: 'mode', type: 'nominal', title: 'mode', axis: { labelAngle: 0 } } as const;
  const xOffset = { field: 'hosts', type: 'ordinal' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Convergence after apply', subtitle },
    width: 520,
    height: 280,
    data: { values },
    layer: [
      {
        mark: 'bar',
        transform: [{ filter: 'datum.median != null' }],
        encoding: {
          x,
          xOffset,
          color: { field: 'hosts', type: 'ordinal', title: 'hosts' },
          y: { field: 'median', type: 'quantitative', title: `ms after apply (median of ${results.repeats}${log ? ', log scale' : ''})`, scale, stack: null },
        },
      },
      { mark: { type: 'rule', color: 'black' }, transform: [{ filter: 'datum.median != null' }], encoding: { x, xOffset, y: { field: 'min', type: 'quantitative', scale }, y2: { field: 'max' } } },
      { mark: { type: 'text', fontSize: 10, angle: 270, align: 'left' }, transform: [{ filter: 'datum.missing != null' }], encoding: { x, xOffset, y: { value: 270 }, text: { field: 'missing' } } },
      { data: ONE_ROW, mark: { type: 'rule', strokeDash: [6, 4], color: 'firebrick' }, encoding: { y: { datum: CONVERGENCE_TARGET_MS } } },
      { data: ONE_ROW, mark: { type: 'text', align: 'right', dy: -6, color: 'firebrick' }, encoding: { x: { value: 520 }, y: { datum: CONVERGENCE_TARGET_MS }, text: { value: `target ${CONVERGENCE_TARGET_MS} ms` } } },
    ],
  } as TopLevelSpec;
}
