import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { diffTopologies, formatChangesJson, formatChangesMarkdown, formatChangesText, type TopologyChange } from '../../lib/report/topology-diff.js';
import type { TopologyDocument } from '../../lib/report/topology-document.js';
import { visibleText } from '../../lib/report/visible-text.js';
import { HOSTILE_NAMES, MARKUP_CHARACTERS, renderMarkdown } from './rendered-markdown.js';
import { sampleTopology } from './sample-topology.js';
import { synthFabricApp, type FabricAppVariant } from '../support/fabric-app.js';

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
      '[fabric shop-fabric] + tunnel host-a ↔ host-d (gre)',
      '[fabric shop-fabric] + tunnel host-b ↔ host-d (gre)',
      '[fabric shop-fabric] + tunnel host-c ↔ host-d (gre)',
    ]);
    expect(lines(review({ hosts: four }, {}))).toEqual([
      '[host host-d] - host host-d (ssh://root@192.0.2.14)',
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
    expect(lines(review({}, { fabric: { loopPrevention: 'stp' } }))).toEqual([
      '[fabric shop-fabric] ~ loop prevention protected → stp (risk: loop-prevention change)',
    ]);
  });

  it('formats as text and markdown, grouped by stack and scope', () => {
    const changes = review({}, { tomcatOn: 'host-b', fabric: { loopPrevention: 'rstp' } });
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
