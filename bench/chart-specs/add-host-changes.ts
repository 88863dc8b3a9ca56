/**
 * Chart (d): how many Terraform resources change when one host is added to a
 * fabric of N hosts, mesh and OVN (log 2 axis of hosts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ScaleResults } from '../scale/scale-results.js';

export function addHostChangesSpec(results: ScaleResults, subtitle: string): TopLevelSpec {
  const values = results.cases.map((c) => ({
    engine: c.engine,
    hosts: c.hosts,
    total: c.addHost.total,
    // Everything but what the new host itself brings: what adding a host does to the others.
    summary: `+${c.addHost.create} ~${c.addHost.update} ±${c.addHost.replace} −${c.addHost.delete}`,
  }));
  const x = { field: 'hosts', type: 'quantitative', title: `hosts before adding one (${results.servicesPerHost} services each)`, scale: { type: 'log', base: 2 }, axis: { values: [...new Set(values.map((v) => v.hosts))] } } as const;
  const y = { field: 'total', type: 'quantitative', title: 'resources created, updated, replaced or deleted' } as const;
  const color = { field: 'engine', type: 'nominal', title: 'engine' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Resources changed by adding one host', subtitle },
    width: 480,
    height: 280,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y, color } },
      { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { x, y, color, text: { field: 'total', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
