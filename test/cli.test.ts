import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CliError } from '../lib/cli/cli-error.js';
import { packageVersion } from '../lib/cli/package-version.js';
import { diffTopologies, formatChangesMarkdown } from '../lib/report/topology-diff.js';
import { canonicalTopology } from '../lib/report/topology-document.js';
import { HOSTILE_NAMES } from './report/rendered-markdown.js';
import { sampleOvnTopology, sampleTopology, writeSynthOutput } from './report/sample-topology.js';
import { synthFabricApp } from './support/fabric-app.js';
import { FabricEngine } from '../lib/index.js';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'bin', 'cdktf-docker-network.ts');
const cli = (args: string[], cwd = ROOT) => execa('node', [TSX, CLI, ...args], { cwd, reject: false, env: { CHECKPOINT_DISABLE: '1' } });
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('cdktf-docker-network CLI', () => {
  const before = synthFabricApp();
  const same = synthFabricApp();
  const after = synthFabricApp({ publishMongo: { hostIp: '0.0.0.0' }, fabric: { engine: FabricEngine.mesh({ loopPrevention: 'stp' }) } });
  afterAll(() => [before, same, after].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('diff exits 0 and says so when nothing changed', async () => {
    const result = await cli(['diff', before, same]);
    expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: 0, stdout: 'no network changes' });
  });

  it('diff exits 1 and explains the changes, in text, markdown and json', async () => {
    const text = await cli(['diff', before, after]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('    + MongoDB: port 27017 now published on 0.0.0.0:27017   [risk: port newly published on all interfaces]');
    const markdown = await cli(['diff', before, after, '--format', 'markdown']);
    expect(markdown.exitCode).toBe(1);
    expect(markdown.stdout).toContain('### Network changes');
    const json = await cli(['diff', join(before, 'stacks', 'shop'), join(after, 'stacks', 'shop'), '--format', 'json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      risky: 2,
      changes: [
        { stack: 'shop', scope: 'host host-b', sign: '+', text: 'MongoDB: port 27017 now published on 0.0.0.0:27017', risk: 'port newly published on all interfaces' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '~', text: 'loop prevention protected → stp', risk: 'loop-prevention change' },
      ],
    });
  });

  it('diff exits 2 with a clear message on a source that is neither a directory nor a revision', async () => {
    const result = await cli(['diff', before, '/nonexistent/out'], tmpdir());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"/nonexistent/out" is neither a directory nor a git revision');
  });

  it('graph prints Mermaid or DOT for a stack', async () => {
    const mermaid = await cli(['graph', 'shop', '--dir', before]);
    expect(mermaid.exitCode).toBe(0);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.stdout).toContain('<-->|"gre shop-fabric mtu 1500"|');
    const dot = await cli(['graph', 'shop', '--dir', before, '--format', 'dot']);
    expect(dot.stdout.startsWith('digraph "shop" {')).toBe(true);
    const missing = await cli(['graph', 'nope', '--dir', before]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('no stack "nope" in');
  });

  it('diffs two git revisions, synthesizing each in a temporary worktree', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'cdn-git-'));
    try {
      const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo });
      await git('init', '-q');
      const app = (mongoPublished: boolean) => `
import { App, TerraformStack } from ${JSON.stringify(join(ROOT, 'lib', 'constructs', 'cdktf.js'))};
import { ContainerPort, DockerHost, Service } from ${JSON.stringify(join(ROOT, 'lib', 'index.js'))};
const app = new App();
const stack = new TerraformStack(app, 'web');
const host = new DockerHost(stack, 'local');
const db = new Service(stack, 'MongoDB', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
${mongoPublished ? 'db.publish(ContainerPort.tcp(27017));' : ''}
app.synth();
`;
      writeFileSync(join(repo, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${TSX} app.ts` }));
      writeFileSync(join(repo, 'app.ts'), app(false));
      await git('add', '.');
      await git('commit', '-qm', 'one');
      writeFileSync(join(repo, 'app.ts'), app(true));
      await git('commit', '-qam', 'two');

      const result = await cli(['diff', 'HEAD~1', 'HEAD'], repo);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('+ MongoDB: port 27017 now published on 0.0.0.0:27017   [risk: port newly published on all interfaces]');
      const unchanged = await cli(['diff', 'HEAD', 'HEAD'], repo);
      expect(unchanged.exitCode).toBe(0);
      expect((await git('worktree', 'list')).stdout.split('\n')).toHaveLength(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('cdktf-docker-network CLI across topology schema versions', () => {
  // topology.json of synthFabricApp() as the last release before fabric engines wrote it (schema version 1),
  // kept as it was: what a pull request's base on main holds while the pull request writes version 2.
  const v1 = join(import.meta.dirname, 'cli', 'fixtures', 'schema-v1-shop');
  const same = synthFabricApp();
  const changed = synthFabricApp({ fabric: { engine: FabricEngine.mesh({ loopPrevention: 'stp' }) }, hosts: ['host-a', 'host-b', 'host-c', 'host-d'] });
  afterAll(() => [same, changed].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the fixture is version 1, and this code writes version 2', () => {
    expect(JSON.parse(readFileSync(join(v1, 'topology.json'), 'utf8')).schemaVersion).toBe(1);
    expect(JSON.parse(readFileSync(join(same, 'stacks', 'shop', 'topology.json'), 'utf8')).schemaVersion).toBe(2);
  });

  it('diff of a version 1 file against the same stack written as version 2: no changes, both ways', async () => {
    for (const [old, now] of [[v1, same], [same, v1]]) {
      const result = await cli(['diff', old!, now!]);
      expect({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }).toEqual({ exitCode: 0, stdout: 'no network changes', stderr: '' });
    }
  });

  it('diff of a version 1 file against version 2 with real changes: exactly those', async () => {
    const result = await cli(['diff', v1, changed, '--format', 'json']);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 1, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      risky: 1,
      changes: [
        { stack: 'shop', scope: 'host host-d', sign: '+', text: 'host host-d (ssh://root@192.0.2.14)' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '~', text: 'loop prevention protected → stp', risk: 'loop-prevention change' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '+', text: 'host-d joins: block 10.50.3.0/24, underlay 192.0.2.14/24, underlay MTU 1542' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '+', text: 'tunnel host-a ↔ host-d (gre)' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '+', text: 'tunnel host-b ↔ host-d (gre)' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '+', text: 'tunnel host-c ↔ host-d (gre)' },
      ],
    });
  });

  it('graph draws a version 1 file as its version 2 reading', async () => {
    const [old, now] = await Promise.all([cli(['graph', 'shop', '--dir', v1]), cli(['graph', 'shop', '--dir', same])]);
    expect({ exitCode: old.exitCode, stderr: old.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(old.stdout).toBe(now.stdout);
  });
});

describe('cdktf-docker-network CLI on an OVN fabric', () => {
  const ovn = sampleOvnTopology();
  const engine = ovn.fabrics[0]!.engine;
  if (engine.type !== 'ovn') throw new Error('the OVN sample has an OVN engine');
  const grown = { ...ovn, fabrics: [{ ...ovn.fabrics[0]!, engine: { ...engine, chassis: [...engine.chassis, { host: 'host-e', systemId: 'host-e', encapIp: '192.0.2.15' }] } }] };
  let before = '';
  let after = '';
  beforeAll(() => {
    before = writeSynthOutput({ shop: ovn });
    after = writeSynthOutput({ shop: grown });
  });
  afterAll(() => [before, after].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('diff explains a chassis added and removed, the removal flagged', async () => {
    const added = await cli(['diff', before, after]);
    expect({ exitCode: added.exitCode, stdout: added.stdout }).toEqual({
      exitCode: 1,
      stdout: ['stack shop', '  fabric shop-fabric', '    + chassis host-e (geneve 192.0.2.15)', '', '1 change, 0 risky'].join('\n'),
    });
    const removed = await cli(['diff', after, before]);
    expect(removed.exitCode).toBe(1);
    expect(removed.stdout).toContain('    - chassis host-e (geneve 192.0.2.15)   [risk: tunnel removal]');
  });

  it('graph draws the logical switch and the central, not a tunnel per pair', async () => {
    const mermaid = await cli(['graph', 'shop', '--dir', before]);
    expect(mermaid.exitCode).toBe(0);
    expect(mermaid.stdout).toContain('  host_host_2dd <-->|"geneve shop-fabric mtu 1442"| lswitch_shop_2dfabric');
    expect(mermaid.stdout).toContain('  host_host_2dd -.->|"ovn-remote"| ovncentral_shop_2dfabric');
    expect(mermaid.stdout).not.toMatch(/host_\w+ <-->\|[^|]*\| host_/);
  });
});

describe('cdktf-docker-network CLI exit statuses and output', () => {
  const hostile = sampleTopology({
    services: HOSTILE_NAMES.map((name, i) => ({ ...sampleTopology().services[0]!, name, addresses: [{ network: 'shop-fabric', address: `10.50.1.${i + 2}` }] })),
  });
  let before = '';
  let after = '';
  beforeAll(() => {
    before = writeSynthOutput({ shop: sampleTopology() });
    after = writeSynthOutput({ shop: hostile });
  });
  afterAll(() => [before, after].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('--version and -V print the version of package.json and exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag]);
      expect({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }).toEqual({ exitCode: 0, stdout: VERSION, stderr: '' });
    }
  });

  it('--help, help and help <command> exit 0 and print the usage on stdout', async () => {
    for (const args of [['--help'], ['help'], ['help', 'diff'], ['diff', '--help']]) {
      const result = await cli(args);
      expect({ args, exitCode: result.exitCode, stderr: result.stderr }).toEqual({ args, exitCode: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Usage: cdktf-docker-network/);
    }
  });

  it('a usage error exits 2, not 1, so a pull-request job cannot mistake a typo for "changed"', async () => {
    const typo = await cli(['diff', before, after, '--fromat', 'markdown']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain("cdktf-docker-network: error: unknown option '--fromat'\n(Did you mean --format?)");
    expect(typo.stderr).toContain('Usage: cdktf-docker-network diff [options] <old> <new>');
  });

  it('diff --format markdown prints hostile names escaped, exactly as formatChangesMarkdown does', async () => {
    const result = await cli(['diff', before, after, '--format', 'markdown']);
    expect(result.exitCode).toBe(1);
    // topology.json is written in canonical order, and the CLI diffs what it reads.
    expect(result.stdout).toBe(formatChangesMarkdown(diffTopologies(canonicalTopology(sampleTopology()), canonicalTopology(hostile))).trimEnd());
    expect(result.stdout).toContain('- `+` `service @org/team (mongo:7.0) at 10.50.1.4`');
  });

  it('graph reads one stack directory as well as a synth output', async () => {
    const result = await cli(['graph', 'shop', '--dir', join(before, 'stacks', 'shop')]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  svc_host_2da_2fTomcat -->|"db"| svc_host_2da_2fMongoDB');
  });

  it('--version works from the compiled package too, two levels deeper, past a package.json of its own', async () => {
    const installed = mkdtempSync(join(tmpdir(), 'cdn-compiled-'));
    try {
      writeFileSync(join(installed, 'package.json'), readFileSync(join(ROOT, 'package.json')));
      symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
      const tsc = await execa(
        'node',
        [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--outDir', join(installed, 'dist'), '--rootDir', ROOT, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', CLI],
        { reject: false },
      );
      const compiled = join(installed, 'dist', 'bin', 'cdktf-docker-network.js');
      expect({ compiled: existsSync(compiled), tsc: existsSync(compiled) ? '' : tsc.stdout }).toEqual({ compiled: true, tsc: '' });
      // As npm run build does: the shell scripts next to the compiled modules (verify and repair run them).
      cpSync(join(ROOT, 'lib', 'shell', 'scripts'), join(installed, 'dist', 'lib', 'shell', 'scripts'), { recursive: true });
      // A build may leave a package.json in dist (e.g. only to set "type"): the walk must pass it by.
      writeFileSync(join(installed, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
      const result = await execa('node', [compiled, '--version'], { cwd: tmpdir(), reject: false });
      expect({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }).toEqual({ exitCode: 0, stdout: VERSION, stderr: '' });
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  });
});

describe('packageVersion', () => {
  let tree = '';
  beforeAll(() => (tree = mkdtempSync(join(tmpdir(), 'cdn-version-'))));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  const write = (dir: string, content: string) => {
    mkdirSync(join(tree, dir), { recursive: true });
    writeFileSync(join(tree, dir, 'package.json'), content);
  };

  it('is the version of this package when read from its own module', () => {
    expect(packageVersion()).toBe(VERSION);
  });

  it('walks up to the package.json named cdktf-docker-network, past others and past broken ones', () => {
    write('pkg', JSON.stringify({ name: 'cdktf-docker-network', version: '9.8.7' }));
    write('pkg/dist', JSON.stringify({ type: 'module' }));
    write('pkg/dist/lib', '{ not json');
    mkdirSync(join(tree, 'pkg', 'dist', 'lib', 'cli'), { recursive: true });
    expect(packageVersion(join(tree, 'pkg', 'dist', 'lib', 'cli'))).toBe('9.8.7');
  });

  it('says where it looked when there is none', () => {
    mkdirSync(join(tree, 'elsewhere', 'deep'), { recursive: true });
    const look = () => packageVersion(join(tree, 'elsewhere', 'deep'));
    expect(look).toThrow(CliError);
    expect(look).toThrow(`no package.json of cdktf-docker-network in ${join(tree, 'elsewhere', 'deep')} or any directory above it`);
  });
});
