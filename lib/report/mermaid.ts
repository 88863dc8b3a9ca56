import type { TopologyDocument, TopologyFabric } from './topology-document.js';
import { visibleText } from './visible-text.js';

/**
 * A Mermaid flowchart of the topology, which GitHub renders: hosts as
 * subgraphs, services inside with their addresses and published ports, links
 * as labelled arrows, and each fabric as its engine draws it (see fabricEdges).
 */

/** Mermaid node ids: letters, digits and `_` only. */
export function mermaidId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/**
 * Text inside a quoted Mermaid label: quotes, markup characters and backticks
 * (which would make it a Markdown string) as entities, and line breaks and
 * other invisible characters escaped (visibleText), so no name can end the
 * line, or the ```mermaid fence of topology.md around the diagram.
 */
function label(text: string): string {
  return visibleText(text).replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`);
}

export function toMermaid(document: TopologyDocument): string {
  const lines = ['flowchart LR'];
  for (const host of document.hosts) {
    lines.push(`  subgraph ${mermaidId('host', host.name)}["${label(`host ${host.name}`)}"]`);
    lines.push('    direction TB');
    for (const service of document.services.filter((s) => s.host === host.name)) {
      const parts = [service.name, ...service.addresses.filter((a) => a.address !== 'dynamic').map((a) => a.address)];
      for (const p of service.publishedPorts) parts.push(`${p.hostIp}:${p.hostPort} → ${p.containerPort}`);
      lines.push(`    ${mermaidId('svc', `${host.name}/${service.name}`)}["${parts.map(label).join('<br/>')}"]`);
    }
    lines.push('  end');
  }
  for (const service of document.services) {
    for (const link of service.links) {
      lines.push(`  ${mermaidId('svc', `${service.host}/${service.name}`)} -->|"${label(link.alias)}"| ${mermaidId('svc', `${service.host}/${link.target}`)}`);
    }
  }
  for (const fabric of document.fabrics) lines.push(...fabricEdges(fabric));
  return `${lines.join('\n')}\n`;
}

/**
 * A fabric's part of the diagram. Mesh: its tunnels, an edge per pair of
 * hosts. OVN: one node for its central databases, with a dashed `ovn-remote`
 * edge from each chassis, and one node for its logical switch, with an edge
 * from each chassis labelled with the encapsulation and MTU — the tunnels
 * OVN makes between every pair of hosts are not drawn, so the diagram grows
 * with the hosts, not with the pairs of hosts.
 */
function fabricEdges(fabric: TopologyFabric): string[] {
  const engine = fabric.engine;
  if (engine.type === 'mesh') {
    return engine.tunnels.map(({ between: [a, b], type, mtu }) => `  ${mermaidId('host', a)} <-->|"${label(`${type} ${fabric.name} mtu ${mtu}`)}"| ${mermaidId('host', b)}`);
  }
  const central = mermaidId('ovncentral', fabric.name);
  const logicalSwitch = mermaidId('lswitch', fabric.name);
  const parts = [
    `OVN central of ${fabric.name}`,
    engine.central.hosts.length > 0 ? `on ${engine.central.hosts.join(', ')}` : 'outside this stack',
    engine.central.addresses.join(', '),
    ...(engine.central.clustered ? [`Raft cluster of ${engine.central.addresses.length}`] : []),
  ];
  const lines = [`  ${central}[("${parts.map(label).join('<br/>')}")]`, `  ${logicalSwitch}{{"${label(`logical switch ${engine.logicalSwitch}`)}"}}`];
  for (const chassis of engine.chassis) lines.push(`  ${mermaidId('host', chassis.host)} -.->|"ovn-remote"| ${central}`);
  const overlay = label(`${engine.encapsulation} ${fabric.name} mtu ${fabric.mtu.container}`);
  for (const chassis of engine.chassis) lines.push(`  ${mermaidId('host', chassis.host)} <-->|"${overlay}"| ${logicalSwitch}`);
  return lines;
}
