import { markdownCode as code, markdownTableCell as cell } from './markdown-text.js';
import { toMermaid } from './mermaid.js';
import type { TopologyDocument, TopologyFabric } from './topology-document.js';

/**
 * `topology.md`: the Mermaid diagram (rendered by GitHub) and tables of hosts,
 * addresses and ports. Every string from the document is a code span (see
 * markdown-text.ts): names are the code's, and the code is a pull request's.
 */
export function topologyMarkdown(document: TopologyDocument): string {
  const out: string[] = [`# Topology of stack ${code(document.stack)}`, '', '```mermaid', toMermaid(document).trimEnd(), '```', ''];
  out.push('## Hosts', '', '| host | endpoint | commands | containers |', '| --- | --- | --- | --- |');
  for (const h of document.hosts) out.push(`| ${cell(h.name)} | ${cell(h.endpoint)} | ${cell(h.access)} | ${cell(h.containers)} |`);
  out.push('', '## Addresses', '', '| service | host | network | address |', '| --- | --- | --- | --- |');
  for (const s of document.services) {
    if (s.addresses.length === 0) out.push(`| ${cell(s.name)} | ${cell(s.host)} | (default bridge) | dynamic |`);
    for (const a of s.addresses) out.push(`| ${cell(s.name)} | ${cell(s.host)} | ${cell(a.network)} | ${cell(a.address)} |`);
  }
  out.push('', '## Ports', '', '| service | host | exposed | published |', '| --- | --- | --- | --- |');
  for (const s of document.services) {
    const exposed = s.exposedPorts.map(cell).join(', ') || '—';
    const published = s.publishedPorts.map((p) => cell(`${p.hostIp}:${p.hostPort} → ${p.containerPort}`)).join(', ') || '—';
    out.push(`| ${cell(s.name)} | ${cell(s.host)} | ${exposed} | ${published} |`);
  }
  const optional = (text: string | undefined) => (text === undefined ? '—' : cell(text));
  if (document.networks.length > 0) {
    out.push('', '## Networks', '', '| network | host | kind | subnet | gateway | dynamic range | bridge |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const n of document.networks) {
      out.push(
        `| ${cell(n.name)} | ${cell(n.host)} | ${cell(n.kind)} | ${optional(n.subnet)} | ${optional(n.gateway)} | ${optional(n.dynamicRange)} | ${optional(n.bridge)} |`,
      );
    }
  }
  for (const f of document.fabrics) out.push('', `## Fabric ${code(f.name)}`, '', ...fabricMarkdown(f));
  return `${out.join('\n')}\n`;
}

/** A fabric's section under its heading: its engine's line, then the tables of its hosts (and chassis). */
function fabricMarkdown(f: TopologyFabric): string[] {
  const mtu = `MTU ${f.mtu.container} in containers / ${f.mtu.underlay} on the underlay (${f.mtu.overhead} bytes of overhead)`;
  const out: string[] = [];
  const engine = f.engine;
  if (engine.type === 'mesh') {
    out.push(
      `Subnet ${code(f.subnet)}, ${code(engine.tunnel)} tunnels (key ${engine.key}), ${code(f.datapath)} datapath, loop prevention: ${code(engine.loopPrevention)}, ${mtu}.`,
      '',
    );
  } else {
    const { central } = engine;
    const list = (items: readonly string[]) => items.map(code).join(', ');
    const where = central.hosts.length > 0 ? `on ${list(central.hosts)} at ${list(central.addresses)}` : `outside this stack, at ${list(central.addresses)}`;
    const kind = central.clustered ? `a Raft cluster of ${central.addresses.length}` : 'a single server';
    out.push(
      `Subnet ${code(f.subnet)}, OVN engine: ${code(engine.encapsulation)} tunnels made by ovn-controller on each host, logical switch ${code(engine.logicalSwitch)}, ` +
        `${code(f.datapath)} datapath, ${mtu}.`,
      '',
      `OVN central (northbound and southbound databases, ovn-northd): ${where}, ${kind}.`,
      '',
    );
  }
  // The gateway is the mesh's (each host's Docker bridge): shown when the hosts have one.
  const gateways = f.hosts.some((h) => h.gateway !== undefined);
  out.push(gateways ? '| host | block | gateway | underlay |' : '| host | block | underlay |', gateways ? '| --- | --- | --- | --- |' : '| --- | --- | --- |');
  for (const h of f.hosts) {
    out.push(`| ${cell(h.name)} | ${cell(h.block)} | ${gateways ? `${h.gateway === undefined ? '—' : cell(h.gateway)} | ` : ''}${cell(h.underlayAddress)} |`);
  }
  if (engine.type === 'ovn') {
    out.push('', '| chassis | system-id | encap IP |', '| --- | --- | --- |');
    for (const c of engine.chassis) out.push(`| ${cell(c.host)} | ${cell(c.systemId)} | ${cell(c.encapIp)} |`);
  }
  return out;
}
