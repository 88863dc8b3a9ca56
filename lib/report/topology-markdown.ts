import { markdownCode as code, markdownTableCell as cell } from './markdown-text.js';
import { toMermaid } from './mermaid.js';
import type { TopologyDocument } from './topology-document.js';

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
  for (const f of document.fabrics) {
    out.push('', `## Fabric ${code(f.name)}`, '');
    out.push(
      `Subnet ${code(f.subnet)}, ${code(f.tunnel)} tunnels (key ${f.key}), ${code(f.datapath)} datapath, loop prevention: ${code(f.loopPrevention)}, ` +
        `MTU ${f.mtu.container} in containers / ${f.mtu.underlay} on the underlay (${f.mtu.overhead} bytes of overhead).`,
      '',
    );
    out.push('| host | block | gateway | underlay |', '| --- | --- | --- | --- |');
    for (const h of f.hosts) out.push(`| ${cell(h.name)} | ${cell(h.block)} | ${cell(h.gateway)} | ${cell(h.underlayAddress)} |`);
  }
  return `${out.join('\n')}\n`;
}
