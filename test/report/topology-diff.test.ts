import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { diffTopologies, formatChangesMarkdown, formatChangesText, type TopologyChange } from '../../lib/report/topology-diff.js';
import type { TopologyDocument } from '../../lib/report/topology-document.js';
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
    expect(markdown).toContain('- `~` loop prevention protected → rstp ⚠️ *loop-prevention change*');
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
