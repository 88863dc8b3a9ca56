import { TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { AddressMode, Connectivity, DockerHost, EncompassStack, FabricEngine, OverlayFabric, Service, StaticNetwork, type MeshEnginePlan, type OverlayFabricProps } from '../../lib/index.js';

const keyOf = (fabric: OverlayFabric) => (fabric.plan().engine as MeshEnginePlan).key;
import { resourceNamed, synth, synthErrors } from '../support/synth.js';

function fixture(props: Partial<OverlayFabricProps> = {}, hostCount = 2) {
  const stack = new TerraformStack(Testing.app(), 's');
  const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16', ...props });
  const hosts = Array.from({ length: hostCount }, (_, i) => {
    const host = new DockerHost(stack, `h${i + 1}`, { endpoint: `ssh://root@192.168.0.${11 + i}` });
    fabric.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24` });
    return host;
  });
  return { stack, fabric, hosts };
}

describe('OverlayFabric', () => {
  it('gives two fabrics on the same hosts their own bridges, key and tunnel ports by default', () => {
    const { stack, fabric, hosts } = fixture();
    const other = new OverlayFabric(stack, 'fab2', { subnet: '10.60.0.0/16' });
    hosts.forEach((host, i) => other.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24` }));
    const { config } = synth(stack);
    const variables = Object.values(config.resource.terraform_data!).map((r) => r.input.variables).filter(Boolean);
    const of = (name: string) => variables.filter((v) => v.CDN_FABRIC === name);
    const names = (name: string, key: string) => new Set(of(name).map((v) => v[key]).filter(Boolean));
    for (const key of ['CDN_OVS_BRIDGE', 'CDN_DOCKER_BRIDGE', 'CDN_TUNNEL_KEY']) {
      expect([...names('fab', key)].some((n) => names('fab2', key).has(n))).toBe(false);
    }
    expect([...names('fab', 'CDN_TUNNEL_PORT')].some((n) => names('fab2', 'CDN_TUNNEL_PORT').has(n))).toBe(false);
    expect(fabric.ovsBridge).toMatch(/^cdno-[0-9a-f]{8}$/);
    expect(keyOf(other)).not.toBe(keyOf(fabric));
  });

  it('computes the MTU for VXLAN under lower-containers and gives it to the Docker networks and scripts', () => {
    const { stack } = fixture({ engine: FabricEngine.mesh({ tunnel: 'vxlan', loopPrevention: 'rstp' }), mtuPolicy: 'lower-containers', underlayMtu: 9000, datapath: 'netdev' });
    const { config } = synth(stack);
    for (const network of Object.values(config.resource.docker_network!)) expect(network.options['com.docker.network.driver.mtu']).toBe('8950');
    const bridge = Object.values(config.resource.terraform_data!).find((b) => b.input.variables.CDN_SUBJECT === 'fabric fab on h1');
    expect(bridge?.input.variables).toMatchObject({ CDN_CONTAINER_MTU: '8950', CDN_UNDERLAY_MTU: '9000', CDN_RAISE_UNDERLAY: 'no', CDN_LOOP: 'rstp', CDN_DATAPATH: 'netdev' });
  });

  it('uses a key derived from the fabric name unless given one', () => {
    const key = keyOf(fixture().fabric);
    expect(key).toBeGreaterThanOrEqual(1);
    expect(key).toBeLessThanOrEqual(16_777_215);
    expect(keyOf(fixture().fabric)).toBe(key);
    expect(keyOf(fixture({ engine: FabricEngine.mesh({ key: 42 }) }).fabric)).toBe(42);
  });

  it('plans service addresses in the static half of each host', () => {
    const { stack, fabric, hosts } = fixture();
    const a = new Service(stack, 'svc-a', { host: hosts[0]!, image: 'nginx:1.27' });
    const b = new Service(stack, 'svc-b', { host: hosts[1]!, image: 'nginx:1.27' });
    const c = new Service(stack, 'svc-c', { host: hosts[1]!, image: 'nginx:1.27' });
    fabric.assign(a);
    fabric.assign(b, { address: '10.50.1.200' });
    fabric.assign(c);
    synth(stack);
    expect([a, b, c].map((s) => fabric.plannedAddress(s))).toEqual(['10.50.0.128', '10.50.1.200', '10.50.1.128']);
  });
});

describe('OverlayFabric validation', () => {
  it('needs two hosts', () => {
    const { stack } = fixture({}, 1);
    expect(synthErrors(stack)).toContain('[s/fab] the fabric has one host ("h1"): a tunnel needs two. Add another host');
  });

  it('rejects an address outside the host\'s static half, a service on a host outside the fabric, and one assigned twice', () => {
    const { stack, fabric, hosts } = fixture();
    const outsider = new DockerHost(stack, 'h9', { endpoint: 'ssh://root@192.168.0.99' });
    const a = new Service(stack, 'svc-a', { host: hosts[0]!, image: 'nginx:1.27' });
    const lost = new Service(stack, 'lost', { host: outsider, image: 'nginx:1.27' });
    fabric.assign(a, { address: '10.50.1.130' });
    fabric.assign(a);
    fabric.assign(lost);
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/fab] s/svc-a: address 10.50.1.130 is outside 10.50.0.128/25, the part of 10.50.0.0/16 this host plans from. Choose an address between 10.50.0.128 and 10.50.0.255');
    expect(errors).toContain('[s/fab] s/svc-a: has two addresses on fabric s/fab. Assign it once');
    expect(errors).toContain('[s/fab] s/lost: is on host "h9", which is not part of fabric s/fab. Add the host with addHost first');
  });

  it('rejects a fabric subnet overlapping a static network on a member host', () => {
    const { stack, hosts } = fixture();
    new StaticNetwork(stack, 'static', { host: hosts[0]!, mode: AddressMode.NATIVE, subnet: '10.50.3.0/24' });
    expect(synthErrors(stack)).toContain('[s/fab] s/fab (host h1): fabric subnet 10.50.0.0/16 overlaps static network s/static (10.50.3.0/24) on host "h1". Give them separate subnets');
  });

  it('rejects a key out of range and bad bridge names', () => {
    const { stack } = fixture({ engine: FabricEngine.mesh({ tunnel: 'vxlan', key: 16_777_216, ovsBridge: 'br0; id' }), dockerBridge: 'a-very-long-bridge' });
    const errors = synthErrors(stack);
    expect(errors).toContain("[s/fab] key 16777216 is outside 1–16777215 for VXLAN. Use a whole number in that range, or leave key unset to derive one from the fabric's name");
    expect(errors).toContain('[s/fab] OVS bridge name "br0; id" is not a valid Linux interface name');
    expect(errors).toContain('[s/fab] Docker bridge name "a-very-long-bridge" is not a valid Linux interface name');
  });

  it('rejects an MTU below the minimum', () => {
    const { stack } = fixture({ mtuPolicy: 'lower-containers', underlayMtu: 100 });
    expect(synthErrors(stack)).toContain('[s/fab] an underlay MTU of 100 leaves 58 for containers after 42 bytes of GRE overhead, below the minimum of 68. Raise the underlay MTU');
  });

  it('rejects duplicate underlay addresses and a host added twice', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' });
    const h1 = new DockerHost(stack, 'h1');
    const h2 = new DockerHost(stack, 'h2');
    fabric.addHost(h1, { underlayAddress: '192.168.0.11/24' });
    fabric.addHost(h2, { underlayAddress: '192.168.0.11/24' });
    expect(synthErrors(stack)).toContain('[s/fab] s/fab (host h2): underlay address 192.168.0.11 of host "h2" is also the underlay address of host "h1"');
    const again = new TerraformStack(Testing.app(), 't');
    const fabric2 = new OverlayFabric(again, 'fab', { subnet: '10.50.0.0/16' });
    const h = new DockerHost(again, 'h1');
    fabric2.addHost(h, { underlayAddress: '192.168.0.11/24' });
    expect(() => fabric2.addHost(h, { underlayAddress: '192.168.0.12/24' })).toThrow(
      '[t/fab] addHost() adds host "h1" (t/h1) a second time, which would make a tunnel from the host to itself. Add each host once',
    );
  });

  it('Connectivity.FABRIC without a fabric is an error where the stack is made', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new EncompassStack(stack, 'app', { host: new DockerHost(stack, 'h1'), connectivity: Connectivity.FABRIC })).toThrow(
      '[s/app] Connectivity.FABRIC needs the fabric prop. Pass the OverlayFabric the services join',
    );
  });
});

describe('OverlayFabric.addressOf', () => {
  const UNASSIGNED = '[s/fab] addressOf(s/db) was asked, but the service has no address on this fabric, so the value would be empty. Call assign(service) on this fabric, or use addressOf() of the network the service is on';
  const engines = [
    ['mesh', () => FabricEngine.mesh()],
    ['ovn', () => FabricEngine.ovn({ externalCentral: ['192.168.0.5'] })],
  ] as const;

  /** A fabric of h1 and h2 with `web` on h1 (assigned) and `db` on h2 (not yet). */
  function withServices(engine: () => FabricEngine) {
    const { stack, fabric, hosts } = fixture({ engine: engine() });
    const web = new Service(stack, 'web', { host: hosts[0]!, image: 'nginx:1.27' });
    const db = new Service(stack, 'db', { host: hosts[1]!, image: 'mongo:7.0' });
    fabric.assign(web);
    return { stack, fabric, hosts, web, db };
  }

  it.each(engines)('%s engine: the address of a service never assigned to the fabric is a synth error, not an empty value', (_, engine) => {
    const { stack, fabric, web, db } = withServices(engine);
    web.addEnvironment('DB_HOST', fabric.addressOf(db));
    const errors = synthErrors(stack);
    expect(errors.split('\n').filter((line) => line.includes('addressOf('))).toEqual([`  ${UNASSIGNED}`]);
  });

  it.each(engines)('%s engine: assign() may come after addressOf(): the value is resolved at synth', (_, engine) => {
    const { stack, fabric, web, db } = withServices(engine);
    web.addEnvironment('DB_HOST', fabric.addressOf(db));
    fabric.assign(db);
    const { config } = synth(stack);
    expect(resourceNamed(config, 'docker_container', 'web').body.env).toContain('DB_HOST=10.50.1.128');
  });

  it('names the network the service does have an address on', () => {
    const { stack, fabric, hosts, web, db } = withServices(() => FabricEngine.mesh());
    new StaticNetwork(stack, 'backend', { host: hosts[1]!, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24' }).assign(db);
    web.addEnvironment('DB_HOST', fabric.addressOf(db));
    expect(synthErrors(stack)).toContain(`${UNASSIGNED}: s/backend`);
  });

  it('says nothing more when the service is assigned but the plan has no address for it: the plan says why', () => {
    const { stack, fabric, web } = withServices(() => FabricEngine.mesh());
    const outsider = new DockerHost(stack, 'h9', { endpoint: 'ssh://root@192.168.0.99' });
    const lost = new Service(stack, 'lost', { host: outsider, image: 'mongo:7.0' });
    fabric.assign(lost);
    web.addEnvironment('DB_HOST', fabric.addressOf(lost));
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/fab] s/lost: is on host "h9", which is not part of fabric s/fab. Add the host with addHost first');
    expect(errors).not.toContain('addressOf(');
  });

  it('checks its argument where it is called, like the other methods', () => {
    const { fabric } = fixture();
    expect(() => fabric.addressOf('db' as unknown as Service)).toThrow('[s/fab] addressOf() service must be a Service');
  });
});
