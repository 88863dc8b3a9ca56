import type { TopologyDocument } from './topology-document.js';

/** A DOT string literal. */
function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/**
 * The topology as a Graphviz digraph: hosts as clusters, links as arrows,
 * overlay edges dashed (a mesh's tunnels; an OVN fabric's chassis to its
 * logical switch) and OVN's control edges (`ovn-remote`) dotted.
 */
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
  document.fabrics.forEach((fabric, i) => {
    const engine = fabric.engine;
    if (engine.type === 'mesh') {
      for (const tunnel of engine.tunnels) {
        const [a, b] = tunnel.between;
        lines.push(`  ${hostAnchor(a)} -> ${hostAnchor(b)} [dir=both, style=dashed, label=${quote(`${tunnel.type} ${fabric.name}`)}];`);
      }
      return;
    }
    // OVN: its central databases and its logical switch, each a node linked to every chassis (OVN's own
    // tunnels between every pair of hosts are not drawn). Their ids hold no "/" and do not start with
    // "host:", so no service or host can have them.
    const central = `ovn_central_${i}`;
    const logicalSwitch = `ovn_switch_${i}`;
    const where = engine.central.hosts.length > 0 ? `on ${engine.central.hosts.join(', ')}` : 'outside this stack';
    const cluster = engine.central.clustered ? [`Raft cluster of ${engine.central.addresses.length}`] : [];
    lines.push(`  ${central} [label=${quote([`OVN central of ${fabric.name}`, where, engine.central.addresses.join(', '), ...cluster].join('\n'))}, shape=cylinder];`);
    lines.push(`  ${logicalSwitch} [label=${quote(`logical switch ${engine.logicalSwitch}`)}, shape=hexagon];`);
    for (const chassis of engine.chassis) lines.push(`  ${hostAnchor(chassis.host)} -> ${central} [style=dotted, label="ovn-remote"];`);
    for (const chassis of engine.chassis) {
      lines.push(`  ${hostAnchor(chassis.host)} -> ${logicalSwitch} [dir=both, style=dashed, label=${quote(`${engine.encapsulation} ${fabric.name} mtu ${fabric.mtu.container}`)}];`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
