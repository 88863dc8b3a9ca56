import type { TopologyDocument } from './topology-document.js';

/** A DOT string literal. */
function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/** The topology as a Graphviz digraph: hosts as clusters, links as arrows, tunnels as dashed edges. */
export function toDot(document: TopologyDocument): string {
  const lines = [`digraph ${quote(document.stack)} {`, '  rankdir=LR;', '  node [shape=box];'];
  const serviceId = (host: string, name: string) => quote(`${host}/${name}`);
  const hostAnchor = (host: string) => quote(`host:${host}`);
  document.hosts.forEach((host, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${quote(`host ${host.name}`)};`);
    lines.push(`    ${hostAnchor(host.name)} [label=${quote(host.name)}, shape=point];`);
    for (const service of document.services.filter((s) => s.host === host.name)) {
      const parts = [service.name, ...service.addresses.filter((a) => a.address !== 'dynamic').map((a) => a.address)];
      for (const p of service.publishedPorts) parts.push(`${p.hostIp}:${p.hostPort} -> ${p.containerPort}`);
      lines.push(`    ${serviceId(host.name, service.name)} [label=${quote(parts.join('\n'))}];`);
    }
    lines.push('  }');
  });
  for (const service of document.services) {
    for (const link of service.links) {
      lines.push(`  ${serviceId(service.host, service.name)} -> ${serviceId(service.host, link.target)} [label=${quote(link.alias)}];`);
    }
  }
  for (const fabric of document.fabrics) {
    for (const tunnel of fabric.tunnels) {
      const [a, b] = tunnel.between;
      lines.push(`  ${hostAnchor(a)} -> ${hostAnchor(b)} [dir=both, style=dashed, label=${quote(`${tunnel.type} ${fabric.name}`)}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
