import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab, type LabHost } from '../../lab/lab.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, Connectivity, DockerHost, EncompassStack, HostAccess, StaticNetwork } from '../../lib/index.js';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import { isDockerStandIn } from '../../lab/docker-stand-ins.js';
import { planExitCode, stateResources, terraformIn } from '../../lab/terraform.js';

/**
 * Provisioner mode on a real kernel: one lab host (a network namespace with its
 * own dockerd and Open vSwitch), the ES/MongoDB/Tomcat containers, and real
 * Terraform applying the synthesized stack — the containers through stand-ins
 * that run the docker CLI, then the static-address attachments — on docker0 as
 * in the article, and on an Open vSwitch bridge.
 */
const PREFIX = 'cdnstat';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;

describe('static addresses by veth/netns provisioners (lab, root)', () => {
  let lab: Lab;
  let host: LabHost;
  let outdir: string;
  let stackDir: string;
  let app: EncompassStack;
  let ovsNetwork: StaticNetwork;

  const ping = (from: string, address: string) =>
    host.docker(['exec', from, 'ping', '-c', '1', '-W', '2', address], { reject: false }).then((r) => r.exitCode);
  /** Interfaces and addresses of the host and of every container, for before/after comparisons. */
  const snapshot = async () => {
    const hostLinks = (await host.run('ip', ['-o', 'link', 'show'])).stdout.replace(/\\.*$/gm, '');
    const hostAddresses = (await host.run('ip', ['-o', 'addr', 'show'])).stdout;
    const containers: string[] = [];
    for (const name of ['ElasticSearch', 'MongoDB', 'Tomcat']) {
      containers.push(name, (await host.docker(['exec', name, 'ip', '-o', 'addr'])).stdout);
      containers.push((await host.docker(['exec', name, 'ip', 'route'])).stdout);
    }
    return { hostLinks: hostLinks.split('\n').map((l) => l.replace(/ qlen \d+/, '').replace(/state \w+/, '')).sort(), hostAddresses, containers };
  };
  /** The static-address attachments in the state: not the Docker resources' stand-ins, nor the host's agent (test/lab/day-two.test.ts covers that). */
  const attachments = async () =>
    (await stateResources(stackDir)).filter((r) => r.type === 'terraform_data' && !isDockerStandIn(r.name) && !/_agent_reconcile_/.test(r.name));
  const leftovers = async () => ({
    interfaces: (await host.run('ip', ['-o', 'link', 'show'])).stdout.split('\n').filter((l) => /: cd[np][0-9a-f]{10}[@:]/.test(l)),
    namespaces: readdirSync('/run/netns').filter((n) => n.startsWith('cdn-')),
    ovsPorts: (await host.run('ovs-vsctl', ['list-ports', 'br-lab'])).stdout.split('\n').filter(Boolean),
  });

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({
      prefix: PREFIX,
      hosts: [{ name: 'h1', dockerBridge: { address: '10.42.1.1/24', fixedCidr: '10.42.1.0/25' }, openvswitch: true }],
    });
    host = lab.host('h1');
    await lab.importImage(IMAGE);
    // A second L2 segment: an Open vSwitch bridge with the userspace datapath (no OVS kernel module here).
    await host.run('ovs-vsctl', ['add-br', 'br-lab', '--', 'set', 'bridge', 'br-lab', 'datapath_type=netdev']);

    outdir = mkdtempSync(join(tmpdir(), 'cdn-lab-static-'));
    const cdk = new App({ outdir });
    const stack = new TerraformStack(cdk, 'lab-static');
    const dockerHost = new DockerHost(stack, 'h1', {
      endpoint: host.dockerHost,
      // Lab hosts share one filesystem: each keeps the library's state in its own directory.
      stateDirectory: host.stateDirectory,
      access: HostAccess.labNamespace({ namespace: host.namespace, environment: host.environment }),
    });
    app = new EncompassStack(stack, 'encompass', {
      host: dockerHost,
      connectivity: Connectivity.PORT_MAPPING,
      // docker0 of the lab host is 10.42.1.1/24 with --fixed-cidr 10.42.1.0/25: plan above it.
      staticAddresses: { mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' },
    });
    ovsNetwork = new StaticNetwork(stack, 'ovs', {
      host: dockerHost,
      mode: AddressMode.PROVISIONER,
      subnet: '10.77.0.0/24',
      bridge: { kind: 'ovs', name: 'br-lab' },
      interfaceName: 'eth2',
    });
    ovsNetwork.assign(app.mongodb, { mac: '02:42:0a:4d:00:02' });
    ovsNetwork.assign(app.tomcat);
    cdk.synth();
    stackDir = join(outdir, 'stacks', 'lab-static');
    writeLabDeployableConfig(stackDir, { image: IMAGE });
    await terraformIn(stackDir, ['init', '-input=false']);
  }, LONG);

  afterAll(async () => {
    if (stackDir) await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false);
    await lab?.destroy();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  }, LONG);

  it('apply gives every container its planned address; each answers ping from the others', async () => {
    await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false']);
    const addresses = {
      ElasticSearch: app.staticNetwork!.plannedAddress(app.elasticsearch)!,
      MongoDB: app.staticNetwork!.plannedAddress(app.mongodb)!,
      Tomcat: app.staticNetwork!.plannedAddress(app.tomcat)!,
    };
    expect(addresses).toEqual({ ElasticSearch: '10.42.1.128', MongoDB: '10.42.1.129', Tomcat: '10.42.1.130' });
    for (const [name, address] of Object.entries(addresses)) {
      expect((await host.docker(['exec', name, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth1'])).stdout).toContain(`inet ${address}/24`);
      for (const from of Object.keys(addresses).filter((n) => n !== name)) expect(await ping(from, address)).toBe(0);
    }
  }, LONG);

  it('joins an Open vSwitch bridge, tagging the port for its container', async () => {
    const mongo = ovsNetwork.plannedAddress(app.mongodb)!;
    expect(mongo).toBe('10.77.0.2');
    expect((await host.docker(['exec', 'MongoDB', 'ip', 'link', 'show', 'eth2'])).stdout).toContain('link/ether 02:42:0a:4d:00:02');
    expect(await ping('Tomcat', mongo)).toBe(0);
    const ports = (await host.run('ovs-vsctl', ['list-ports', 'br-lab'])).stdout.split('\n').filter(Boolean);
    expect(ports).toHaveLength(2);
    const tags = (await host.run('ovs-vsctl', ['--data=bare', '--no-heading', '--columns=external_ids', 'find', 'interface', 'external_ids:container_iface=eth2'])).stdout;
    expect(tags).toContain('container_id=MongoDB');
    expect(tags).toContain('container_id=Tomcat');
  }, LONG);

  it('a second apply changes nothing', async () => {
    expect(await planExitCode(stackDir)).toBe(0);
  }, LONG);

  it('running each create script twice by hand leaves the same interfaces and addresses', async () => {
    const before = await snapshot();
    const attached = await attachments();
    expect(attached).toHaveLength(5);
    for (let round = 0; round < 2; round++) {
      for (const attachment of attached) {
        const { create, variables } = attachment.values.input;
        const run = await host.run('sh', ['-c', create], { env: variables, reject: false });
        expect({ address: attachment.address, exitCode: run.exitCode, stderr: run.stderr }).toEqual({ address: attachment.address, exitCode: 0, stderr: '' });
      }
    }
    expect(await snapshot()).toEqual(before);
  }, LONG);

  it('after a restart the address is gone, and terraform apply -replace brings it back', async () => {
    const mongo = app.staticNetwork!.plannedAddress(app.mongodb)!;
    await host.docker(['restart', '-t', '0', 'MongoDB']);
    expect(await ping('Tomcat', mongo)).not.toBe(0);
    // Same container id, so Terraform sees no change: `terraform apply -replace` on the attachments restores them by hand.
    const addresses = (await attachments()).filter((r) => r.values.input.variables.CDN_CONTAINER === 'MongoDB').map((r) => r.address);
    expect(addresses).toHaveLength(2);
    await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false', ...addresses.map((a) => `-replace=${a}`)]);
    expect(await ping('Tomcat', mongo)).toBe(0);
    expect(await ping('Tomcat', ovsNetwork.plannedAddress(app.mongodb)!)).toBe(0);
  }, LONG);

  it('destroy leaves no veth, no /run/netns entry and no Open vSwitch port behind', async () => {
    // The attachments only: the containers stay, to show their interfaces are gone too.
    const targets = (await attachments()).map((r) => `-target=${r.address}`);
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false', ...targets]);
    expect(await leftovers()).toEqual({ interfaces: [], namespaces: [], ovsPorts: [] });
    for (const name of ['ElasticSearch', 'MongoDB', 'Tomcat']) {
      expect((await host.docker(['exec', name, 'ip', 'link'])).stdout).not.toMatch(/eth[12]/);
    }
  }, LONG);

  it('fails with the step and the fix when a container is not running, leaving nothing behind', async () => {
    await host.docker(['stop', '-t', '0', 'ElasticSearch']);
    const result = await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false'], false);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('container ElasticSearch is not running: start it before attaching its static address');
    expect(result.stdout + result.stderr).toContain('failed while finding container ElasticSearch');
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false']);
    expect(await leftovers()).toEqual({ interfaces: [], namespaces: [], ovsPorts: [] });
    // …and the containers' stand-ins removed the containers.
    expect((await host.docker(['ps', '-a', '--format', '{{.Names}}'])).stdout).toBe('');
  }, LONG);
});
