import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { diffTopologies, formatChangesJson, formatChangesMarkdown, formatChangesText, type TopologyChange } from '../../lib/report/topology-diff.js';
import type { TopologyDocument, TopologyFabric, TopologyOvnEngine } from '../../lib/report/topology-document.js';
import { validateTopologyDocument } from '../../lib/report/validate-topology-document.js';
import { visibleText } from '../../lib/report/visible-text.js';
import { HOSTILE_NAMES, MARKUP_CHARACTERS, renderMarkdown } from './rendered-markdown.js';
import { sampleOvnTopology, sampleTopology, sampleTopologyV1 } from './sample-topology.js';
import { synthFabricApp, type FabricAppVariant } from '../support/fabric-app.js';
import { FabricEngine } from '../../lib/index.js';

/** Synthesizes "before" and "after" for real and diffs their topology.json. */
function review(before: FabricAppVariant, after: FabricAppVariant): TopologyChange[] {
  const dirs = [synthFabricApp(before), synthFabricApp(after)];
  try {
    const [a, b] = dirs.map((dir) => JSON.parse(readFileSync(join(dir, 'stacks', 'shop', 'topology.json'), 'utf8')) as TopologyDocument);
    return diffTopologies(a, b);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
const lines = (changes: TopologyChange[]) => changes.map((c) => `[${c.scope}] ${c.sign} ${c.text}${c.risk ? ` (risk: ${c.risk})` : ''}`);

describe('diffTopologies on real synths', () => {
  it('no change, no lines', () => {
    expect(review({}, {})).toEqual([]);
  });

  it('a service that moved host: its address changes, flagged', () => {
    expect(lines(review({}, { tomcatOn: 'host-b' }))).toEqual([
      '[host host-b] ~ Tomcat: 10.50.2.128 → 10.50.1.129 (moved from host-c to host-b) (risk: address change of an existing service)',
    ]);
  });

  it('a port newly published on all interfaces, flagged; on one address, not', () => {
    expect(lines(review({}, { publishMongo: { hostIp: '0.0.0.0' } }))).toEqual([
      '[host host-b] + MongoDB: port 27017 now published on 0.0.0.0:27017 (risk: port newly published on all interfaces)',
    ]);
    expect(lines(review({}, { publishMongo: { hostIp: '127.0.0.1' } }))).toEqual(['[host host-b] + MongoDB: port 27017/tcp on 127.0.0.1:27017']);
    expect(lines(review({ publishMongo: { hostIp: '127.0.0.1' } }, {}))).toEqual(['[host host-b] - MongoDB: port 27017/tcp on 127.0.0.1:27017 no longer published']);
  });

  it('a host added: its tunnels appear; a host removed: tunnel removal, flagged', () => {
    const four = ['host-a', 'host-b', 'host-c', 'host-d'];
    expect(lines(review({}, { hosts: four }))).toEqual([
      '[host host-d] + host host-d (ssh://root@192.0.2.14)',
      '[fabric shop-fabric] + host-d joins: block 10.50.3.0/24, underlay 192.0.2.14/24, underlay MTU 1542',
      '[fabric shop-fabric] + tunnel host-a ↔ host-d (gre)',
      '[fabric shop-fabric] + tunnel host-b ↔ host-d (gre)',
      '[fabric shop-fabric] + tunnel host-c ↔ host-d (gre)',
    ]);
    expect(lines(review({ hosts: four }, {}))).toEqual([
      '[host host-d] - host host-d (ssh://root@192.0.2.14)',
      '[fabric shop-fabric] - host-d leaves: block 10.50.3.0/24, underlay 192.0.2.14/24',
      '[fabric shop-fabric] - tunnel host-a ↔ host-d (gre) (risk: tunnel removal)',
      '[fabric shop-fabric] - tunnel host-b ↔ host-d (gre) (risk: tunnel removal)',
      '[fabric shop-fabric] - tunnel host-c ↔ host-d (gre) (risk: tunnel removal)',
    ]);
  });

  it('an MTU change, flagged', () => {
    expect(lines(review({}, { fabric: { mtuPolicy: 'lower-containers' } }))).toEqual([
      '[fabric shop-fabric] ~ MTU 1500 → 1458 in containers, 1542 → 1500 on the underlay (risk: MTU change)',
    ]);
  });

  it('a loop-prevention change, flagged', () => {
    expect(lines(review({}, { fabric: { engine: FabricEngine.mesh({ loopPrevention: 'stp' }) } }))).toEqual([
      '[fabric shop-fabric] ~ loop prevention protected → stp (risk: loop-prevention change)',
    ]);
  });

  it('formats as text and markdown, grouped by stack and scope', () => {
    const changes = review({}, { tomcatOn: 'host-b', fabric: { engine: FabricEngine.mesh({ loopPrevention: 'rstp' }) } });
    expect(formatChangesText(changes)).toBe(
      [
        'stack shop',
        '  host host-b',
        '    ~ Tomcat: 10.50.2.128 → 10.50.1.129 (moved from host-c to host-b)   [risk: address change of an existing service]',
        '  fabric shop-fabric',
        '    ~ loop prevention protected → rstp   [risk: loop-prevention change]',
        '',
        '2 changes, 2 risky',
        '',
      ].join('\n'),
    );
    const markdown = formatChangesMarkdown(changes);
    expect(markdown).toContain('> ⚠️ 2 risky changes: address change of an existing service, loop-prevention change.');
    expect(markdown).toContain('- `~` `loop prevention protected → rstp` ⚠️ *loop-prevention change*');
    expect(markdown).toContain('#### Stack `shop`\n\n**host** `host-b`\n\n- `~` `Tomcat: 10.50.2.128 → 10.50.1.129 (moved from host-c to host-b)` ⚠️ *address change of an existing service*');
  });
});

describe('diffTopologies on fabric host changes', () => {
  it('reports a new underlay address and a new block', () => {
    const dirs = [synthFabricApp(), synthFabricApp()];
    try {
      const [a] = dirs.map((dir) => JSON.parse(readFileSync(join(dir, 'stacks', 'shop', 'topology.json'), 'utf8')) as TopologyDocument);
      const moved: TopologyDocument = {
        ...a!,
        fabrics: a!.fabrics.map((f) => ({
          ...f,
          hosts: f.hosts.map((h) => (h.name === 'host-b' ? { ...h, underlayAddress: '192.0.2.22/24', block: '10.50.9.0/24' } : h)),
        })),
      };
      expect(lines(diffTopologies(a, moved))).toEqual([
        '[fabric shop-fabric] ~ host-b: underlay 192.0.2.12/24 → 192.0.2.22/24 (its tunnels are re-made)',
        '[fabric shop-fabric] ~ host-b: block 10.50.1.0/24 → 10.50.9.0/24 (risk: address change of an existing service)',
      ]);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatting changes to topologies with hostile names', () => {
  // Every hostile name as a service (and a link alias), on a host and in a stack with hostile names.
  const host = '<script>alert(1)</script> @host #7';
  const stack = '@stack `x` <b>|';
  const hostile: TopologyDocument = sampleTopology({
    stack,
    hosts: [{ name: host, endpoint: 'ssh://@admin <root>', access: 'ssh', containers: 'terraform' }],
    networks: [],
    services: HOSTILE_NAMES.map((name, i) => ({
      name,
      host,
      image: `${name}:latest`,
      addresses: [{ network: 'fabric', address: `10.0.0.${i + 1}` }],
      exposedPorts: [],
      publishedPorts: [],
      links: [{ target: HOSTILE_NAMES[0]!, alias: name }],
    })),
    fabrics: [],
  });
  const changes = diffTopologies(sampleTopology({ stack, hosts: hostile.hosts, services: [], networks: [], fabrics: [] }), hostile);

  it('has a change per hostile service and link to render', () => {
    expect(changes.filter((c) => c.sign === '+' && c.text.startsWith('service '))).toHaveLength(HOSTILE_NAMES.length);
  });

  it('markdown: one list item per change, names only inside code, no HTML, mention, reference or table', () => {
    const markdown = formatChangesMarkdown(changes);
    const rendered = renderMarkdown(markdown);
    expect([...new Set(rendered.elements)].sort()).toEqual(['code', 'h3', 'h4', 'li', 'p', 'strong', 'ul']);
    expect(rendered.elements.filter((e) => e === 'li')).toHaveLength(changes.length);
    expect(rendered.textOutsideCode).not.toMatch(MARKUP_CHARACTERS);
    expect(rendered.codes).toEqual(expect.arrayContaining([visibleText(stack), visibleText(host), ...changes.map((c) => visibleText(c.text))]));
    // Source lines: a name never starts one, so it cannot open a block (heading, fence, HTML, quote).
    for (const line of markdown.split('\n')) expect(line).toMatch(/^(|### Network changes|#### Stack `.*|\*\*host\*\* `.*|- `\+` `.*)$/);
  });

  it('markdown: risks from a foreign list of changes (e.g. read back from --format json) are code too', () => {
    const foreign = JSON.parse(formatChangesJson(changes)).changes as TopologyChange[];
    const [first] = foreign;
    const markdown = formatChangesMarkdown([{ ...first!, risk: '<b>@team</b>' as TopologyChange['risk'] }]);
    const rendered = renderMarkdown(markdown);
    expect(rendered.textOutsideCode).not.toMatch(MARKUP_CHARACTERS);
    expect(rendered.codes).toContain('<b>@team</b>');
  });

  it('text: one line per change, whatever the names hold', () => {
    const text = formatChangesText(changes);
    const lines = text.trimEnd().split('\n');
    // stack + scope + changes + blank + summary
    expect(lines).toHaveLength(1 + 1 + changes.length + 2);
    expect(lines[0]).toBe(`stack @stack \`x\` <b>|`);
    expect(text).toContain('    + service two\\nlines\\n# heading\\n- item\\n\\n```\\nfenced (two\\nlines\\n# heading\\n- item\\n\\n```\\nfenced:latest) at 10.0.0.10');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e\u200b]/);
  });
});

/** The OVN sample with its fabric's OVN engine (and, optionally, the fabric) changed. */
function ovnWith(engine: Partial<TopologyOvnEngine>, fabric: Partial<TopologyFabric> = {}): TopologyDocument {
  const sample = sampleOvnTopology();
  const [f] = sample.fabrics;
  if (f!.engine.type !== 'ovn') throw new Error('the OVN sample has an OVN engine');
  return { ...sample, fabrics: [{ ...f!, ...fabric, engine: { ...f!.engine, ...engine } }] };
}
const ovnEngine = () => sampleOvnTopology().fabrics[0]!.engine as TopologyOvnEngine;

describe('diffTopologies on OVN fabrics', () => {
  it('no change, no lines', () => {
    expect(diffTopologies(sampleOvnTopology(), sampleOvnTopology())).toEqual([]);
  });

  it('a chassis added; a chassis removed, flagged as the tunnels to it go', () => {
    const five = ovnWith({ chassis: [...ovnEngine().chassis, { host: 'host-e', systemId: 'host-e', encapIp: '192.0.2.15' }] });
    expect(lines(diffTopologies(sampleOvnTopology(), five))).toEqual(['[fabric shop-fabric] + chassis host-e (geneve 192.0.2.15)']);
    expect(lines(diffTopologies(five, sampleOvnTopology()))).toEqual(['[fabric shop-fabric] - chassis host-e (geneve 192.0.2.15) (risk: tunnel removal)']);
  });

  it('a chassis with a new encap IP or system-id', () => {
    const moved = ovnWith({ chassis: ovnEngine().chassis.map((c) => (c.host === 'host-b' ? { ...c, encapIp: '192.0.2.22', systemId: 'b-2' } : c)) });
    expect(lines(diffTopologies(sampleOvnTopology(), moved))).toEqual([
      '[fabric shop-fabric] ~ chassis host-b: encap IP 192.0.2.12 → 192.0.2.22 (its tunnels are re-made)',
      '[fabric shop-fabric] ~ chassis host-b: system-id host-b → b-2 (it registers again)',
    ]);
  });

  it('an encapsulation change, and the MTU change that comes with it', () => {
    const vxlan = ovnWith({ encapsulation: 'vxlan' }, { mtu: { container: 1450, underlay: 1500, overhead: 50 } });
    expect(lines(diffTopologies(sampleOvnTopology(), vxlan))).toEqual([
      '[fabric shop-fabric] ~ MTU 1442 → 1450 in containers, 1500 → 1500 on the underlay (risk: MTU change)',
      "[fabric shop-fabric] ~ encapsulation geneve → vxlan (every chassis's tunnels are re-made)",
    ]);
  });

  it('a logical switch renamed', () => {
    expect(lines(diffTopologies(sampleOvnTopology(), ovnWith({ logicalSwitch: 'shop-ls' })))).toEqual([
      "[fabric shop-fabric] ~ logical switch shop-fabric → shop-ls (every container's logical port is re-made)",
    ]);
  });

  it('the central databases moved, reordered, or no longer clustered: a control-plane change, flagged', () => {
    const central = ovnEngine().central;
    const single = ovnWith({ central: { hosts: ['host-a'], addresses: ['192.0.2.11'], clustered: false } });
    expect(lines(diffTopologies(sampleOvnTopology(), single))).toEqual([
      '[fabric shop-fabric] ~ OVN central host-a, host-b, host-c at 192.0.2.11, 192.0.2.12, 192.0.2.13, clustered → host-a at 192.0.2.11 (risk: control-plane change)',
    ]);
    // Order matters: the first host bootstraps the cluster.
    const reordered = ovnWith({ central: { ...central, hosts: ['host-b', 'host-a', 'host-c'], addresses: ['192.0.2.12', '192.0.2.11', '192.0.2.13'] } });
    expect(diffTopologies(sampleOvnTopology(), reordered).map((c) => c.risk)).toEqual(['control-plane change']);
    const external = ovnWith({ central: { hosts: [], addresses: ['198.51.100.7'], clustered: false } });
    expect(lines(diffTopologies(single, external))).toEqual([
      '[fabric shop-fabric] ~ OVN central host-a at 192.0.2.11 → external at 198.51.100.7 (risk: control-plane change)',
    ]);
  });

  it('an OVN fabric added: its central and chassis; removed: flagged', () => {
    const without = sampleOvnTopology({ fabrics: [] });
    expect(lines(diffTopologies(without, sampleOvnTopology()))).toEqual([
      '[fabric shop-fabric] + fabric shop-fabric (10.50.0.0/16, ovn geneve)',
      '[fabric shop-fabric] + OVN central host-a, host-b, host-c at 192.0.2.11, 192.0.2.12, 192.0.2.13, clustered',
      '[fabric shop-fabric] + chassis host-a (geneve 192.0.2.11)',
      '[fabric shop-fabric] + chassis host-b (geneve 192.0.2.12)',
      '[fabric shop-fabric] + chassis host-c (geneve 192.0.2.13)',
      '[fabric shop-fabric] + chassis host-d (geneve 192.0.2.14)',
    ]);
    expect(lines(diffTopologies(sampleOvnTopology(), without))).toEqual([
      '[fabric shop-fabric] - fabric shop-fabric (10.50.0.0/16, ovn geneve)',
      '[fabric shop-fabric] - OVN central host-a, host-b, host-c at 192.0.2.11, 192.0.2.12, 192.0.2.13, clustered (risk: control-plane change)',
      '[fabric shop-fabric] - chassis host-a (geneve 192.0.2.11) (risk: tunnel removal)',
      '[fabric shop-fabric] - chassis host-b (geneve 192.0.2.12) (risk: tunnel removal)',
      '[fabric shop-fabric] - chassis host-c (geneve 192.0.2.13) (risk: tunnel removal)',
      '[fabric shop-fabric] - chassis host-d (geneve 192.0.2.14) (risk: tunnel removal)',
    ]);
  });

  it('mesh → OVN: one line for the engine, then what goes and what comes on each host', () => {
    const mesh = sampleTopology();
    const ovn: TopologyDocument = {
      ...mesh,
      fabrics: [
        {
          ...mesh.fabrics[0]!,
          mtu: { container: 1484, underlay: 1542, overhead: 58 },
          engine: {
            type: 'ovn',
            encapsulation: 'geneve',
            logicalSwitch: 'shop',
            central: { hosts: ['host-a'], addresses: ['192.0.2.11'], clustered: false },
            chassis: [
              { host: 'host-a', systemId: 'host-a', encapIp: '192.0.2.11' },
              { host: 'host-b', systemId: 'host-b', encapIp: '192.0.2.12' },
            ],
          },
        },
      ],
    };
    expect(lines(diffTopologies(mesh, ovn))).toEqual([
      '[fabric shop-fabric] ~ MTU 1500 → 1484 in containers, 1542 → 1542 on the underlay (risk: MTU change)',
      "[fabric shop-fabric] ~ engine mesh → ovn: every host's fabric objects are re-made (risk: engine change)",
      '[fabric shop-fabric] - tunnel host-a ↔ host-b (gre) (risk: tunnel removal)',
      '[fabric shop-fabric] + OVN central host-a at 192.0.2.11',
      '[fabric shop-fabric] + chassis host-a (geneve 192.0.2.11)',
      '[fabric shop-fabric] + chassis host-b (geneve 192.0.2.12)',
    ]);
    expect(lines(diffTopologies(ovn, mesh))).toEqual([
      '[fabric shop-fabric] ~ MTU 1484 → 1500 in containers, 1542 → 1542 on the underlay (risk: MTU change)',
      "[fabric shop-fabric] ~ engine ovn → mesh: every host's fabric objects are re-made (risk: engine change)",
      '[fabric shop-fabric] + tunnel host-a ↔ host-b (gre)',
      '[fabric shop-fabric] - OVN central host-a at 192.0.2.11 (risk: control-plane change)',
      '[fabric shop-fabric] - chassis host-a (geneve 192.0.2.11) (risk: tunnel removal)',
      '[fabric shop-fabric] - chassis host-b (geneve 192.0.2.12) (risk: tunnel removal)',
    ]);
  });

  it('formats the new risks as known risks', () => {
    const changes = diffTopologies(sampleOvnTopology(), ovnWith({ central: { hosts: ['host-a'], addresses: ['192.0.2.11'], clustered: false } }));
    expect(formatChangesText(changes)).toContain('[risk: control-plane change]');
    const markdown = formatChangesMarkdown(changes);
    expect(markdown).toContain('> ⚠️ 1 risky change: control-plane change.');
    expect(markdown).toContain('⚠️ *control-plane change*');
  });
});

describe('diffTopologies across schema versions', () => {
  it('a version 1 document, read, against the same stack in version 2: no change', () => {
    const read = validateTopologyDocument(sampleTopologyV1());
    if (!read.ok) throw new Error(`the version 1 sample is valid: ${JSON.stringify(read)}`);
    expect(diffTopologies(read.document, sampleTopology())).toEqual([]);
    expect(diffTopologies(sampleTopology(), read.document)).toEqual([]);
  });

  it('a version 1 document, read, against version 2 with a real change: only that change', () => {
    const read = validateTopologyDocument(sampleTopologyV1());
    if (!read.ok) throw new Error(`the version 1 sample is valid: ${JSON.stringify(read)}`);
    const mesh = sampleTopology();
    const [fabric] = mesh.fabrics;
    if (fabric!.engine.type !== 'mesh') throw new Error('the sample is a mesh');
    const stp: TopologyDocument = { ...mesh, fabrics: [{ ...fabric!, engine: { ...fabric!.engine, loopPrevention: 'stp' } }] };
    expect(lines(diffTopologies(read.document, stp))).toEqual(['[fabric shop-fabric] ~ loop prevention protected → stp (risk: loop-prevention change)']);
  });
});
