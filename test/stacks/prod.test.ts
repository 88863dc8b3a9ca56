import { Testing } from '../../lib/constructs/cdktf.js';
import { FABRIC_HOST_CREATE_SCRIPT, FABRIC_TUNNEL_CREATE_SCRIPT } from '../../lib/shell/fabric-scripts.js';
import { ProdEnvironment } from '../../stacks/prod-environment.js';
import { resourceNamed, synth } from '../support/synth.js';

describe('prod environment: the application spread over three hosts on an overlay fabric', () => {
  const { config } = synth(new ProdEnvironment(Testing.app()));
  const data = Object.entries(config.resource.terraform_data!);
  const byPrefix = (prefix: string) => data.filter(([id]) => id.startsWith(prefix)).map(([, body]) => body);

  it('gives each host a Docker network on its own block of 10.50.0.0/16, through its own provider', () => {
    const networks = Object.values(config.resource.docker_network!).filter((n) => n.name === 'prod-fabric');
    expect(networks.map((n) => [n.provider, n.ipam_config])).toEqual([
      ['docker.host-a', [{ subnet: '10.50.0.0/16', gateway: '10.50.0.1', ip_range: '10.50.0.0/25' }]],
      ['docker.host-b', [{ subnet: '10.50.0.0/16', gateway: '10.50.1.1', ip_range: '10.50.1.0/25' }]],
      ['docker.host-c', [{ subnet: '10.50.0.0/16', gateway: '10.50.2.1', ip_range: '10.50.2.0/25' }]],
    ]);
    for (const network of networks) expect(network.options['com.docker.network.driver.mtu']).toBe('1500');
  });

  it("places the services and configures Tomcat with the others' fabric addresses", () => {
    const at = (name: string) => resourceNamed(config, 'docker_container', name).body;
    expect(at('ElasticSearch').provider).toBe('docker.host-a');
    expect(at('MongoDB').provider).toBe('docker.host-b');
    expect(at('Tomcat').provider).toBe('docker.host-c');
    expect(at('ElasticSearch').networks_advanced[0].ipv4_address).toBe('10.50.0.128');
    expect(at('MongoDB').networks_advanced[0].ipv4_address).toBe('10.50.1.128');
    expect(at('Tomcat').env).toContain('JAVA_OPTS=-Des.node.hosts=10.50.0.128 -Ddb.encompass.hosts=10.50.1.128:27017 -Ddb.audit.hosts=10.50.1.128:27018');
  });

  it('makes one bridge per host and one tunnel per ordered pair, over SSH, GRE with the underlay raised to 1542', () => {
    const bridges = byPrefix('fabric_host-').filter((b) => b.input.create?.endsWith(FABRIC_HOST_CREATE_SCRIPT));
    const tunnels = byPrefix('fabric_host-').filter((b) => b.input.create?.endsWith(FABRIC_TUNNEL_CREATE_SCRIPT));
    expect(bridges).toHaveLength(3);
    expect(tunnels).toHaveLength(6);
    expect(bridges[0].input.variables).toMatchObject({ CDN_UNDERLAY_MTU: '1542', CDN_CONTAINER_MTU: '1500', CDN_LOOP: 'protected', CDN_DATAPATH: 'system' });
    expect(tunnels.map((t) => `${t.input.ssh_host} → ${t.input.variables.CDN_REMOTE_IP}`).sort()).toEqual([
      '192.0.2.11 → 192.0.2.12',
      '192.0.2.11 → 192.0.2.13',
      '192.0.2.12 → 192.0.2.11',
      '192.0.2.12 → 192.0.2.13',
      '192.0.2.13 → 192.0.2.11',
      '192.0.2.13 → 192.0.2.12',
    ]);
    for (const tunnel of tunnels) {
      expect(tunnel.input.variables.CDN_TUNNEL_TYPE).toBe('gre');
      expect(tunnel.depends_on).toHaveLength(1);
    }
  });

  it('starts each container after the fabric works on its host: its bridge and every tunnel from or to it', () => {
    const idOf = (predicate: (body: Record<string, any>) => boolean) => `terraform_data.${data.find(([, body]) => predicate(body))![0]}`;
    for (const [container, host] of [['ElasticSearch', 'host-a'], ['MongoDB', 'host-b'], ['Tomcat', 'host-c']] as const) {
      const ready = idOf((b) => b.input.fabric === 'prod-fabric' && b.input.host === host);
      expect(resourceNamed(config, 'docker_container', container).body.depends_on).toEqual([ready]);
      const barrier = data.find(([id]) => `terraform_data.${id}` === ready)![1];
      const bridge = idOf((b) => b.input.variables?.CDN_SUBJECT === `fabric prod-fabric on ${host}`);
      const tunnels = data
        .filter(([, b]) => b.input.variables?.CDN_SUBJECT?.startsWith('fabric prod-fabric tunnel') && b.input.variables.CDN_SUBJECT.includes(host))
        .map(([id]) => `terraform_data.${id}`);
      expect(tunnels).toHaveLength(4);
      expect([...barrier.depends_on].sort()).toEqual([bridge, ...tunnels].sort());
    }
  });

  it('takes its hosts from cdktf context', () => {
    const context = { prod: { hosts: { 'host-b': { dockerHost: 'ssh://ops@10.0.0.12', underlayAddress: '10.0.0.12/24', underlayInterface: 'ens3' } } } };
    const { config: custom } = synth(new ProdEnvironment(Testing.app({ context })));
    expect(custom.provider?.docker).toContainEqual({ alias: 'host-b', host: 'ssh://ops@10.0.0.12' });
    const bridge = Object.values(custom.resource.terraform_data!).find((b) => b.input.variables?.CDN_SUBJECT === 'fabric prod-fabric on host-b');
    expect(bridge?.input.variables).toMatchObject({ CDN_UNDERLAY_IF: 'ens3', CDN_UNDERLAY_ADDRESS: '10.0.0.12/24' });
    expect(() => new ProdEnvironment(Testing.app({ context: { prod: { hosts: { 'host-z': {} } } } }))).toThrow(
      '[prod] cdktf context "prod" setting "hosts.host-z" is not a known setting (did you mean "host-a"?). Remove it; known: host-a, host-b, host-c',
    );
  });
});
