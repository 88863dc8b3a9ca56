/**
 * What each program under examples/ declares, asserted on its synth output.
 * packed-package.test.ts copies each example into fresh consumer projects,
 * compiles it there against the published typings, runs it with node and
 * CDKTF_OUTDIR, and hands the output directory to the example's check.
 *
 * One entry per directory under examples/ (the test fails for a directory
 * without one). A check asserts what the example's comments promise, so an
 * example that no longer shows what it says fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Address4 } from 'ip-address';

export interface ExampleCheck {
  /** The example's directory under examples/. */
  readonly name: string;
  /** Asserts on the output directory the example's app synthesized into. */
  readonly check: (out: string) => void;
}

type Json = Record<string, any>;

interface SynthesizedStack {
  readonly config: Json;
  readonly topology: Json;
  /** The `docker_container` body with this container name. */
  container(name: string): Json | undefined;
  /** Every `terraform_data` body. */
  readonly terraformData: Json[];
  /** The topology's service with this name. */
  service(name: string): Json | undefined;
}

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

/** The stacks an app synthesized, by name. */
const stackNames = (out: string) => readdirSync(join(out, 'stacks')).sort();

function synthesized(out: string, stack: string): SynthesizedStack {
  const dir = join(out, 'stacks', stack);
  const config = readJson(join(dir, 'cdk.tf.json'));
  const topology = readJson(join(dir, 'topology.json'));
  const containers = Object.values(config.resource?.docker_container ?? {}) as Json[];
  return {
    config,
    topology,
    container: (name) => containers.find((body) => body.name === name),
    terraformData: Object.values(config.resource?.terraform_data ?? {}) as Json[],
    service: (name) => (topology.services as Json[]).find((service) => service.name === name),
  };
}

/** `service`'s planned address on `network`, from topology.json. */
const addressOn = (stack: SynthesizedStack, service: string, network: string) =>
  (stack.service(service)?.addresses as { network: string; address: string }[] | undefined)?.find((a) => a.network === network)?.address;

/** The value of `key` in a container's `env` list. */
const envValue = (container: Json | undefined, key: string) =>
  (container?.env as string[] | undefined)?.find((entry) => entry.startsWith(`${key}=`))?.slice(key.length + 1);

const inBlock = (address: string, block: string) => new Address4(address).isInSubnet(new Address4(block));

const pairs = <T>(items: readonly T[]) => items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b] as const));

function singleHost(out: string): void {
  expect(stackNames(out)).toEqual(['single-host']);
  const stack = synthesized(out, 'single-host');
  expect(stack.config.provider.docker).toEqual([{ host: 'ssh://deploy@10.0.0.11' }]);

  // Published ports: Tomcat on the host's 80, Elasticsearch on the loopback only, MongoDB not at all.
  expect(stack.container('Tomcat')?.ports).toEqual([{ external: 80, internal: 8080, ip: '0.0.0.0', protocol: 'tcp' }]);
  expect(stack.container('ElasticSearch')?.ports).toEqual([{ external: 9200, internal: 9200, ip: '127.0.0.1', protocol: 'tcp' }]);
  expect(stack.container('MongoDB')?.ports).toBeUndefined();

  // Links: the targets answer to their aliases on the link network; Tomcat gets the legacy variables.
  expect(stack.container('MongoDB')?.networks_advanced).toEqual([expect.objectContaining({ aliases: ['db'] })]);
  expect(stack.container('ElasticSearch')?.networks_advanced).toEqual([expect.objectContaining({ aliases: ['es'] })]);
  const tomcat = stack.container('Tomcat');
  expect(tomcat?.env).toEqual(expect.arrayContaining(['DB_NAME=/Tomcat/db', 'ES_NAME=/Tomcat/es', 'DB_PORT_27017_TCP_PORT=27017', 'ES_PORT_9300_TCP_PROTO=tcp']));
  // An address Terraform fills in from the target container's network data on the link network.
  const dbAddress = envValue(tomcat, 'DB_PORT_27017_TCP_ADDR');
  const esAddress = envValue(tomcat, 'ES_PORT_9200_TCP_ADDR');
  expect(dbAddress).toMatch(/^\$\{one\(.*docker_container\.MongoDB_container_\w+\.network_data.*"app-host-links"/);
  expect(esAddress).toMatch(/^\$\{one\(.*docker_container\.ElasticSearch_container_\w+\.network_data.*"app-host-links"/);
  // JAVA_OPTS is built from exactly those link variables.
  expect(envValue(tomcat, 'JAVA_OPTS')).toBe(`-Des.node.hosts=${esAddress} -Ddb.encompass.hosts=${dbAddress}:27017 -Ddb.audit.hosts=${dbAddress}:27018`);
  expect(stack.service('Tomcat')?.links).toEqual([{ target: 'MongoDB', alias: 'db' }, { target: 'ElasticSearch', alias: 'es' }]);
  expect(stack.service('Tomcat')?.publishedPorts).toEqual([{ hostIp: '0.0.0.0', hostPort: 80, containerPort: '8080/tcp' }]);
}

function staticAddresses(out: string): void {
  expect(stackNames(out)).toEqual(['static-addresses']);
  const stack = synthesized(out, 'static-addresses');
  const [backend, lan] = ['app-host-backend-net', 'app-host-lan-net'];

  // topology.json: the requested addresses, and the planned ones the comments promise.
  expect(addressOn(stack, 'MongoDB', backend)).toBe('10.42.0.20');
  expect(addressOn(stack, 'Tomcat', backend)).toBe('10.42.0.2');
  expect(addressOn(stack, 'Tomcat', lan)).toBe('192.168.10.180');
  expect(addressOn(stack, 'ElasticSearch', lan)).toBe('192.168.10.128');
  expect(stack.topology.networks).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: backend, kind: 'static-native', subnet: '10.42.0.0/24', dynamicRange: '10.42.0.128/25' }),
      expect.objectContaining({ name: lan, kind: 'static-provisioner', subnet: '192.168.10.0/24', bridge: 'linux:br-lan', interfaceName: 'lan0' }),
    ]),
  );

  // Native mode: a Docker network with IPAM, fixed ipv4_address per container; no Docker network for provisioner mode.
  const networks = Object.entries(stack.config.resource.docker_network as Record<string, Json>);
  expect(networks.map(([, body]) => body.name).sort()).toEqual([backend, 'app-host-links']);
  const [backendId, backendBody] = networks.find(([, body]) => body.name === backend)!;
  expect(backendBody.ipam_config).toEqual([{ subnet: '10.42.0.0/24', gateway: '10.42.0.1', ip_range: '10.42.0.128/25' }]);
  expect(stack.container('MongoDB')?.networks_advanced).toContainEqual({ name: `\${docker_network.${backendId}.name}`, ipv4_address: '10.42.0.20' });
  expect(stack.container('Tomcat')?.networks_advanced).toContainEqual({ name: `\${docker_network.${backendId}.name}`, ipv4_address: '10.42.0.2' });
  // Tomcat's link variables carry MongoDB's planned address, not a run-time lookup.
  expect(envValue(stack.container('Tomcat'), 'DB_PORT_27017_TCP_ADDR')).toBe('10.42.0.20');

  // Provisioner mode: one terraform_data per assigned service, run over SSH through sudo.
  const attachment = (container: string) => stack.terraformData.find((body) => body.input?.variables?.CDN_CONTAINER === container && body.input.variables.CDN_BRIDGE === 'br-lan');
  expect(attachment('Tomcat')?.input.variables).toMatchObject({ CDN_ADDRESS: '192.168.10.180/24', CDN_MAC: '02:42:c0:a8:0a:b4', CDN_IFNAME: 'lan0', CDN_BRIDGE_KIND: 'linux' });
  expect(attachment('ElasticSearch')?.input.variables).toMatchObject({ CDN_ADDRESS: '192.168.10.128/24', CDN_MAC: '', CDN_IFNAME: 'lan0' });
  expect(attachment('Tomcat')?.input).toMatchObject({ ssh_host: '10.0.0.11', ssh_user: 'deploy', create: expect.stringMatching(/^sudo -n /) });
  expect(attachment('MongoDB')).toBeUndefined();

  expect(stack.config.output).toEqual({
    'tomcat-lan-url': { value: 'http://192.168.10.180:8080/' },
    'elasticsearch-lan-address': { value: '192.168.10.128' },
  });
}

function meshFabric(out: string): void {
  expect(stackNames(out)).toEqual(['mesh-fabric']);
  const stack = synthesized(out, 'mesh-fabric');
  const hosts = ['host-a', 'host-b', 'host-c'];
  const underlay: Record<string, string> = { 'host-a': '10.0.0.11', 'host-b': '10.0.0.12', 'host-c': '10.0.0.13' };

  expect(stack.topology.hosts.map((host: Json) => [host.name, host.endpoint])).toEqual(hosts.map((host) => [host, `ssh://deploy@${underlay[host]}`]));
  expect(stack.topology.fabrics).toHaveLength(1);
  const fabric = stack.topology.fabrics[0];
  expect(fabric.subnet).toBe('10.50.0.0/16');
  expect(fabric.mtu).toEqual({ container: 1500, underlay: 1550, overhead: 50 }); // VXLAN: 50 bytes
  expect(fabric.hosts.map((host: Json) => [host.name, host.block, host.underlayAddress])).toEqual(hosts.map((host, i) => [host, `10.50.${i}.0/24`, `${underlay[host]}/24`]));
  expect(fabric.engine).toMatchObject({ type: 'mesh', tunnel: 'vxlan', loopPrevention: 'protected' });
  // A tunnel between every pair of hosts, in topology.json and as one resource per direction.
  expect(fabric.engine.tunnels.map((tunnel: Json) => tunnel.between)).toEqual(pairs(hosts).map(([a, b]) => [a, b]));
  const tunnelEnds = stack.terraformData
    .filter((body) => body.input?.variables?.CDN_TUNNEL_PORT !== undefined)
    .map((body) => `${body.input.ssh_host} -> ${body.input.variables.CDN_REMOTE_IP} ${body.input.variables.CDN_TUNNEL_TYPE}`)
    .sort();
  expect(tunnelEnds).toEqual(pairs(hosts).flatMap(([a, b]) => [`${underlay[a]} -> ${underlay[b]} vxlan`, `${underlay[b]} -> ${underlay[a]} vxlan`]).sort());

  // Each service has an address in its own host's block, on its container, and Tomcat is told the others'.
  const placed = { ElasticSearch: ['host-a', '10.50.0.128'], MongoDB: ['host-b', '10.50.1.200'], Tomcat: ['host-c', '10.50.2.128'] } as const;
  for (const [service, [host, address]] of Object.entries(placed)) {
    expect(stack.service(service)?.host).toBe(host);
    expect(addressOn(stack, service, 'fabric')).toBe(address);
    expect(inBlock(address, fabric.hosts.find((h: Json) => h.name === host).block)).toBe(true);
    expect(stack.container(service)).toMatchObject({ provider: `docker.${host}`, networks_advanced: [expect.objectContaining({ ipv4_address: address })] });
  }
  expect(envValue(stack.container('Tomcat'), 'JAVA_OPTS')).toBe('-Des.node.hosts=10.50.0.128 -Ddb.encompass.hosts=10.50.1.200:27017');
  expect(stack.container('Tomcat')?.ports).toEqual([{ external: 80, internal: 8080, ip: '0.0.0.0', protocol: 'tcp' }]);
}

function ovnFabric(out: string): void {
  expect(stackNames(out)).toEqual(['ovn-fabric']);
  const stack = synthesized(out, 'ovn-fabric');
  const nodes = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5'];
  const underlay = nodes.map((_, i) => `10.0.1.${11 + i}`);

  expect(stack.topology.fabrics).toHaveLength(1);
  const fabric = stack.topology.fabrics[0];
  expect(fabric).toMatchObject({ name: 'apps', subnet: '10.60.0.0/16', mtu: { container: 1500, underlay: 1558, overhead: 58 } }); // Geneve: 58 bytes
  expect(fabric.engine).toMatchObject({
    type: 'ovn',
    encapsulation: 'geneve',
    logicalSwitch: 'apps',
    central: { hosts: nodes.slice(0, 3), addresses: underlay.slice(0, 3), clustered: true },
  });
  expect(fabric.engine.chassis).toEqual(nodes.map((node, i) => ({ host: node, systemId: node, encapIp: underlay[i] })));

  // Resources: a control plane on each of the three central hosts, a chassis on all five, no tunnel resources.
  const vars = stack.terraformData.map((body) => (body.input?.variables ?? {}) as Record<string, string>);
  expect(vars.filter((v) => v.CDN_OVN_CLUSTER !== undefined).map((v) => [v.CDN_OVN_LISTEN_IP, v.CDN_OVN_CLUSTER])).toEqual(
    underlay.slice(0, 3).map((address) => [address, underlay.slice(0, 3).join(' ')]),
  );
  expect(vars.filter((v) => v.CDN_OVN_ENCAP_TYPE !== undefined).map((v) => [v.CDN_OVN_SYSTEM_ID, v.CDN_OVN_ENCAP_TYPE, v.CDN_OVN_ENCAP_IP])).toEqual(
    nodes.map((node, i) => [node, 'geneve', underlay[i]]),
  );
  expect(vars.filter((v) => v.CDN_TUNNEL_PORT !== undefined)).toEqual([]);

  // Ports: each container's planned address on the logical switch; web is told the others'.
  const port = (container: string) => vars.find((v) => v.CDN_CONTAINER === container && v.CDN_OVN_PORT !== undefined && v.CDN_OVN_PORT !== '');
  expect(port('search')).toMatchObject({ CDN_ADDRESS: '10.60.3.128/16', CDN_OVN_PORT: 'node-4_search', CDN_OVN_SWITCH: 'apps', CDN_IFNAME: 'eth1' });
  expect(port('db')).toMatchObject({ CDN_ADDRESS: '10.60.4.200/16', CDN_OVN_PORT: 'node-5_db' });
  expect(port('web')).toMatchObject({ CDN_ADDRESS: '10.60.0.128/16', CDN_OVN_PORT: 'node-1_web' });
  expect(addressOn(stack, 'search', 'apps')).toBe('10.60.3.128');
  expect(stack.container('web')?.env).toEqual(['ES_HOSTS=http://10.60.3.128:9200', 'MONGODB_URI=mongodb://10.60.4.200:27017/shop']);
  expect(stack.container('search')?.provider).toBe('docker.node-4');
}

function reusableConstruct(out: string): void {
  expect(stackNames(out)).toEqual(['search']);
  const stack = synthesized(out, 'search');
  expect((stack.topology.services as Json[]).map((service) => [service.name, service.host])).toEqual(
    ['catalog-elasticsearch', 'catalog-kibana', 'logs-elasticsearch', 'logs-kibana'].map((name) => [name, 'search-host']),
  );
  // Two instances of the construct, each under its own id, each Kibana wired to its own Elasticsearch.
  const tiers = { logs: { heap: '512m', kibanaPort: 5601 }, catalog: { heap: '2g', kibanaPort: 5602 } };
  for (const [tier, { heap, kibanaPort }] of Object.entries(tiers)) {
    const elasticsearch = stack.container(`${tier}-elasticsearch`);
    const kibana = stack.container(`${tier}-kibana`);
    expect(elasticsearch?.['//'].metadata.path).toBe(`search/${tier}/elasticsearch/container`);
    expect(kibana?.['//'].metadata.path).toBe(`search/${tier}/kibana/container`);
    expect(elasticsearch?.image).toMatch(new RegExp(`^\\$\\{docker_image\\.${tier}_elasticsearch_image_\\w+\\.image_id\\}$`));
    expect(elasticsearch?.env).toEqual(['discovery.type=single-node', `ES_JAVA_OPTS=-Xms${heap} -Xmx${heap}`]);
    expect(elasticsearch?.ports).toBeUndefined();
    expect(elasticsearch?.networks_advanced).toEqual([expect.objectContaining({ aliases: [`${tier}-elasticsearch`] })]);
    expect(kibana?.ports).toEqual([{ external: kibanaPort, internal: 5601, ip: '127.0.0.1', protocol: 'tcp' }]);
    expect(envValue(kibana, 'ELASTICSEARCH_HOSTS')).toBe(`http://${tier}-elasticsearch:9200`);
    expect(stack.service(`${tier}-kibana`)?.links).toEqual([{ target: `${tier}-elasticsearch`, alias: `${tier}-elasticsearch` }]);
  }
  const images = Object.values(stack.config.resource.docker_image as Record<string, Json>).map((body) => body.name).sort();
  expect(images).toEqual(['elasticsearch:7.17.25', 'elasticsearch:7.17.25', 'kibana:7.17.25', 'kibana:7.17.25']);
}

export const EXAMPLE_CHECKS: readonly ExampleCheck[] = [
  { name: 'single-host', check: singleHost },
  { name: 'static-addresses', check: staticAddresses },
  { name: 'mesh-fabric', check: meshFabric },
  { name: 'ovn-fabric', check: ovnFabric },
  { name: 'reusable-construct', check: reusableConstruct },
];
