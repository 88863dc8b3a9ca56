import { join } from 'node:path';
import { execa } from 'execa';
import { toMermaid } from '../../lib/report/mermaid.js';
import type { TopologyDocument } from '../../lib/report/topology-document.js';
import { topologyMarkdown } from '../../lib/report/topology-markdown.js';
import { visibleText } from '../../lib/report/visible-text.js';
import { HOSTILE_NAMES, MARKUP_CHARACTERS, renderMarkdown } from './rendered-markdown.js';
import { sampleTopology } from './sample-topology.js';

/** The sample with every hostile name as a service, link alias and network, on hosts and a fabric with hostile names. */
function hostileTopology(): TopologyDocument {
  const hosts = ['host `a` @ops', 'host|b\n# b'];
  return sampleTopology({
    stack: '<b>stack</b> @team',
    hosts: hosts.map((name) => ({ name, endpoint: `ssh://root@${name}`, access: 'ssh', containers: 'terraform' })),
    networks: HOSTILE_NAMES.map((name) => ({ name, host: hosts[0]!, kind: 'static-native', subnet: '10.9.0.0/24', bridge: name })),
    services: HOSTILE_NAMES.map((name, i) => ({
      name,
      host: hosts[i % 2]!,
      image: 'busybox',
      addresses: [{ network: name, address: `10.9.0.${i + 2}` }],
      exposedPorts: ['80/tcp'],
      publishedPorts: [{ hostIp: '0.0.0.0', hostPort: 8000 + i, containerPort: '80/tcp' }],
      links: [{ target: HOSTILE_NAMES[0]!, alias: name }],
    })),
    fabrics: [
      {
        ...sampleTopology().fabrics[0]!,
        name: 'fabric ``` <!--',
        hosts: hosts.map((name, i) => ({ name, block: `10.50.${i}.0/24`, gateway: `10.50.${i}.1`, underlayAddress: `192.0.2.${i + 1}/24` })),
        tunnels: [{ between: [hosts[0]!, hosts[1]!], type: 'gre', key: 42, mtu: 1500 }],
      },
    ],
  });
}

describe('topology.md with hostile names', () => {
  const document = hostileTopology();
  const markdown = topologyMarkdown(document);
  const rendered = renderMarkdown(markdown);

  it('renders only headings, the diagram, tables and code: no HTML, no comment, no link', () => {
    expect([...new Set(rendered.elements)].sort()).toEqual(['code', 'h1', 'h2', 'p', 'pre', 'table', 'tbody', 'td', 'th', 'thead', 'tr']);
    expect(rendered.textOutsideCode).not.toMatch(MARKUP_CHARACTERS);
  });

  it('keeps the Mermaid diagram whole inside its fence', () => {
    expect(rendered.codes[1]).toBe(toMermaid(document).trimEnd() + '\n');
    expect(rendered.html.match(/<pre>/g)).toHaveLength(1);
  });

  it('keeps every table row to its columns, and every name in its own cell', () => {
    const widths = rendered.tableRows.map((row) => row.length);
    const table = (columns: number, rows: number) => Array<number>(1 + rows).fill(columns);
    const n = HOSTILE_NAMES.length;
    // hosts, addresses, ports, networks, the fabric's hosts
    expect(widths).toEqual([...table(4, 2), ...table(4, n), ...table(4, n), ...table(7, n), ...table(4, 2)]);
    for (const name of HOSTILE_NAMES) expect(rendered.codes).toContain(visibleText(name).replace(/\|/g, '\\u007c'));
  });

  it('the diagram still parses with the mermaid parser', async () => {
    const parser = join(import.meta.dirname, '..', 'support', 'parse-mermaid.mjs');
    const { stdout } = await execa('node', [parser], { input: JSON.stringify([toMermaid(document)]) });
    expect(JSON.parse(stdout)).toEqual([{ ok: true, type: 'flowchart-v2' }]);
  });
});
