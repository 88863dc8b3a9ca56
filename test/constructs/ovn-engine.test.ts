import { TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { ContainerPort, DockerHost, FabricEngine, OverlayFabric, Service, type OvnEngineOptions } from '../../lib/index.js';
import { topologyDocumentOf } from '../../lib/constructs/topology-document-of.js';
import { synth, type SynthesizedStack } from '../support/synth.js';

type Resources = SynthesizedStack['config']['resource'];

/**
 * An OVN fabric of `count` hosts h1…hN (underlay 192.168.0.11…), one service
 * per host, and on h1 a second service linked to h1's, synthesized.
 */
function ovnStack(count: number, engine: (hosts: DockerHost[]) => OvnEngineOptions = (hosts) => ({ central: hosts[0]! })) {
  const stack = new TerraformStack(Testing.app(), 's');
  const hosts = Array.from({ length: count }, (_, i) => new DockerHost(stack, `h${i + 1}`, { endpoint: `ssh://root@192.168.0.${11 + i}` }));
  const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16', datapath: 'netdev', engine: FabricEngine.ovn(engine(hosts)) });
  hosts.forEach((host, i) => fabric.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24`, underlayInterface: 'u0' }));
  const services = hosts.map((host) => new Service(stack, `app-${host.name}`, { host, image: 'nginx:1.27', exposedPorts: [ContainerPort.tcp(80)] }));
  services.forEach((service) => fabric.assign(service));
  const client = new Service(stack, 'client', { host: hosts[0]!, image: 'nginx:1.27' });
  fabric.assign(client);
  client.link(services[0]!, { alias: 'app' });
  return { stack, fabric, hosts, services, client, ...synth(stack) };
}

const scriptResources = (resources: Resources) => Object.entries(resources.terraform_data ?? {}).filter(([, r]) => r.input?.variables);
const variablesOf = (resources: Resources, subject: string) => scriptResources(resources).find(([, r]) => r.input.variables.CDN_SUBJECT === subject)?.[1].input.variables;

describe('FabricEngine.ovn', () => {
  it('runs the control plane on the central host, a chassis on every host and a port per service; no tunnel is a resource', () => {
    const { config } = ovnStack(3);
    const kinds = scriptResources(config.resource).map(([, r]) => `${r.input.host} ${r.input.variables.CDN_SUBJECT}`).sort();
    expect(kinds).toEqual([
      'h1 app-h1 eth1',
      'h1 client eth1',
      'h1 fabric fab OVN central on h1',
      'h1 fabric fab OVN chassis h1',
      'h1 s on host h1',
      'h2 app-h2 eth1',
      'h2 fabric fab OVN chassis h2',
      'h2 s on host h2',
      'h3 app-h3 eth1',
      'h3 fabric fab OVN chassis h3',
      'h3 s on host h3',
    ]);
    // The link network is Docker's; the fabric has none.
    expect(Object.values(config.resource.docker_network ?? {}).map((n) => n.name)).toEqual(['h1-links']);
  });

  it("gives each chassis the control plane's southbound remote, Geneve and its underlay address", () => {
    const { config } = ovnStack(3);
    expect(variablesOf(config.resource, 'fabric fab OVN chassis h2')).toMatchObject({
      CDN_OVS_BRIDGE: 'br-int',
      CDN_DATAPATH: 'netdev',
      CDN_UNDERLAY_IF: 'u0',
      CDN_UNDERLAY_ADDRESS: '192.168.0.12/24',
      CDN_UNDERLAY_MTU: '1558',
      CDN_RAISE_UNDERLAY: 'yes',
      CDN_OVN_SYSTEM_ID: 'h2',
      CDN_OVN_REMOTE: 'tcp:192.168.0.11:6642',
      CDN_OVN_ENCAP_TYPE: 'geneve',
      CDN_OVN_ENCAP_IP: '192.168.0.12',
    });
    expect(variablesOf(config.resource, 'fabric fab OVN central on h1')).toMatchObject({ CDN_OVN_LISTEN_IP: '192.168.0.11', CDN_OVN_CLUSTER: '192.168.0.11', CDN_OVN_SWITCH: 'fab' });
  });

  it('makes each port a veth on the integration bridge with its planned address, MAC and MTU, declared in the northbound database', () => {
    const { config } = ovnStack(3);
    expect(variablesOf(config.resource, 'client eth1')).toMatchObject({
      CDN_CONTAINER: 'client',
      CDN_BRIDGE: 'br-int',
      CDN_BRIDGE_KIND: 'ovs',
      CDN_ADDRESS: '10.50.0.129/16',
      CDN_MAC: '0a:58:0a:32:00:81',
      CDN_MTU: '1500',
      CDN_GATEWAY: '',
      CDN_OVN_NB: 'tcp:192.168.0.11:6641',
      CDN_OVN_SWITCH: 'fab',
      CDN_OVN_PORT: 'h1_client',
    });
  });

  it('orders ports after the control plane and their chassis, and a link recipient after its target\'s port', () => {
    const { config } = ovnStack(3);
    const idOf = (subject: string) => scriptResources(config.resource).find(([, r]) => r.input.variables.CDN_SUBJECT === subject)![0];
    const port = config.resource.terraform_data![idOf('client eth1')]!;
    expect(port.depends_on).toEqual(expect.arrayContaining([`terraform_data.${idOf('fabric fab OVN central on h1')}`, `terraform_data.${idOf('fabric fab OVN chassis h1')}`]));
    const client = Object.values(config.resource.docker_container!).find((c) => c.name === 'client')!;
    expect(client.depends_on).toContain(`terraform_data.${idOf('app-h1 eth1')}`);
    expect(client.env).toEqual(expect.arrayContaining(['APP_PORT_80_TCP_ADDR=10.50.0.128']));
  });

  it('with three central hosts, clusters the databases and gives every chassis all three remotes', () => {
    const { config } = ovnStack(4, (hosts) => ({ central: hosts.slice(0, 3) }));
    for (const h of ['h1', 'h2', 'h3']) {
      expect(variablesOf(config.resource, `fabric fab OVN central on ${h}`)).toMatchObject({ CDN_OVN_CLUSTER: '192.168.0.11 192.168.0.12 192.168.0.13' });
    }
    expect(variablesOf(config.resource, 'fabric fab OVN chassis h4')?.CDN_OVN_REMOTE).toBe('tcp:192.168.0.11:6642,tcp:192.168.0.12:6642,tcp:192.168.0.13:6642');
    expect(variablesOf(config.resource, 'app-h4 eth1')?.CDN_OVN_NB).toBe('tcp:192.168.0.11:6641,tcp:192.168.0.12:6641,tcp:192.168.0.13:6641');
  });

  it('writes its engine to topology.json: encapsulation, switch, control plane and chassis; no gateways, no tunnels', () => {
    const { stack } = ovnStack(4, (hosts) => ({ central: hosts.slice(0, 3) }));
    const [fabric] = topologyDocumentOf(stack).fabrics;
    expect(fabric!.hosts.map((h) => h.gateway)).toEqual([undefined, undefined, undefined, undefined]);
    expect(fabric!.mtu).toEqual({ container: 1500, underlay: 1558, overhead: 58 });
    expect(fabric!.engine).toEqual({
      type: 'ovn',
      encapsulation: 'geneve',
      logicalSwitch: 'fab',
      central: { hosts: ['h1', 'h2', 'h3'], addresses: ['192.168.0.11', '192.168.0.12', '192.168.0.13'], clustered: true },
      chassis: ['h1', 'h2', 'h3', 'h4'].map((h, i) => ({ host: h, systemId: h, encapIp: `192.168.0.${11 + i}` })),
    });
  });
});

/** Every resource whose synthesized body differs between two configs, or that only one has: `type.name`. */
function changedResources(before: Resources, after: Resources): { changed: string[]; added: string[]; removed: string[] } {
  const flat = (resources: Resources) => new Map(Object.entries(resources).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as const)));
  const old = flat(before);
  const now = flat(after);
  // Terraform plans no change for cdktf's metadata or for a new dependency: neither is part of a resource's state.
  const body = (r: Record<string, unknown>) => JSON.stringify({ ...r, '//': undefined, depends_on: undefined });
  return {
    changed: [...now].filter(([id, r]) => old.has(id) && body(old.get(id)!) !== body(r)).map(([id]) => id).sort(),
    added: [...now.keys()].filter((id) => !old.has(id)).sort(),
    removed: [...old.keys()].filter((id) => !now.has(id)).sort(),
  };
}

/** The host each resource runs on: a script's `input.host`, a Docker resource's provider alias. */
function hostsOf(resources: Resources, ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => {
    const [type, name] = [id.slice(0, id.indexOf('.')), id.slice(id.indexOf('.') + 1)];
    const body = resources[type]![name]!;
    return (body.input?.host as string | undefined) ?? String(body.provider ?? '').replace(/^docker\./, '');
  }))].sort();
}

describe('adding a fifth host (synthesized configuration)', () => {
  it('OVN: adds only resources of the new host and changes none of any other host', () => {
    const before = ovnStack(4, (hosts) => ({ central: hosts.slice(0, 3) })).config.resource;
    const after = ovnStack(5, (hosts) => ({ central: hosts.slice(0, 3) })).config.resource;
    const { changed, added, removed } = changedResources(before, after);
    expect({ changed, removed }).toEqual({ changed: [], removed: [] });
    expect(hostsOf(after, added)).toEqual(['h5']);
  });

  it('mesh (reported, not hidden): also adds a tunnel on every other host and re-runs each other host\'s agent', () => {
    const meshStack = (count: number) => {
      const stack = new TerraformStack(Testing.app(), 's');
      const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' });
      Array.from({ length: count }, (_, i) => new DockerHost(stack, `h${i + 1}`, { endpoint: `ssh://root@192.168.0.${11 + i}` }))
        .forEach((host, i) => fabric.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24` }));
      return synth(stack).config.resource;
    };
    const before = meshStack(4);
    const after = meshStack(5);
    const { changed, added } = changedResources(before, after);
    expect(hostsOf(after, added)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(added.filter((id) => hostsOf(after, [id])[0] !== 'h5')).toHaveLength(4);
    expect(hostsOf(after, changed)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(changed.every((id) => /_agent_reconcile_/.test(id))).toBe(true);
  });
});
