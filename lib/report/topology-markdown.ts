import { toMermaid } from './mermaid.js';
import type { TopologyDocument } from './topology-document.js';

/** Escapes a table cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** `topology.md`: the Mermaid diagram (rendered by GitHub) and tables of hosts, addresses and ports. */
export function topologyMarkdown(document: TopologyDocument): string {
  const out: string[] = [`# Topology of stack \`${document.stack}\``, '', '```mermaid', toMermaid(document).trimEnd(), '```', ''];
  out.push('## Hosts', '', '| host | endpoint | commands | containers |', '| --- | --- | --- | --- |');
  for (const h of document.hosts) out.push(`| ${cell(h.name)} | ${cell(h.endpoint)} | ${h.access} | ${h.containers} |`);
  out.push('', '## Addresses', '', '| service | host | network | address |', '| --- | --- | --- | --- |');
  for (const s of document.services) {
    if (s.addresses.length === 0) out.push(`| ${cell(s.name)} | ${cell(s.host)} | (default bridge) | dynamic |`);
    for (const a of s.addresses) out.push(`| ${cell(s.name)} | ${cell(s.host)} | ${cell(a.network)} | ${a.address} |`);
  }
  out.push('', '## Ports', '', '| service | host | exposed | published |', '| --- | --- | --- | --- |');
  for (const s of document.services) {
    const published = s.publishedPorts.map((p) => `${p.hostIp}:${p.hostPort} → ${p.containerPort}`).join(', ') || '—';
    out.push(`| ${cell(s.name)} | ${cell(s.host)} | ${s.exposedPorts.join(', ') || '—'} | ${published} |`);
  }
  if (document.networks.length > 0) {
    out.push('', '## Networks', '', '| network | host | kind | subnet | gateway | dynamic range | bridge |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const n of document.networks) {
      out.push(`| ${cell(n.name)} | ${cell(n.host)} | ${n.kind} | ${n.subnet ?? '—'} | ${n.gateway ?? '—'} | ${n.dynamicRange ?? '—'} | ${n.bridge ?? '—'} |`);
    }
  }
  for (const f of document.fabrics) {
    out.push('', `## Fabric \`${f.name}\``, '');
    out.push(`${f.subnet}, ${f.tunnel} (key ${f.key}), ${f.datapath} datapath, loop prevention: ${f.loopPrevention}, MTU ${f.mtu.container} in containers / ${f.mtu.underlay} on the underlay (${f.mtu.overhead} bytes of overhead).`, '');
    out.push('| host | block | gateway | underlay |', '| --- | --- | --- | --- |');
    for (const h of f.hosts) out.push(`| ${cell(h.name)} | ${h.block} | ${h.gateway} | ${h.underlayAddress} |`);
  }
  return `${out.join('\n')}\n`;
}
