import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab, type LabHost } from '../../lab/lab.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { App } from '../../lib/constructs/cdktf.js';
import { ContainerPort } from '../../lib/model/container-port.js';
import { legacyLinkEnvironment } from '../../lib/model/legacy-link-environment.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';

/**
 * Native mode as far as Docker allows without the provider plugin (which cannot
 * be downloaded here): the lab creates the synthesized networks and containers
 * with the docker CLI, argument for argument as the provider would, and checks
 * that real Docker accepts the planned addresses and that the services reach
 * each other at the addresses in Tomcat's link variables. Then Docker's own
 * `--link` is compared with the variables the library computes.
 */
const PREFIX = 'cdnnat';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;

type Resource = Record<string, any>;

describe('native static addresses and link variables against real Docker (lab, root)', () => {
  let lab: Lab;
  let host: LabHost;
  let outdir: string;
  let config: { resource: Record<string, Record<string, Resource>> };

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({ prefix: PREFIX, hosts: [{ name: 'h1', dockerBridge: { address: '10.42.9.1/24' } }] });
    host = lab.host('h1');
    await lab.importImage(IMAGE);
    outdir = mkdtempSync(join(tmpdir(), 'cdn-lab-native-'));
    const app = new App({ outdir });
    new EncompassEnvironment(app, ENVIRONMENTS['staging-static']);
    app.synth();
    config = JSON.parse(readFileSync(join(outdir, 'stacks', 'staging-static', 'cdk.tf.json'), 'utf8'));
  }, LONG);

  afterAll(async () => {
    await lab?.destroy();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  }, LONG);

  /** docker_network.<id>.name → the network's name. */
  const networkName = (reference: string) => {
    const id = /^\$\{docker_network\.([^.]+)\.name\}$/.exec(reference)?.[1];
    return config.resource.docker_network![id!]!.name as string;
  };

  it('Docker accepts the synthesized networks and addresses, and the link variables point at reachable services', async () => {
    for (const network of Object.values(config.resource.docker_network!)) {
      const ipam = network.ipam_config?.[0];
      await host.docker([
        'network', 'create', '--driver', network.driver,
        ...(ipam ? ['--subnet', ipam.subnet, '--gateway', ipam.gateway, '--ip-range', ipam.ip_range] : []),
        network.name,
      ]);
    }
    // Targets before recipients, as Terraform orders them through the references.
    const all = Object.values(config.resource.docker_container!);
    const containers = [...all.filter((c) => c.name !== 'Tomcat'), ...all.filter((c) => c.name === 'Tomcat')];
    for (const container of containers) {
      const [first, ...others] = container.networks_advanced as Resource[];
      const attach = (n: Resource) => [...(n.ipv4_address ? ['--ip', n.ipv4_address] : []), ...(n.aliases ?? []).flatMap((a: string) => ['--network-alias', a])];
      const env = (container.env ?? []).flatMap((e: string) => ['-e', e]);
      // Hosts entries naming another container's computed hostname cannot be resolved without the provider.
      const hosts = (container.host ?? []).filter((h: Resource) => !h.host.includes('${')).flatMap((h: Resource) => ['--add-host', `${h.host}:${h.ip}`]);
      await host.docker(['create', '--name', container.name, '--network', networkName(first!.name), ...attach(first!), ...env, ...hosts, IMAGE]);
      for (const network of others) {
        const a = attach(network).map((x) => (x === '--network-alias' ? '--alias' : x));
        await host.docker(['network', 'connect', ...a, networkName(network.name), container.name]);
      }
      await host.docker(['start', container.name]);
    }

    for (const container of containers) {
      const planned = (container.networks_advanced as Resource[]).find((n) => n.ipv4_address)!;
      const inspected = await host.docker(['inspect', '--format', `{{(index .NetworkSettings.Networks "${networkName(planned.name)}").IPAddress}}`, container.name]);
      expect({ name: container.name, address: inspected.stdout.trim() }).toEqual({ name: container.name, address: planned.ipv4_address });
    }
    for (const variable of ['DB_PORT_27017_TCP_ADDR', 'DB_PORT_27018_TCP_ADDR', 'ES_PORT_9200_TCP_ADDR']) {
      const reach = await host.docker(['exec', 'Tomcat', 'sh', '-c', `ping -c 1 -W 2 "$${variable}"`], { reject: false });
      expect({ variable, exitCode: reach.exitCode }).toEqual({ variable, exitCode: 0 });
    }
    for (const alias of ['db', 'es', 'MongoDB']) {
      expect((await host.docker(['exec', 'Tomcat', 'ping', '-c', '1', '-W', '2', alias], { reject: false })).exitCode).toBe(0);
    }
  }, LONG);

  it("matches Docker's own --link variables", async () => {
    // Docker 20.10 (Debian 12) and current engines differ only for runs of two consecutive ports, so none here.
    const exposed = [ContainerPort.tcp(27017), ContainerPort.tcp(28017), ContainerPort.udp(53), ContainerPort.tcp(9)];
    await host.docker(['run', '-d', '--name', 'linkdb', ...exposed.flatMap((p) => ['--expose', p.toString()]), '-e', 'MONGO_VERSION=2.6', '-e', 'X-Y=z', IMAGE]);
    await host.docker(['run', '-d', '--name', 'linkweb', '--link', 'linkdb:my-db', IMAGE]);
    const ip = (await host.docker(['inspect', '--format', '{{.NetworkSettings.IPAddress}}', 'linkdb'])).stdout.trim();
    const fromDocker = (await host.docker(['exec', 'linkweb', 'env'])).stdout.split('\n').filter((line) => line.startsWith('MY_DB_'));
    const computed = legacyLinkEnvironment({
      recipientName: 'linkweb',
      alias: 'my-db',
      targetAddress: ip,
      exposedPorts: exposed,
      targetEnvironment: [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['MONGO_VERSION', '2.6'], ['X-Y', 'z']],
    }).map(([key, value]) => `${key}=${value}`);
    expect(fromDocker.length).toBeGreaterThan(15);
    expect(computed.sort()).toEqual(fromDocker.sort());
  }, LONG);
});
