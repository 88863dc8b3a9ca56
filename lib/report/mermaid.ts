import type { TopologyDocument } from './topology-document.js';
import { visibleText } from './visible-text.js';

/**
 * A Mermaid flowchart of the topology, which GitHub renders: hosts as
 * subgraphs, services inside with their addresses and published ports, links
 * as labelled arrows, fabric tunnels as edges between hosts.
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
  for (const fabric of document.fabrics) {
    for (const tunnel of fabric.tunnels) {
      const [a, b] = tunnel.between;
      lines.push(`  ${mermaidId('host', a)} <-->|"${label(`${tunnel.type} ${fabric.name} mtu ${tunnel.mtu}`)}"| ${mermaidId('host', b)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
