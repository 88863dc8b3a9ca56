import { join } from 'node:path';
import { execa } from 'execa';
import { toDot } from '../../lib/report/dot.js';
import { toMermaid } from '../../lib/report/mermaid.js';
import type { TopologyDocument, TopologyOvnEngine } from '../../lib/report/topology-document.js';
import { topologyMarkdown } from '../../lib/report/topology-markdown.js';
import { visibleText } from '../../lib/report/visible-text.js';
import { HOSTILE_NAMES, MARKUP_CHARACTERS, renderMarkdown } from './rendered-markdown.js';
import { sampleOvnTopology, sampleTopology } from './sample-topology.js';

/** Parses each diagram with the real mermaid parser. */
async function parseMermaid(diagrams: readonly string[]): Promise<unknown[]> {
  const parser = join(import.meta.dirname, '..', 'support', 'parse-mermaid.mjs');
  const { stdout } = await execa('node', [parser], { input: JSON.stringify(diagrams) });
  return JSON.parse(stdout);
}

/** What Graphviz makes of a DOT text: its exit code and errors, and the nodes and edges it drew (not counting clusters). */
async function renderDot(dot: string): Promise<{ exitCode: number | undefined; stderr: string; nodes: string[]; edges: number }> {
  const which = await execa('sh', ['-c', 'command -v dot'], { reject: false });
  if (which.exitCode !== 0) throw new Error('Graphviz is not installed: apt-get install -y graphviz (CI installs it)');
  const rendered = await execa('dot', ['-Tjson'], { input: dot, reject: false });
  const graph = rendered.exitCode === 0 ? (JSON.parse(rendered.stdout) as { objects?: { name: string; nodes?: unknown }[]; edges?: unknown[] }) : {};
  const nodes = (graph.objects ?? []).filter((o) => o.nodes === undefined).map((o) => o.name);
  return { exitCode: rendered.exitCode, stderr: rendered.stderr, nodes, edges: graph.edges?.length ?? 0 };
}

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
        engine: { type: 'mesh', tunnel: 'gre', key: 42, loopPrevention: 'protected', tunnels: [{ between: [hosts[0]!, hosts[1]!], type: 'gre', key: 42, mtu: 1500 }] },
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

/** A name that ends a DOT or Mermaid quoted string and starts a node of its own, if it is not escaped. */
const QUOTE_BREAKER = 'ls" ]; injected [label="x\\';

/** hostileTopology() on an OVN fabric whose switch, central and chassis have hostile names too. */
function hostileOvnTopology(): TopologyDocument {
  const mesh = hostileTopology();
  const hosts = mesh.hosts.map((h) => h.name);
  return {
    ...mesh,
    fabrics: [
      {
        ...mesh.fabrics[0]!,
        hosts: mesh.fabrics[0]!.hosts.map(({ gateway: _, ...host }) => host),
        engine: {
          type: 'ovn',
          encapsulation: 'geneve',
          logicalSwitch: QUOTE_BREAKER,
          central: { hosts, addresses: [HOSTILE_NAMES[2]!, `${QUOTE_BREAKER}\n${HOSTILE_NAMES[9]!}`], clustered: true },
          chassis: [...HOSTILE_NAMES, QUOTE_BREAKER].map((name) => ({ host: name, systemId: name, encapIp: name })),
        },
      },
    ],
  };
}

/** An OVN fabric of `count` hosts, the central on the first. */
function ovnOf(count: number): TopologyDocument {
  const names = Array.from({ length: count }, (_, i) => `h${i}`);
  const base = sampleOvnTopology();
  const engine = base.fabrics[0]!.engine as TopologyOvnEngine;
  return {
    ...base,
    hosts: names.map((name) => ({ name, endpoint: `ssh://${name}`, access: 'ssh', containers: 'external' })),
    services: [],
    fabrics: [
      {
        ...base.fabrics[0]!,
        hosts: names.map((name, i) => ({ name, block: `10.50.${i}.0/24`, underlayAddress: `192.0.2.${i + 1}/24` })),
        engine: { ...engine, central: { hosts: ['h0'], addresses: ['192.0.2.1'], clustered: false }, chassis: names.map((host, i) => ({ host, systemId: host, encapIp: `192.0.2.${i + 1}` })) },
      },
    ],
  };
}

describe('topology.md, Mermaid and DOT of an OVN fabric', () => {
  const document = sampleOvnTopology();

  it('says the engine, where the central databases run and that they are clustered, and lists the chassis', () => {
    const markdown = topologyMarkdown(document);
    expect(markdown).toContain(
      [
        '## Fabric `shop-fabric`',
        '',
        'Subnet `10.50.0.0/16`, OVN engine: `geneve` tunnels made by ovn-controller on each host, logical switch `shop-fabric`, `netdev` datapath, ' +
          'MTU 1442 in containers / 1500 on the underlay (58 bytes of overhead).',
        '',
        'OVN central (northbound and southbound databases, ovn-northd): on `host-a`, `host-b`, `host-c` at `192.0.2.11`, `192.0.2.12`, `192.0.2.13`, a Raft cluster of 3.',
        '',
        '| host | block | underlay |',
        '| --- | --- | --- |',
        '| `host-a` | `10.50.0.0/24` | `192.0.2.11/24` |',
      ].join('\n'),
    );
    expect(markdown).toContain(['| chassis | system-id | encap IP |', '| --- | --- | --- |', '| `host-a` | `host-a` | `192.0.2.11` |'].join('\n'));
    expect(markdown).toContain('| `host-d` | `host-d` | `192.0.2.14` |\n');
    const external = ovnOf(2);
    (external.fabrics[0]!.engine as { central: TopologyOvnEngine['central'] }).central = { hosts: [], addresses: ['198.51.100.7'], clustered: false };
    expect(topologyMarkdown(external)).toContain('OVN central (northbound and southbound databases, ovn-northd): outside this stack, at `198.51.100.7`, a single server.');
  });

  it('a mesh fabric still says what it always said, gateways included', () => {
    const markdown = topologyMarkdown(sampleTopology());
    expect(markdown).toContain(
      [
        'Subnet `10.50.0.0/16`, `gre` tunnels (key 42), `system` datapath, loop prevention: `protected`, MTU 1500 in containers / 1542 on the underlay (42 bytes of overhead).',
        '',
        '| host | block | gateway | underlay |',
        '| --- | --- | --- | --- |',
        '| `host-a` | `10.50.0.0/24` | `10.50.0.1` | `192.0.2.11/24` |',
        '| `host-b` | `10.50.1.0/24` | `10.50.1.1` | `192.0.2.12/24` |',
      ].join('\n'),
    );
    expect(toMermaid(sampleTopology())).toContain('  host_host_2da <-->|"gre shop-fabric mtu 1500"| host_host_2db\n');
  });

  it('draws the central and the logical switch once, each linked to every chassis: no edge between two hosts', () => {
    const mermaid = toMermaid(document).split('\n');
    expect(mermaid).toContain('  ovncentral_shop_2dfabric[("OVN central of shop-fabric<br/>on host-a, host-b, host-c<br/>192.0.2.11, 192.0.2.12, 192.0.2.13<br/>Raft cluster of 3")]');
    expect(mermaid).toContain('  lswitch_shop_2dfabric{{"logical switch shop-fabric"}}');
    expect(mermaid.filter((l) => / -\.->\|"ovn-remote"\| ovncentral_shop_2dfabric$/.test(l))).toEqual(
      ['a', 'b', 'c', 'd'].map((h) => `  host_host_2d${h} -.->|"ovn-remote"| ovncentral_shop_2dfabric`),
    );
    expect(mermaid.filter((l) => l.includes('<-->'))).toEqual(['a', 'b', 'c', 'd'].map((h) => `  host_host_2d${h} <-->|"geneve shop-fabric mtu 1442"| lswitch_shop_2dfabric`));
  });

  it('grows with the hosts, not with the pairs of hosts', async () => {
    const edges = (n: number) => toMermaid(ovnOf(n)).split('\n').filter((l) => /-->|-\.->/.test(l)).length;
    expect([edges(3), edges(10), edges(40)]).toEqual([6, 20, 80]);
    const dot = await renderDot(toDot(ovnOf(40)));
    expect({ exitCode: dot.exitCode, nodes: dot.nodes.length, edges: dot.edges }).toEqual({ exitCode: 0, nodes: 40 + 2, edges: 80 });
  });

  it('the diagrams parse with the mermaid parser and render with Graphviz, hostile names included', async () => {
    const documents = [document, hostileOvnTopology(), hostileTopology(), ovnOf(2)];
    expect(await parseMermaid(documents.map(toMermaid))).toEqual(documents.map(() => ({ ok: true, type: 'flowchart-v2' })));
    for (const d of documents) {
      const rendered = await renderDot(toDot(d));
      expect({ exitCode: rendered.exitCode, stderr: rendered.stderr }).toEqual({ exitCode: 0, stderr: '' });
    }
    // No name breaks out of its quotes to add a node: host anchors, services, the link targets, the central and the switch.
    const hostile = hostileOvnTopology();
    const { nodes } = await renderDot(toDot(hostile));
    const chassisHosts = [...HOSTILE_NAMES, QUOTE_BREAKER].map((n) => `host:${n}`);
    const services = hostile.services.map((s) => `${s.host}/${s.name}`);
    const linkTargets = hostile.services.map((s) => `${s.host}/${HOSTILE_NAMES[0]}`);
    const expected = new Set([...hostile.hosts.map((h) => `host:${h.name}`), ...services, ...linkTargets, ...chassisHosts, 'ovn_central_0', 'ovn_switch_0']);
    expect(nodes.length).toBe(expected.size);
  });
});

describe('topology.md of an OVN fabric with hostile names', () => {
  const document = hostileOvnTopology();
  const rendered = renderMarkdown(topologyMarkdown(document));

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
    // hosts, addresses, ports, networks, the fabric's hosts (no gateway column: OVN), its chassis
    expect(widths).toEqual([...table(4, 2), ...table(4, n), ...table(4, n), ...table(7, n), ...table(3, 2), ...table(3, n + 1)]);
    const shown = (name: string) => visibleText(name).replace(/\|/g, '\\u007c');
    for (const name of HOSTILE_NAMES) expect(rendered.codes).toContain(shown(name));
    // The central's hosts and addresses, and the logical switch, in the paragraphs.
    const { central } = document.fabrics[0]!.engine as TopologyOvnEngine;
    for (const name of [...central.hosts, ...central.addresses, QUOTE_BREAKER]) expect(rendered.codes).toContain(visibleText(name));
  });
});

