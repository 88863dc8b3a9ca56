import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { App } from '../../lib/constructs/cdktf.js';
import { toMermaid } from '../../lib/report/mermaid.js';
import type { TopologyDocument } from '../../lib/report/topology-document.js';
import { validateTopologyDocument } from '../../lib/report/validate-topology-document.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';
import { ProdEnvironment } from '../../stacks/prod-environment.js';
import { synthFabricApp } from '../support/fabric-app.js';

/** Every environment of this repository, synthesized with the real App. */
function synthEnvironments(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdn-topology-'));
  const app = new App({ outdir });
  for (const definition of Object.values(ENVIRONMENTS)) new EncompassEnvironment(app, definition);
  new ProdEnvironment(app);
  app.synth();
  return outdir;
}
const STACKS = ['dev', 'staging', 'staging-static', 'prod'];
const read = (outdir: string, stack: string, file: string) => readFileSync(join(outdir, 'stacks', stack, file), 'utf8');

describe('topology files written by every synth', () => {
  const first = synthEnvironments();
  const second = synthEnvironments();
  afterAll(() => [first, second].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('topology.json is byte-identical across two synths of the same code', () => {
    for (const stack of STACKS) {
      for (const file of ['topology.json', 'topology.md', 'topology.dot']) expect(read(second, stack, file)).toBe(read(first, stack, file));
    }
  });

  it('every topology.json the library writes fits the schema the CLI reads with', () => {
    for (const stack of STACKS) {
      const document: unknown = JSON.parse(read(first, stack, 'topology.json'));
      expect({ stack, result: validateTopologyDocument(document) }).toEqual({ stack, result: { ok: true, document } });
    }
  });

  it('describes staging: links with aliases, the link network, ports', () => {
    const staging: TopologyDocument = JSON.parse(read(first, 'staging', 'topology.json'));
    expect(staging.schemaVersion).toBe(2);
    expect(staging.hosts).toEqual([
      {
        name: 'staging',
        endpoint: 'unix:///var/run/docker.sock',
        access: 'local',
        containers: 'terraform',
        // What verify and repair need: how to reach the host, the ownership mark, the ledger (empty: staging has no host scripts).
        reach: { kind: 'local' },
        owner: 'staging',
        stateDirectory: '/var/lib/cdktf-docker-network',
        objects: [],
      },
    ]);
    expect(staging.networks).toEqual([{ name: 'staging-links', host: 'staging', kind: 'links' }]);
    const tomcat = staging.services.find((s) => s.name === 'Tomcat')!;
    expect(tomcat.links).toEqual([
      { target: 'MongoDB', alias: 'db' },
      { target: 'ElasticSearch', alias: 'es' },
    ]);
    expect(tomcat.publishedPorts).toEqual([
      { hostIp: '0.0.0.0', hostPort: 80, containerPort: '8080/tcp' },
      { hostIp: '0.0.0.0', hostPort: 443, containerPort: '8443/tcp' },
    ]);
    expect(tomcat.addresses).toEqual([{ network: 'staging-links', address: 'dynamic' }]);
  });

  it('describes prod: the fabric, its blocks, tunnels with type, key and MTU, loop prevention', () => {
    const prod: TopologyDocument = JSON.parse(read(first, 'prod', 'topology.json'));
    const [fabric] = prod.fabrics;
    expect(fabric).toMatchObject({
      name: 'prod-fabric',
      subnet: '10.50.0.0/16',
      datapath: 'system',
      mtu: { container: 1500, underlay: 1542, overhead: 42 },
      engine: { type: 'mesh', tunnel: 'gre', loopPrevention: 'protected' },
    });
    const engine = fabric!.engine;
    if (engine.type !== 'mesh') throw new Error(`prod's fabric is a mesh, not ${engine.type}`);
    expect(fabric!.hosts.map((h) => [h.name, h.block, h.underlayAddress])).toEqual([
      ['host-a', '10.50.0.0/24', '192.0.2.11/24'],
      ['host-b', '10.50.1.0/24', '192.0.2.12/24'],
      ['host-c', '10.50.2.0/24', '192.0.2.13/24'],
    ]);
    expect(engine.tunnels.map((t) => `${t.between.join('↔')} ${t.type} ${t.key === engine.key} ${t.mtu}`)).toEqual([
      'host-a↔host-b gre true 1500',
      'host-a↔host-c gre true 1500',
      'host-b↔host-c gre true 1500',
    ]);
    expect(prod.services.map((s) => [s.name, s.host, s.addresses])).toEqual([
      ['ElasticSearch', 'host-a', [{ network: 'prod-fabric', address: '10.50.0.128' }]],
      ['MongoDB', 'host-b', [{ network: 'prod-fabric', address: '10.50.1.128' }]],
      ['Tomcat', 'host-c', [{ network: 'prod-fabric', address: '10.50.2.128' }]],
    ]);
  });

  it('topology.md embeds the Mermaid diagram and the address and port tables', () => {
    const md = read(first, 'staging-static', 'topology.md');
    const prod: TopologyDocument = JSON.parse(read(first, 'staging-static', 'topology.json'));
    expect(md).toContain(`\`\`\`mermaid\n${toMermaid(prod)}\`\`\``);
    expect(md).toContain('| `MongoDB` | `staging` | `staging-static-addresses` | `10.42.0.20` |');
    expect(md).toContain('| `Tomcat` | `staging` | `8080/tcp`, `8443/tcp` | `0.0.0.0:80 → 8080/tcp`, `0.0.0.0:443 → 8443/tcp` |');
  });

  it('every Mermaid diagram parses with the mermaid parser', async () => {
    const other = synthFabricApp({ hosts: ['host-a', 'host-b', 'host-c', 'host-d'], publishMongo: { hostIp: '::' } });
    try {
      const diagrams = [...STACKS.map((s) => [first, s] as const), [other, 'shop'] as const].map(([dir, stack]) => toMermaid(JSON.parse(read(dir, stack, 'topology.json'))));
      const parser = join(import.meta.dirname, '..', 'support', 'parse-mermaid.mjs');
      const { stdout } = await execa('node', [parser], { input: JSON.stringify([...diagrams, 'flowchart LR\n  a -->']) });
      const results = JSON.parse(stdout);
      expect(results.slice(0, -1)).toEqual(diagrams.map(() => ({ ok: true, type: 'flowchart-v2' })));
      // The check can fail: a broken diagram is refused.
      expect(results.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/Parse error/) });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('every DOT file renders with Graphviz', async () => {
    const which = await execa('sh', ['-c', 'command -v dot'], { reject: false });
    if (which.exitCode !== 0) throw new Error('Graphviz is not installed: apt-get install -y graphviz (CI installs it)');
    for (const stack of STACKS) {
      const rendered = await execa('dot', ['-Tsvg'], { input: read(first, stack, 'topology.dot'), reject: false });
      expect({ stack, exitCode: rendered.exitCode, stderr: rendered.stderr }).toEqual({ stack, exitCode: 0, stderr: '' });
      expect(rendered.stdout).toContain('<svg');
    }
    // The check can fail: a broken graph is refused.
    expect((await execa('dot', ['-Tsvg'], { input: 'digraph { a -> }', reject: false })).exitCode).not.toBe(0);
  });
});
