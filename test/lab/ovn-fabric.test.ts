import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitFullConnectivity, connectivityMatrix, dontFragmentPing, tcpTransfer, type LabEndpoint } from '../../lab/connectivity.js';
import { synthLabFabric, type LabFabric } from '../../lab/fabric-stack.js';
import { hostSnapshot, type HostSnapshot } from '../../lab/host-snapshot.js';
import { fabricLabHosts, Lab, type LabHost } from '../../lab/lab.js';
import { plannedChanges } from '../../lab/plan-shape.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { planExitCode, terraformIn } from '../../lab/terraform.js';
import { FabricEngine, type DockerHost } from '../../lib/index.js';

/**
 * The fabric on Open Virtual Network, with real OVN (Debian's ovn-central and
 * ovn-host), real Open vSwitch (userspace datapath, Geneve) and real Terraform:
 * the northbound and southbound databases clustered (Raft) on h1–h3, a chassis
 * on every host, a logical switch port per container. Terraform also deploys
 * the containers, through the Docker stand-ins (lab/docker-provider-stand-in.ts).
 */
const PREFIX = 'cdnovn';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;
const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5'];
const CENTRAL = ['h1', 'h2', 'h3'];

describe('OVN fabric across lab hosts (lab, root)', () => {
  let lab: Lab;
  let workdir: string;
  let current: LabFabric;
  const before = new Map<string, HostSnapshot>();

  const endpoints = (labFabric: LabFabric): LabEndpoint[] =>
    labFabric.services.map(({ service, labHost }) => ({ name: service.name, labHost, address: labFabric.fabric.plannedAddress(service)! }));
  const synth = (hostNames: string[], extraProbeOn?: string) =>
    synthLabFabric({
      lab,
      hostNames,
      image: IMAGE,
      outdir: join(workdir, 'ovn'),
      stackName: 'lab-ovn',
      statePath: join(workdir, 'lab-ovn.tfstate'),
      engine: (hosts: readonly DockerHost[]) => FabricEngine.ovn({ central: hosts.filter((h) => CENTRAL.includes(h.name)) }),
      ...(extraProbeOn ? { extraProbes: [extraProbeOn] } : {}),
    });
  /** Processes still running with a file of the host's state directory on their command line (our OVN daemons keep theirs there). */
  const daemonsOf = (host: LabHost): string[] =>
    readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .flatMap((pid) => {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
          return cmdline.includes(host.stateDirectory) && !cmdline.includes('watch.sh') ? [cmdline.split(' ')[0]!] : [];
        } catch {
          return [];
        }
      });
  const ovnSettings = async (host: LabHost) =>
    (await host.run('ovs-vsctl', ['--if-exists', 'get', 'open_vswitch', '.', 'external_ids'])).stdout.match(/ovn-[a-z-]+|system-id/g) ?? [];

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({ prefix: PREFIX, hosts: fabricLabHosts(HOSTS) });
    await lab.importImage(IMAGE);
    for (const name of HOSTS) before.set(name, await hostSnapshot(lab.host(name)));
    workdir = mkdtempSync(join(tmpdir(), 'cdn-lab-ovn-'));
    current = synth(HOSTS.slice(0, 4));
    await terraformIn(current.stackDir, ['init', '-input=false']);
  }, LONG);

  afterAll(async () => {
    if (current) await terraformIn(current.stackDir, ['destroy', '-auto-approve', '-input=false'], false);
    await lab?.destroy();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  }, LONG);

  it('four hosts: every container reaches every other, and a second plan is empty', async () => {
    await terraformIn(current.stackDir, ['apply', '-auto-approve', '-input=false']);
    const matrix = await connectivityMatrix(endpoints(current));
    expect(matrix).toHaveLength(12);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
    expect(await planExitCode(current.stackDir)).toBe(0);
  }, LONG);

  it('ovn-controller, not Terraform, made a Geneve tunnel from every host to every other', async () => {
    for (const name of HOSTS.slice(0, 4)) {
      const tunnels = (await lab.host(name).run('ovs-vsctl', ['--data=bare', '--no-heading', '--columns=options', 'find', 'interface', 'type=geneve'])).stdout;
      const remotes = [...tunnels.matchAll(/remote_ip=(\S+)/g)].map((m) => m[1]).sort();
      expect(remotes).toEqual(HOSTS.slice(0, 4).filter((h) => h !== name).map((h) => lab.host(h).options.underlayAddress!.split('/')[0]).sort());
    }
  }, LONG);

  it('a full-size packet crosses without fragmentation, one byte more does not, and TCP completes', async () => {
    const [es, mongo, tomcat] = endpoints(current);
    const { largestPingPayload, containerMtu, underlayMtu } = current.fabric.mtu();
    expect({ containerMtu, underlayMtu, largestPingPayload }).toEqual({ containerMtu: 1500, underlayMtu: 1558, largestPingPayload: 1472 });
    expect(await dontFragmentPing(es!, mongo!, largestPingPayload)).toBe(true);
    expect(await dontFragmentPing(es!, mongo!, largestPingPayload + 1)).toBe(false);
    const transfer = await tcpTransfer(tomcat!, es!, 8 * 1024 * 1024);
    expect(transfer.sentBytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(transfer.receivedBytes).toBeGreaterThan(0);
  }, LONG);

  it('adding a fifth host plans changes for that host only, and it joins the matrix', async () => {
    const grown = synth(HOSTS);
    expect((await terraformIn(grown.stackDir, ['plan', '-input=false', '-out=grow.tfplan'])).exitCode).toBe(0);
    const changes = await plannedChanges(lab, grown.stackDir, 'grow.tfplan');
    expect(changes.filter((c) => c.host !== 'h5')).toEqual([]);
    expect(changes.filter((c) => c.actions !== 'create')).toEqual([]);
    // Its probe's image and container, its chassis, the probe's port, and its agent.
    const names = changes.map((c) => c.address.replace(/^terraform_data\./, '').replace(/_[0-9A-F]{8}$/i, '').replace(/-port-[0-9a-f]{6}_attachment_resource$/, '-port'));
    expect(names.sort()).toEqual(
      ['docker_container__Probe-h5_container', 'docker_image__Probe-h5_image', 'fabric_Probe-h5-port', 'fabric_h5-chassis_resource', 'h5_agent_reconcile_resource'].sort(),
    );
    await terraformIn(grown.stackDir, ['apply', '-auto-approve', '-input=false', 'grow.tfplan']);
    current = grown;
    const matrix = await connectivityMatrix(endpoints(grown));
    expect(matrix).toHaveLength(20);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
  }, LONG);

  it('losing one of the three central hosts keeps the data plane, and a new port can still be added', async () => {
    const lost = lab.host('h3');
    await lost.run('ip', ['link', 'set', 'dev', 'u0', 'down']);
    try {
      const withNewProbe = synth(HOSTS, 'h4');
      expect((await terraformIn(withNewProbe.stackDir, ['plan', '-input=false', '-out=probe.tfplan'])).exitCode).toBe(0);
      const changes = await plannedChanges(lab, withNewProbe.stackDir, 'probe.tfplan');
      expect([...new Set(changes.map((c) => c.host))]).toEqual(['h4']);
      await terraformIn(withNewProbe.stackDir, ['apply', '-auto-approve', '-input=false', 'probe.tfplan']);
      current = withNewProbe;
      const reachable = endpoints(withNewProbe).filter((e) => e.labHost !== lost);
      const matrix = await connectivityMatrix(reachable);
      expect(matrix).toHaveLength(reachable.length * (reachable.length - 1));
      expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
    } finally {
      await lost.run('ip', ['link', 'set', 'dev', 'u0', 'up']);
    }
    // Back on the underlay, the lost host's containers are reached again, the new port included:
    // once its ovn-controller has reconnected to the southbound database (its reconnect backoff
    // has grown to seconds while the central was away) and installed the new port's flows.
    const matrix = await awaitFullConnectivity(endpoints(current), 60_000);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
  }, LONG);

  it('destroy leaves every host as it was: no bridge, port, OVN setting, daemon, state, netns entry or container', async () => {
    await terraformIn(current.stackDir, ['destroy', '-auto-approve', '-input=false']);
    const left: string[] = [];
    for (const name of HOSTS) {
      const host = lab.host(name);
      const now = await hostSnapshot(host);
      const was = before.get(name)!;
      for (const key of Object.keys(now) as Array<keyof HostSnapshot>) {
        left.push(...now[key].filter((item) => !was[key].includes(item)).map((item) => `${name}: ${key} ${item}`));
        left.push(...was[key].filter((item) => !now[key].includes(item)).map((item) => `${name}: ${key} gone: ${item}`));
      }
      left.push(...(await ovnSettings(host)).map((setting) => `${name}: Open vSwitch external_ids:${setting}`));
      left.push(...daemonsOf(host).map((daemon) => `${name}: daemon ${daemon}`));
      left.push(...(await host.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean).map((id) => `${name}: container ${id}`));
    }
    expect(left).toEqual([]);
  }, LONG);
});
