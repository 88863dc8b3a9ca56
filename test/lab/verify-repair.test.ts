import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { connectivityMatrix, type LabEndpoint } from '../../lab/connectivity.js';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import { Lab, type LabHost } from '../../lab/lab.js';
import { labDockerHost } from '../../lab/lab-docker-host.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { terraformIn } from '../../lab/terraform.js';
import { App, LocalBackend, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, OverlayFabric, Service, StaticNetwork } from '../../lib/index.js';
import type { TopologyDocument } from '../../lib/report/topology-document.js';

/**
 * verify and repair on real kernels: two lab hosts, a static network in
 * provisioner mode with two containers on h1, and a fabric over both hosts
 * with one container each, deployed by real Terraform. Then drift made by
 * hand, each kind reported in words, and repair putting exactly that back.
 * CDN_CAPTURE_DIR, if set, receives the text of one drifted verify and of the
 * repair (docs/day-two.md quotes them).
 */
const PREFIX = 'cdnver';
const STACK = 'lab-verify';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'bin', 'cdktf-docker-network.ts');

describe('verify and repair (lab, root)', () => {
  let lab: Lab;
  let h1: LabHost;
  let h2: LabHost;
  let workdir: string;
  let stackDir: string;
  let fabric: OverlayFabric;
  let endpoints: LabEndpoint[];
  /** Names the library chose, read from topology.json. */
  let names: { webVeth: string; dbVeth: string; ovsBridge: string; dockerBridge: string; tunnelH1: string; tunnelH2: string };

  const cli = (...args: string[]) => execa(process.execPath, [TSX, CLI, ...args], { cwd: ROOT, reject: false, env: { CHECKPOINT_DISABLE: '1' } });
  const capture = (file: string, text: string) => {
    const dir = process.env.CDN_CAPTURE_DIR;
    if (dir) writeFileSync(join(dir, file), text);
  };
  const stateDirectory = (host: LabHost) => host.stateDirectory;
  /** The watcher the agent starts puts some drift back within seconds: stop it (by its pid file), so the drift stays for verify to see. */
  const stopWatchers = async () => {
    for (const host of [h1, h2]) {
      const pidFile = join(stateDirectory(host), STACK, 'watch.pid');
      if (!host || !existsSync(pidFile)) continue;
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      const command = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      if (!Number.isInteger(pid) || pid <= 1 || !command.includes(join(stateDirectory(host), STACK, 'watch.sh'))) continue;
      process.kill(-pid, 'SIGTERM');
      for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) await sleep(100);
      rmSync(pidFile, { force: true });
    }
  };
  /** Links, addresses, Open vSwitch records, namespace links and the containers' addresses: what verify must leave as it found it. */
  const snapshot = async () => {
    const hosts: string[] = [];
    for (const host of [h1, h2]) {
      hosts.push((await host.run('ip', ['-o', 'link', 'show'])).stdout.replace(/ qlen \d+/g, ''));
      hosts.push((await host.run('ip', ['-o', 'addr', 'show'])).stdout);
      hosts.push((await host.run('ovs-vsctl', ['--format=json', '--columns=name,type,options,mtu_request,external_ids', 'list', 'Interface'])).stdout);
      hosts.push((await host.run('ovs-vsctl', ['--format=json', '--columns=name,protected', 'list', 'Port'])).stdout);
      hosts.push((await host.run('ovs-vsctl', ['--format=json', '--columns=name,ports,datapath_type,stp_enable,rstp_enable,external_ids', 'list', 'Bridge'])).stdout);
    }
    const containers: string[] = [];
    for (const { name, labHost } of endpoints) containers.push(name, (await labHost.docker(['exec', name, 'ip', '-o', 'addr'])).stdout);
    return { hosts, containers, namespaces: readdirSync('/run/netns').sort() };
  };
  const containerPid = async (host: LabHost, name: string) => (await host.docker(['inspect', '--format', '{{.State.Pid}}', name])).stdout.trim();

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({
      prefix: PREFIX,
      hosts: [
        { name: 'h1', dockerBridge: { address: '10.42.1.1/24', fixedCidr: '10.42.1.0/25' }, underlayAddress: '192.168.77.11/24', openvswitch: true },
        { name: 'h2', dockerBridge: { address: '10.42.2.1/24' }, underlayAddress: '192.168.77.12/24', openvswitch: true },
      ],
    });
    h1 = lab.host('h1');
    h2 = lab.host('h2');
    await lab.importImage(IMAGE);

    workdir = mkdtempSync(join(tmpdir(), 'cdn-lab-verify-'));
    const app = new App({ outdir: join(workdir, 'out') });
    const stack = new TerraformStack(app, STACK);
    new LocalBackend(stack, { path: join(workdir, 'terraform.tfstate') });
    const dockerHost = (labHost: LabHost) => labDockerHost(stack, labHost);
    const [a, b] = [dockerHost(h1), dockerHost(h2)];
    const web = new Service(stack, 'web', { host: a, image: 'busybox:1.36' });
    const db = new Service(stack, 'db', { host: a, image: 'busybox:1.36' });
    // docker0 of h1 is 10.42.1.1/24 with --fixed-cidr 10.42.1.0/25: plan above it.
    const network = new StaticNetwork(stack, 'static', { host: a, mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' });
    network.assign(web);
    network.assign(db);
    fabric = new OverlayFabric(stack, 'fabric', { name: 'lab-fabric', subnet: '10.50.0.0/16', datapath: 'netdev' });
    fabric.addHost(a, { underlayAddress: '192.168.77.11/24', underlayInterface: 'u0' });
    fabric.addHost(b, { underlayAddress: '192.168.77.12/24', underlayInterface: 'u0' });
    const fabA = new Service(stack, 'fab-a', { host: a, image: 'busybox:1.36' });
    const fabB = new Service(stack, 'fab-b', { host: b, image: 'busybox:1.36' });
    fabric.assign(fabA);
    fabric.assign(fabB);
    app.synth();
    stackDir = join(workdir, 'out', 'stacks', STACK);

    const topology = JSON.parse(readFileSync(join(stackDir, 'topology.json'), 'utf8')) as TopologyDocument;
    const objects = (host: string) => topology.hosts.find((h) => h.name === host)!.objects!;
    const named = (host: string, kind: string, variable: string, value?: string) =>
      objects(host).find((o) => o.kind === kind && (value === undefined || o.variables[variable] === value))!.name;
    names = {
      webVeth: named('h1', 'static-attachment', 'CDN_CONTAINER', 'web'),
      dbVeth: named('h1', 'static-attachment', 'CDN_CONTAINER', 'db'),
      ovsBridge: fabric.ovsBridge,
      dockerBridge: fabric.dockerBridge,
      tunnelH1: named('h1', 'fabric-tunnel', 'CDN_TUNNEL_PORT'),
      tunnelH2: named('h2', 'fabric-tunnel', 'CDN_TUNNEL_PORT'),
    };

    // Terraform starts the containers the JSON declares, through the lab's stand-ins.
    writeLabDeployableConfig(stackDir, { image: IMAGE });
    endpoints = [
      { name: 'web', labHost: h1, address: network.plannedAddress(web)! },
      { name: 'db', labHost: h1, address: network.plannedAddress(db)! },
      { name: 'fab-a', labHost: h1, address: fabric.plannedAddress(fabA)! },
      { name: 'fab-b', labHost: h2, address: fabric.plannedAddress(fabB)! },
    ];
    await terraformIn(stackDir, ['init', '-input=false']);
    await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false']);
    await stopWatchers();
  }, LONG);

  afterAll(async () => {
    if (stackDir) await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false);
    if (h1) await stopWatchers();
    await lab?.destroy();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  }, LONG);

  it('the deployed stack verifies: exit 0, every object as planned, every container reaching the others', async () => {
    expect(endpoints.map((e) => e.address)).toEqual(['10.42.1.128', '10.42.1.129', '10.50.0.128', '10.50.1.128']);
    const result = await cli('verify', stackDir, '--reachability');
    expect({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }).toEqual({
      exitCode: 0,
      stdout: [
        `stack ${STACK}`,
        '  host h1: 4 objects as planned',
        '  host h2: 2 objects as planned',
        '',
        'no drift: 6 objects on 2 hosts as planned; every container reaches every planned address of its networks',
      ].join('\n'),
      stderr: '',
    });
  }, LONG);

  it('reports each drift in words and exits 1, changing nothing', async () => {
    await h1.run('ip', ['link', 'del', 'dev', names.webVeth]);
    const db = await containerPid(h1, 'db');
    await h1.run('nsenter', [`--net=/proc/${db}/ns/net`, 'ip', 'addr', 'flush', 'dev', 'eth1']);
    await h1.run('nsenter', [`--net=/proc/${db}/ns/net`, 'ip', 'addr', 'add', '10.42.1.200/24', 'dev', 'eth1']);
    await h1.run('ovs-vsctl', ['del-port', names.tunnelH1]);
    await h2.run('ip', ['link', 'set', 'dev', names.ovsBridge, 'nomaster']);
    // OVS sets the MTU of its ports from mtu_request and puts back any other (`ip link set mtu`
    // is undone at once), so the underlay MTU is changed where it is kept: in Open vSwitch.
    await h2.run('ovs-vsctl', ['set', 'interface', 'u0', 'mtu_request=1500']);
    for (let i = 0; i < 50 && !(await h2.run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout.includes(' mtu 1500 '); i++) await sleep(100);

    const before = await snapshot();
    const result = await cli('verify', stackDir);
    capture('verify-drift.txt', result.stdout);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    const under = (heading: string, finding: string) => {
      const at = lines.indexOf(heading);
      expect({ heading, found: at >= 0 }).toEqual({ heading, found: true });
      const block = lines.slice(at + 1, lines.findIndex((l, i) => i > at && !l.startsWith('      ! ')));
      expect(block).toContain(`      ! ${finding}`);
    };
    expect(lines.slice(0, 2)).toEqual([`stack ${STACK}`, '  host h1']);
    under('    static address 10.42.1.128/24 of web eth1', `veth ${names.webVeth} (the host end of eth1 in container web) is missing`);
    under('    static address 10.42.1.128/24 of web eth1', 'container web has no interface eth1');
    under('    static address 10.42.1.129/24 of db eth1', 'eth1 in container db has address 10.42.1.200/24, planned 10.42.1.129/24');
    under(`    fabric lab-fabric tunnel ${names.tunnelH1} to h2`, `tunnel port ${names.tunnelH1} to host h2 (192.168.77.12) is missing from bridge ${names.ovsBridge}`);
    expect(lines.indexOf('  host h2')).toBeGreaterThan(0);
    under(`    fabric lab-fabric bridge ${names.ovsBridge}`, `bridge ${names.ovsBridge} is not joined to the Docker bridge ${names.dockerBridge} (it is on no bridge)`);
    under(`    fabric lab-fabric bridge ${names.ovsBridge}`, 'underlay interface u0 has MTU 1500, planned 1542');
    under(`    fabric lab-fabric bridge ${names.ovsBridge}`, 'underlay interface u0 has mtu_request=1500 in Open vSwitch, planned 1542');
    expect(lines.at(-1)).toBe('4 drifted objects on 2 hosts');
    // What was not touched is not reported: h2's tunnel, h1's bridge.
    expect(result.stdout).not.toContain(names.tunnelH2);
    expect(lines.slice(0, lines.indexOf('  host h2')).filter((l) => l.startsWith('    fabric lab-fabric bridge'))).toEqual([]);

    const reachability = await cli('verify', stackDir, '--reachability', '--format', 'json');
    expect(reachability.exitCode).toBe(1);
    const hosts = JSON.parse(reachability.stdout).hosts as Array<{ host: string; reachability: string[] }>;
    expect(hosts.find((h) => h.host === 'h1')!.reachability).toEqual(
      expect.arrayContaining(['container web does not reach 10.42.1.129', 'container db does not reach 10.42.1.128', 'container fab-a does not reach 10.50.1.128']),
    );
    expect(hosts.find((h) => h.host === 'h2')!.reachability).toEqual(['container fab-b does not reach 10.50.0.128']);
    expect(await snapshot()).toEqual(before);
  }, LONG);

  it('repair re-runs the create scripts of exactly what drifted, exits 0, and the containers reach each other again', async () => {
    const result = await cli('repair', stackDir);
    capture('repair.txt', result.stdout);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const repaired = result.stdout.split('\n').filter((l) => l.startsWith('    repaired ') || l.startsWith('    could not repair '));
    expect(repaired.sort()).toEqual(
      [
        `    repaired fabric lab-fabric tunnel ${names.tunnelH1} to h2`,
        '    repaired static address 10.42.1.129/24 of db eth1',
        '    repaired static address 10.42.1.128/24 of web eth1',
        `    repaired fabric lab-fabric bridge ${names.ovsBridge}`,
      ].sort(),
    );
    expect(result.stdout).toContain('verify after the repair:\nstack lab-verify\n  host h1: 4 objects as planned\n  host h2: 2 objects as planned\n\nno drift: 6 objects on 2 hosts as planned');

    const verify = await cli('verify', stackDir, '--reachability');
    expect({ exitCode: verify.exitCode, last: verify.stdout.split('\n').at(-1) }).toEqual({
      exitCode: 0,
      last: 'no drift: 6 objects on 2 hosts as planned; every container reaches every planned address of its networks',
    });
    expect((await h2.run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout).toContain(' mtu 1542 ');
    const matrix = await connectivityMatrix(endpoints.filter((e) => e.name.startsWith('fab-')));
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
    expect((await connectivityMatrix(endpoints.filter((e) => !e.name.startsWith('fab-')))).filter((cell) => !cell.reachable)).toEqual([]);
  }, LONG);

  it('a stopped container is drift, not trouble; repair says why it cannot attach it until it runs again', async () => {
    await h1.docker(['stop', '-t', '0', 'web']);
    const verify = await cli('verify', stackDir);
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toContain('    static address 10.42.1.128/24 of web eth1\n');
    expect(verify.stdout).toContain('      ! container web is not running\n');

    const failed = await cli('repair', stackDir);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain(
      '    could not repair static address 10.42.1.128/24 of web eth1: the create script failed (exit 1): container web is not running: start it before attaching its static address; failed while finding container web (exit 1)',
    );

    await h1.docker(['start', 'web']);
    const repaired = await cli('repair', stackDir, '--reachability');
    expect({ exitCode: repaired.exitCode, stderr: repaired.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(repaired.stdout).toContain('    repaired static address 10.42.1.128/24 of web eth1\n');
  }, LONG);

  it('exits 2, saying so, when a host cannot be reached', async () => {
    const elsewhere = join(workdir, 'elsewhere');
    mkdirSync(elsewhere);
    const topology = JSON.parse(readFileSync(join(stackDir, 'topology.json'), 'utf8'));
    topology.hosts[1].reach.namespace = `${PREFIX}-gone`;
    writeFileSync(join(elsewhere, 'topology.json'), JSON.stringify(topology));
    for (const command of ['verify', 'repair']) {
      const result = await cli(command, elsewhere);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(
        `cdktf-docker-network: could not check host h2: lab namespace ${PREFIX}-gone does not exist (no /run/netns/${PREFIX}-gone): start the lab, or check the host's access in the code`,
      );
      expect(result.stdout).toContain('  host h1: 4 objects as planned\n  host h2\n    could not check: lab namespace');
    }
  }, LONG);

  it('exits 2, saying so, when a host does not answer over SSH (run from h1, on the underlay)', async () => {
    const overSsh = join(workdir, 'over-ssh');
    mkdirSync(overSsh);
    const topology = JSON.parse(readFileSync(join(stackDir, 'topology.json'), 'utf8'));
    // No sshd listens on h2: the connection is refused, inside the lab.
    topology.hosts[1].reach = { kind: 'ssh', host: '192.168.77.12', user: 'root', port: 22, sudo: false };
    writeFileSync(join(overSsh, 'topology.json'), JSON.stringify(topology));
    const result = await execa('nsenter', [`--net=/run/netns/${h1.namespace}`, process.execPath, TSX, CLI, 'verify', overSsh], {
      cwd: ROOT,
      reject: false,
      env: { CHECKPOINT_DISABLE: '1' },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'cdktf-docker-network: could not check host h2: cannot reach root@192.168.77.12 port 22 over SSH: ssh: connect to host 192.168.77.12 port 22: Connection refused. ' +
        'Check that `ssh -p 22 root@192.168.77.12 true` works without a prompt (verify and repair use BatchMode: your SSH agent or keys, no passwords)',
    );
    expect(result.stdout).toContain('  host h1: 4 objects as planned\n');
  }, LONG);
});
