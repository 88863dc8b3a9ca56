import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitFullConnectivity, connectivityMatrix, dontFragmentPing, tcpTransfer, type LabEndpoint } from '../../lab/connectivity.js';
import { containersInDocker, containersInJson } from '../../lab/deployed-containers.js';
import { readSynthesizedConfig } from '../../lab/docker-provider-stand-in.js';
import { synthLabFabric, type LabFabric } from '../../lab/fabric-stack.js';
import { fabricLabHosts, Lab } from '../../lab/lab.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { plannedChanges } from '../../lab/plan-shape.js';
import { planExitCode, terraformIn } from '../../lab/terraform.js';
import { FabricEngine } from '../../lib/index.js';

/**
 * The multi-host fabric on real Open vSwitch (userspace datapath) and real
 * Terraform: lab hosts joined by an underlay switch whose ports take jumbo
 * frames while the hosts' interfaces start at 1500, as on a real network.
 * Terraform deploys the synthesized Docker networks and containers too,
 * through stand-ins that run the docker CLI (lab/docker-provider-stand-in.ts).
 */
const PREFIX = 'cdnfab';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;
const HOSTS = ['h1', 'h2', 'h3', 'h4'];

describe('overlay fabric across lab hosts (lab, root)', () => {
  let lab: Lab;
  let workdir: string;
  let current: LabFabric;

  const endpoints = (labFabric: LabFabric): LabEndpoint[] =>
    labFabric.services.map(({ service, labHost }) => ({ name: service.name, labHost, address: labFabric.fabric.plannedAddress(service)! }));
  const synth = (hostNames: string[], stackName = 'lab-fabric', more: Partial<Parameters<typeof synthLabFabric>[0]> = {}) =>
    synthLabFabric({ lab, hostNames, image: IMAGE, outdir: join(workdir, stackName), stackName, statePath: join(workdir, `${stackName}.tfstate`), ...more });
  /** A fresh fabric stack on h1–h3 (after removing whatever a failed earlier test left under the same names). */
  const deployFresh = async (stackName: string, more: Partial<Parameters<typeof synthLabFabric>[0]>) => {
    for (const name of HOSTS) {
      const host = lab.host(name);
      const ids = (await host.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
      if (ids.length) await host.docker(['rm', '-f', ...ids]);
      await host.docker(['network', 'rm', 'lab-fabric'], { reject: false });
    }
    const fresh = synth(HOSTS.slice(0, 3), stackName, more);
    await terraformIn(fresh.stackDir, ['init', '-input=false']);
    current = fresh;
    await terraformIn(fresh.stackDir, ['apply', '-auto-approve', '-input=false']);
    return fresh;
  };
  const ovsLeftovers = async (hostNames: string[]) => {
    const found: string[] = [];
    for (const name of hostNames) {
      const host = lab.host(name);
      const bridges = (await host.run('ovs-vsctl', ['list-br'])).stdout.split('\n').filter(Boolean);
      const ports = (await host.run('ovs-vsctl', ['--data=bare', '--no-heading', '--columns=name', 'list', 'interface'])).stdout.split('\n').filter(Boolean);
      found.push(...bridges.map((b) => `${name}: bridge ${b}`), ...ports.map((p) => `${name}: interface ${p}`));
    }
    return found;
  };

  /** Containers and user-defined networks left on the hosts: a destroy removes what the stand-ins made. */
  const dockerLeftovers = async (hostNames: string[]) => {
    const found: string[] = [];
    for (const name of hostNames) {
      const host = lab.host(name);
      const containers = (await host.docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean);
      const networks = (await host.docker(['network', 'ls', '--filter', 'type=custom', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean);
      found.push(...containers.map((c) => `${name}: container ${c}`), ...networks.map((n) => `${name}: network ${n}`));
    }
    return found;
  };

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({
      prefix: PREFIX,
      hosts: fabricLabHosts(HOSTS),
    });
    await lab.importImage(IMAGE);
    workdir = mkdtempSync(join(tmpdir(), 'cdn-lab-fabric-'));
    current = synth(HOSTS.slice(0, 3));
    await terraformIn(current.stackDir, ['init', '-input=false']);
  }, LONG);

  afterAll(async () => {
    if (current) await terraformIn(current.stackDir, ['destroy', '-auto-approve', '-input=false'], false);
    await lab?.destroy();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  }, LONG);

  it('three hosts: every container reaches every other across hosts', async () => {
    await terraformIn(current.stackDir, ['apply', '-auto-approve', '-input=false']);
    const matrix = await connectivityMatrix(endpoints(current));
    expect(matrix).toHaveLength(6);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
    expect(await planExitCode(current.stackDir)).toBe(0);
  }, LONG);

  it('runs each container as the synthesized JSON says: environment, published ports, address and network MTU', async () => {
    const expected = containersInJson(readSynthesizedConfig(current.stackDir));
    expect(expected.map((c) => c.name).sort()).toEqual(['ElasticSearch', 'MongoDB', 'Tomcat']);
    const tomcat = expected.find((c) => c.name === 'Tomcat')!;
    expect(tomcat.ports).toEqual(['0.0.0.0:443->8443/tcp', '0.0.0.0:80->8080/tcp']);
    expect(tomcat.env).toEqual([expect.stringMatching(/^JAVA_OPTS=-Des\.node\.hosts=10\.50\.0\.128 /)]);
    expect(tomcat.networks).toEqual([{ network: 'lab-fabric', address: '10.50.2.128', mtuOption: '1500', interfaceMtu: '1500' }]);
    expect(await containersInDocker(expected)).toEqual(expected);
  }, LONG);

  it('no two containers share an address, even those Docker addresses by itself', async () => {
    // The article's collision: a container on each host that Docker addresses on its own.
    const dynamic: LabEndpoint[] = [];
    for (const name of HOSTS.slice(0, 3)) {
      const labHost = lab.host(name);
      await labHost.docker(['run', '-d', '--name', `dyn-${name}`, '--network', current.fabric.name, IMAGE]);
      const address = (await labHost.docker(['inspect', '--format', `{{(index .NetworkSettings.Networks "${current.fabric.name}").IPAddress}}`, `dyn-${name}`])).stdout.trim();
      dynamic.push({ name: `dyn-${name}`, labHost, address });
    }
    const all = [...endpoints(current), ...dynamic];
    const addresses = all.map((e) => e.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    const matrix = await connectivityMatrix(all);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
    for (const d of dynamic) await d.labHost.docker(['rm', '-f', d.name]);
  }, LONG);

  it('a full-size packet crosses without fragmentation, one byte more does not', async () => {
    const [es, mongo] = endpoints(current);
    const { largestPingPayload, containerMtu, underlayMtu } = current.fabric.mtu();
    expect({ containerMtu, underlayMtu, largestPingPayload }).toEqual({ containerMtu: 1500, underlayMtu: 1542, largestPingPayload: 1472 });
    expect(await dontFragmentPing(es!, mongo!, largestPingPayload)).toBe(true);
    expect(await dontFragmentPing(es!, mongo!, largestPingPayload + 1)).toBe(false);
  }, LONG);

  it('a TCP bulk transfer across the overlay completes', async () => {
    const [es, , tomcat] = endpoints(current);
    const result = await tcpTransfer(tomcat!, es!, 20 * 1024 * 1024);
    // iperf3 -n sends at least the bytes asked for, in whole blocks; the receiver's count stops
    // when the client reports the end, so it may miss what was still in flight.
    expect(result.sentBytes).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    expect(result.receivedBytes).toBeGreaterThan(0);
  }, LONG);

  it("adding a fourth host touches every other host (reported: a tunnel to it and a re-run of each peer's reconcile step), and keeps the first three connected", async () => {
    const grown = synth(HOSTS);
    const plan = await terraformIn(grown.stackDir, ['plan', '-input=false', '-out=grow.tfplan']);
    expect(plan.exitCode).toBe(0);
    const changes = await plannedChanges(lab, grown.stackDir, 'grow.tfplan');
    // The mesh's plan shape, as it is: unlike OVN (ovn-fabric.test.ts), the n-th host changes the n−1 others.
    expect([...new Set(changes.map((c) => c.host))].sort()).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(changes.filter((c) => c.host !== 'h4').map((c) => `${c.host} ${c.actions} ${c.address.replace(/_[0-9A-F]{8}$/i, '')}`).sort()).toEqual([
      'h1 create terraform_data.fabric_h1-to-h4_resource',
      'h1 delete+create terraform_data.h1_agent_reconcile_resource',
      'h2 create terraform_data.fabric_h2-to-h4_resource',
      'h2 delete+create terraform_data.h2_agent_reconcile_resource',
      'h3 create terraform_data.fabric_h3-to-h4_resource',
      'h3 delete+create terraform_data.h3_agent_reconcile_resource',
    ]);
    // Each peer's agent is replaced (its ledger gains the tunnel to h4), so its reconcile step runs again; nothing else of a peer changes.
    const replaced = changes.filter((c) => c.actions !== 'create');
    expect(replaced.map((c) => c.actions)).toEqual(['delete+create', 'delete+create', 'delete+create']);
    const created = changes.filter((c) => c.actions === 'create');
    // The new host's Docker network, its probe's image and container, its bridge, a tunnel each way
    // between it and each of the three, its readiness barrier and its agent.
    expect(created.map((c) => c.address).sort()).toEqual(
      [
        'docker_network__fabric_h4-network',
        'docker_image__Probe-h4_image',
        'docker_container__Probe-h4_container',
        'fabric_h4-bridge',
        'fabric_h1-to-h4',
        'fabric_h2-to-h4',
        'fabric_h3-to-h4',
        'fabric_h4-to-h1',
        'fabric_h4-to-h2',
        'fabric_h4-to-h3',
        'fabric_h4-ready',
        'h4_agent_reconcile',
      ]
        .map((prefix) => created.find((c) => c.address.startsWith(`terraform_data.${prefix}_`))?.address)
        .sort(),
    );
    expect(changes).toHaveLength(15);
    await terraformIn(grown.stackDir, ['apply', '-auto-approve', '-input=false', 'grow.tfplan']);
    current = grown;
    const matrix = await connectivityMatrix(endpoints(grown));
    expect(matrix).toHaveLength(12);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
  }, LONG);

  it('destroy leaves no OVS bridge, port or tunnel, no netns entry, and the underlay as it was', async () => {
    await terraformIn(current.stackDir, ['destroy', '-auto-approve', '-input=false']);
    expect(await ovsLeftovers(HOSTS)).toEqual([]);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith('cdn-'))).toEqual([]);
    expect(await dockerLeftovers(HOSTS)).toEqual([]);
    for (const [i, name] of HOSTS.entries()) {
      const u0 = (await lab.host(name).run('ip', ['-o', '-4', 'addr', 'show', 'dev', 'u0'])).stdout;
      expect(u0).toContain(`inet 192.168.77.${11 + i}/24`);
      expect((await lab.host(name).run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout).toContain(' mtu 1500 ');
    }
  }, LONG);

  it('with spanning tree (the article\'s choice) the full mesh also reaches full connectivity', async () => {
    const stp = await deployFresh('lab-fabric-stp', { engine: FabricEngine.mesh({ loopPrevention: 'stp' }) });
    const stpEnabled = (await lab.host('h1').run('ovs-vsctl', ['get', 'bridge', stp.fabric.ovsBridge, 'stp_enable'])).stdout.trim();
    expect(stpEnabled).toBe('true');
    // No timing limit here: spanning tree takes about 30 s to forward; timings belong in bench/.
    const matrix = await awaitFullConnectivity(endpoints(stp), 180_000);
    expect(matrix.filter((cell) => !cell.reachable)).toEqual([]);
    await terraformIn(stp.stackDir, ['destroy', '-auto-approve', '-input=false']);
    expect(await ovsLeftovers(HOSTS)).toEqual([]);
  }, LONG);

  it('VXLAN with lower-containers keeps the underlay at 1500 and still carries full-size packets', async () => {
    const vxlan = await deployFresh('lab-fabric-vxlan', { engine: FabricEngine.mesh({ tunnel: 'vxlan' }), fabricProps: { mtuPolicy: 'lower-containers', underlayMtu: 1500 } });
    const { containerMtu, underlayMtu, largestPingPayload } = vxlan.fabric.mtu();
    expect({ containerMtu, underlayMtu, largestPingPayload }).toEqual({ containerMtu: 1450, underlayMtu: 1500, largestPingPayload: 1422 });
    const [es, mongo, tomcat] = endpoints(vxlan);
    expect((await connectivityMatrix(endpoints(vxlan))).filter((cell) => !cell.reachable)).toEqual([]);
    expect(await dontFragmentPing(es!, mongo!, 1422)).toBe(true);
    expect(await dontFragmentPing(es!, mongo!, 1423)).toBe(false);
    // The containers' interfaces have the MTU of the JSON's Docker network, not Docker's default.
    const expected = containersInJson(readSynthesizedConfig(vxlan.stackDir));
    expect(expected.flatMap((c) => c.networks.map((n) => n.mtuOption))).toEqual(['1450', '1450', '1450']);
    expect(await containersInDocker(expected)).toEqual(expected);
    expect((await tcpTransfer(tomcat!, mongo!, 10 * 1024 * 1024)).sentBytes).toBe(10 * 1024 * 1024);
    expect((await lab.host('h1').run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout).toContain(' mtu 1500 ');
    await terraformIn(vxlan.stackDir, ['destroy', '-auto-approve', '-input=false']);
    expect(await ovsLeftovers(HOSTS)).toEqual([]);
    expect(await dockerLeftovers(HOSTS)).toEqual([]);
  }, LONG);
});
