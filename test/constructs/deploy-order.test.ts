import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, ContainerPort, DockerHost, OverlayFabric, Service, StaticNetwork } from '../../lib/index.js';
import { terraformIn } from '../../lab/terraform.js';
import { standInAddress, withDockerStandIns } from '../../lab/docker-stand-ins.js';
import { dependenciesOf, parseTerraformGraph } from '../support/docker-stand-ins.js';

/**
 * A container must start after the address it is given can exist: after its
 * fabric's bridge and tunnels on its host, and — for a link recipient — after
 * the provisioner-mode attachment of its target, whose address its link
 * variables carry. Proved on the graph real Terraform builds (`terraform
 * graph`), with stand-ins for the Docker resources since the Docker provider
 * plugin cannot be downloaded here (see lab/docker-stand-ins.ts).
 */
describe('deploy order in the Terraform graph', () => {
  let outdir: string;
  let graph: Map<string, Set<string>>;
  let config: { resource: Record<string, Record<string, Record<string, any>>> };

  const dataId = (predicate: (input: Record<string, any>) => boolean) => {
    const found = Object.entries(config.resource.terraform_data ?? {}).filter(([, body]) => predicate(body.input ?? {}));
    if (found.length !== 1) throw new Error(`expected one terraform_data, found ${found.length}`);
    return `terraform_data.${found[0]![0]}`;
  };
  const containerNode = (name: string) => {
    const [id] = Object.entries(config.resource.docker_container!).find(([, body]) => body.name === name)!;
    return standInAddress('docker_container', id);
  };

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'cdn-order-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'order');
    const hostA = new DockerHost(stack, 'host-a', { endpoint: 'ssh://root@192.0.2.11' });
    const hostB = new DockerHost(stack, 'host-b', { endpoint: 'ssh://root@192.0.2.12' });
    const fabric = new OverlayFabric(stack, 'fabric', { subnet: '10.50.0.0/16' });
    fabric.addHost(hostA, { underlayAddress: '192.0.2.11/24' });
    fabric.addHost(hostB, { underlayAddress: '192.0.2.12/24' });
    fabric.assign(new Service(stack, 'web', { host: hostA, image: 'nginx:1.27' }));
    fabric.assign(new Service(stack, 'db', { host: hostB, image: 'mongo:7.0' }));

    // A link whose target has a provisioner-mode static address on a network the recipient shares.
    const cache = new Service(stack, 'cache', { host: hostA, image: 'redis:7', exposedPorts: [ContainerPort.tcp(6379)] });
    const worker = new Service(stack, 'worker', { host: hostA, image: 'busybox:1.36', links: [{ target: cache, alias: 'cache' }] });
    const pipework = new StaticNetwork(stack, 'pipework', { host: hostA, mode: AddressMode.PROVISIONER, subnet: '10.77.0.0/24', interfaceName: 'eth5' });
    pipework.assign(cache);
    pipework.assign(worker);
    app.synth();

    const dir = join(outdir, 'stacks', 'order');
    config = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(withDockerStandIns(config), null, 2));
    await terraformIn(dir, ['init', '-input=false']);
    graph = parseTerraformGraph((await terraformIn(dir, ['graph'])).stdout);
  }, 120_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each([
    ['web', 'host-a'],
    ['db', 'host-b'],
  ])('container %s starts after the fabric bridge on %s and every tunnel from or to it', (container, host) => {
    const before = dependenciesOf(graph, containerNode(container));
    expect(before).toContain(dataId((input) => input.variables?.CDN_SUBJECT === `fabric fabric on ${host}`));
    for (const subject of ['fabric fabric tunnel host-a → host-b', 'fabric fabric tunnel host-b → host-a']) {
      expect(before).toContain(dataId((input) => input.variables?.CDN_SUBJECT === subject));
    }
  });

  it("the link recipient starts after its target's provisioner-mode address is attached", () => {
    const attachment = dataId((input) => input.variables?.CDN_CONTAINER === 'cache');
    expect(dependenciesOf(graph, containerNode('worker'))).toContain(attachment);
    // …and the attachment itself follows its own container, so the order is target, its address, recipient.
    expect(dependenciesOf(graph, attachment)).toContain(containerNode('cache'));
    expect(dependenciesOf(graph, containerNode('cache'))).not.toContain(attachment);
  });

  it('a container with nothing to wait for waits for nothing of the fabric', () => {
    const before = dependenciesOf(graph, containerNode('cache'));
    expect([...before].filter((node) => node.startsWith('terraform_data.fabric'))).toEqual([]);
  });
});
