import { Construct, TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { AddressMode, ContainerPort, DockerHost, HostAccess, Service, StaticNetwork } from '../../lib/index.js';
import { ATTACH_STATIC_ADDRESS_SCRIPT, DETACH_STATIC_ADDRESS_SCRIPT } from '../../lib/shell/static-address-scripts.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';
import { resourceNamed, synth, synthErrors } from '../support/synth.js';

function fixture(hostProps: ConstructorParameters<typeof DockerHost>[2] = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const host = new DockerHost(stack, 'h1', hostProps);
  const db = new Service(stack, 'db', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
  const web = new Service(stack, 'web', { host, image: 'nginx:1.27' });
  return { stack, host, db, web };
}

/** The attachments: every terraform_data but the hosts' agents (test/constructs/host-agent.test.ts covers those). */
const dataResources = (config: ReturnType<typeof synth>['config']) =>
  Object.entries(config.resource.terraform_data ?? {})
    .filter(([name]) => !/_agent_reconcile_/.test(name))
    .map(([, body]) => body);

describe('StaticNetwork in native mode', () => {
  it('makes a docker_network with IPAM and gives each container its planned ipv4_address', () => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'backend', { host, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24', dynamicRange: '10.42.0.128/25' });
    net.assign(db);
    net.assign(web, { address: '10.42.0.2' });
    const { config } = synth(stack);
    const network = resourceNamed(config, 'docker_network', 'h1-backend');
    expect(network.body.ipam_config).toEqual([{ subnet: '10.42.0.0/24', gateway: '10.42.0.1', ip_range: '10.42.0.128/25' }]);
    const ref = `\${docker_network.${network.id}.name}`;
    expect(resourceNamed(config, 'docker_container', 'db').body.networks_advanced).toEqual([{ name: ref, ipv4_address: '10.42.0.3' }]);
    expect(resourceNamed(config, 'docker_container', 'web').body.networks_advanced).toEqual([{ name: ref, ipv4_address: '10.42.0.2' }]);
    // Native mode needs no host script: the host's agent is the only terraform_data, with an empty ledger.
    expect(Object.values(config.resource.terraform_data ?? {}).map((r) => r.input.variables.CDN_LEDGER)).toEqual(['']);
  });

  it('staging-static: link variables and JAVA_OPTS carry the static addresses', () => {
    const { config } = synth(new EncompassEnvironment(Testing.app(), ENVIRONMENTS['staging-static']));
    const tomcat = resourceNamed(config, 'docker_container', 'Tomcat').body;
    expect(tomcat.env).toEqual(
      expect.arrayContaining([
        'DB_PORT=tcp://10.42.0.20:27017',
        'DB_PORT_27017_TCP_ADDR=10.42.0.20',
        'DB_PORT_27018_TCP_ADDR=10.42.0.20',
        'ES_PORT_9200_TCP_ADDR=10.42.0.10',
        'JAVA_OPTS=-Des.node.hosts=10.42.0.10 -Ddb.encompass.hosts=10.42.0.20:27017 -Ddb.audit.hosts=10.42.0.20:27018',
      ]),
    );
    expect(tomcat.host).toEqual(expect.arrayContaining([{ host: 'db', ip: '10.42.0.20' }, { host: 'es', ip: '10.42.0.10' }]));
    const addresses = Object.values(config.resource.docker_container!).map((c) => [c.name, c.networks_advanced[1].ipv4_address]);
    expect(addresses.sort()).toEqual([
      ['ElasticSearch', '10.42.0.10'],
      ['MongoDB', '10.42.0.20'],
      ['Tomcat', '10.42.0.30'],
    ]);
    expect(resourceNamed(config, 'docker_network', 'staging-static-addresses').body.ipam_config).toEqual([
      { subnet: '10.42.0.0/24', gateway: '10.42.0.1', ip_range: '10.42.0.128/25' },
    ]);
  });
});

describe('StaticNetwork in provisioner mode', () => {
  it('attaches two services whose construct ids repeat in different scopes, each with its own veth', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const host = new DockerHost(stack, 'h1');
    const net = new StaticNetwork(stack, 'net', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' });
    for (const team of ['shop', 'blog']) {
      const scope = new Construct(stack, team);
      net.assign(new Service(scope, 'db', { host, name: `${team}-db`, image: 'mongo:7.0' }));
    }
    const attachments = dataResources(synth(stack).config).map((r) => r.input.variables);
    expect(attachments.map((v) => v.CDN_CONTAINER).sort()).toEqual(['blog-db', 'shop-db']);
    expect(new Set(attachments.map((v) => v.CDN_HOST_IF)).size).toBe(2);
  });

  it('adds one terraform_data per container with the scripts and values in its input', () => {
    const { stack, host, db } = fixture();
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '172.17.0.0/16', gateway: '172.17.0.1', dynamicRange: '172.17.0.0/17', defaultRoute: true, mtu: 1450 }).assign(db, { mac: '02:42:ac:11:80:02' });
    const { config } = synth(stack);
    const [attachment, ...others] = dataResources(config);
    expect(others).toEqual([]);
    expect(attachment.input.create).toBe(ATTACH_STATIC_ADDRESS_SCRIPT);
    expect(attachment.input.teardown).toBe(DETACH_STATIC_ADDRESS_SCRIPT);
    expect(attachment.input.variables).toEqual({
      CDN_SUBJECT: 'db eth1',
      CDN_CONTAINER: 'db',
      CDN_IFNAME: 'eth1',
      CDN_BRIDGE: 'docker0',
      CDN_BRIDGE_KIND: 'linux',
      CDN_HOST_IF: expect.stringMatching(/^cdn[0-9a-f]{10}$/),
      CDN_PEER_IF: expect.stringMatching(/^cdp[0-9a-f]{10}$/),
      CDN_NETNS: expect.stringMatching(/^cdn-[0-9a-f]{10}$/),
      CDN_ADDRESS: '172.17.128.0/16', // valid inside the /16: only network, broadcast and gateway are reserved
      CDN_GATEWAY: '172.17.0.1',
      CDN_MTU: '1450',
      CDN_MAC: '02:42:ac:11:80:02',
      // Not an OVN port: the scripts do exactly what they do on a plain bridge.
      CDN_OVN_NB: '',
      CDN_OVN_SWITCH: '',
      CDN_OVN_PORT: '',
      CDN_OWNER: 's',
      CDN_STATE_DIR: '/var/lib/cdktf-docker-network',
    });
  });

  it('runs create and destroy provisioners locally, reading everything from self.input', () => {
    const { stack, host, db } = fixture();
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(db);
    const [attachment] = dataResources(synth(stack).config);
    const [create, destroy] = attachment.provisioner.map((p: Record<string, any>) => p['local-exec']);
    for (const [provisioner, when, script] of [[create, 'create', 'create'], [destroy, 'destroy', 'teardown']] as const) {
      expect(provisioner.when).toBe(when);
      expect(provisioner.interpreter).toEqual(['/bin/sh', '-c']);
      expect(provisioner.command).toBe('eval "$CDN_SCRIPT"');
      expect(provisioner.environment.CDN_SCRIPT).toBe(`\${self.input.${script}}`);
      expect(provisioner.environment.CDN_ADDRESS).toBe('${self.input.variables.CDN_ADDRESS}');
      for (const value of Object.values(provisioner.environment) as string[]) expect(value).toMatch(/^\$\{self\.input\./);
    }
  });

  it("replaces the attachment when the container is replaced or a setting changes", () => {
    const { stack, host, db } = fixture();
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(db);
    const { config } = synth(stack);
    const [attachment] = dataResources(config);
    const container = resourceNamed(config, 'docker_container', 'db');
    expect(attachment.triggers_replace).toEqual({ container: `\${docker_container.${container.id}.id}`, ...attachment.input.variables });
  });

  it('enters a lab namespace with the host environment', () => {
    const { stack, host, db } = fixture({
      manageContainers: false,
      access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { DOCKER_HOST: 'unix:///tmp/lab/docker.sock' } }),
    });
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(db);
    const { config } = synth(stack);
    expect(config.provider).toBeUndefined();
    expect(config.resource.docker_container).toBeUndefined();
    const [attachment] = dataResources(config);
    const create = attachment.provisioner[0]['local-exec'];
    expect(create.interpreter).toEqual(['nsenter', '--net=/run/netns/lab-h1', '/bin/sh', '-c']);
    expect(create.environment.DOCKER_HOST).toBe('unix:///tmp/lab/docker.sock');
    expect(attachment.triggers_replace.container).toBe('db');
  });

  it('runs over SSH with the values as quoted assignments and the connection from self.input', () => {
    const { stack, host, db } = fixture({ endpoint: 'ssh://root@10.0.0.7:2222' });
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(db);
    const [attachment] = dataResources(synth(stack).config);
    expect(attachment.input.create.startsWith("CDN_SUBJECT='db eth1'\nCDN_CONTAINER='db'\nCDN_IFNAME='eth1'\n")).toBe(true);
    expect(attachment.input.create.endsWith(ATTACH_STATIC_ADDRESS_SCRIPT)).toBe(true);
    expect(attachment.input).toMatchObject({ ssh_host: '10.0.0.7', ssh_user: 'root', ssh_port: 2222 });
    const [create, destroy] = attachment.provisioner.map((p: Record<string, any>) => p['remote-exec']);
    expect(create.inline).toEqual(['${self.input.create}']);
    expect(destroy).toMatchObject({ when: 'destroy', inline: ['${self.input.teardown}'] });
    expect(destroy.connection).toEqual({ type: 'ssh', host: '${self.input.ssh_host}', user: '${self.input.ssh_user}', port: '${self.input.ssh_port}', agent: 'true' });
  });

  it.each([
    ['a user that is not root, from the endpoint', { endpoint: 'ssh://deploy@10.0.0.7' }, true],
    ['a user that is not root, given to HostAccess.ssh', { access: HostAccess.ssh({ host: '10.0.0.7', user: 'deploy' }) }, true],
    ['a user that is not root, with sudo: false', { access: HostAccess.ssh({ host: '10.0.0.7', user: 'deploy', sudo: false }) }, false],
    ['root', { endpoint: 'ssh://root@10.0.0.7' }, false],
  ] as const)('runs the scripts through sudo -n by default for %s', (_name, props, sudo) => {
    const { stack, host, db } = fixture(props);
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(db);
    const [attachment] = dataResources(synth(stack).config);
    const prefix = sudo ? "sudo -n sh -c 'CDN_SUBJECT='\\''db eth1'\\''" : "CDN_SUBJECT='db eth1'";
    expect({ create: attachment.input.create.startsWith(prefix), teardown: attachment.input.teardown.startsWith(prefix) }).toEqual({ create: true, teardown: true });
    expect(host.access.reach()).toMatchObject({ kind: 'ssh', sudo });
  });

  it('takes the SSH key from a sensitive variable and can use sudo', () => {
    const { stack, host, db } = fixture({ access: HostAccess.ssh({ host: 'staging.example.com', user: 'ops', privateKey: 'variable', sudo: true }) });
    new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(db);
    const { config } = synth(stack);
    expect((config as any).variable.h1_ssh_private_key).toMatchObject({ sensitive: true, type: 'string' });
    const [attachment] = dataResources(config);
    expect(attachment.input.ssh_private_key).toBe('${var.h1_ssh_private_key}');
    expect(attachment.provisioner[1]['remote-exec'].connection.private_key).toBe('${self.input.ssh_private_key}');
    expect(attachment.input.teardown.startsWith("sudo -n sh -c 'CDN_SUBJECT='\\''db eth1'\\''")).toBe(true);
  });
});

describe('StaticNetwork validation', () => {
  const provisioner = { mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' } as const;

  it('reports planning problems on the service that asked', () => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { ...provisioner, host, gateway: '10.43.0.1' });
    net.assign(db, { address: '10.42.1.5' });
    net.assign(web, { address: '10.42.1.5' });
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/net] gateway 10.43.0.1 is outside subnet 10.42.0.0/24 (usable 10.42.0.1–10.42.0.254). Choose a gateway inside the subnet');
    expect(errors).toContain('[s/net] s/db: address 10.42.1.5 is outside subnet 10.42.0.0/24. Choose an address between 10.42.0.1 and 10.42.0.254');
  });

  it('reports the same address twice', () => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { ...provisioner, host });
    net.assign(db, { address: '10.42.0.9' });
    net.assign(web, { address: '10.42.0.9' });
    expect(synthErrors(stack)).toContain('[s/net] s/web: address 10.42.0.9 is already taken by s/db. Give each service its own address');
  });

  it('reports a subnet too small for its services', () => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { ...provisioner, host, subnet: '10.42.0.0/30' });
    net.assign(db);
    net.assign(web);
    expect(synthErrors(stack)).toContain('[s/net] s/web: subnet 10.42.0.0/30 has no free address left');
  });

  it('reports overlapping subnets on one host', () => {
    const { stack, host } = fixture();
    new StaticNetwork(stack, 'a', { ...provisioner, host });
    new StaticNetwork(stack, 'b', { ...provisioner, host, subnet: '10.42.0.128/25' });
    expect(synthErrors(stack)).toContain('[s/b] subnet 10.42.0.128/25 overlaps subnet 10.42.0.0/24 of s/a on host "h1". Give each network its own subnet');
  });

  it('allows one subnet on two hosts', () => {
    const { stack, host, db } = fixture();
    const other = new DockerHost(stack, 'h2');
    const remote = new Service(stack, 'remote', { host: other, image: 'mongo:7.0' });
    new StaticNetwork(stack, 'a', { ...provisioner, host }).assign(db);
    new StaticNetwork(stack, 'b', { ...provisioner, host: other }).assign(remote);
    expect(() => synth(stack)).not.toThrow();
  });

  it('reports a service of another host, a second assignment and settings of the wrong mode', () => {
    const { stack, host, db } = fixture();
    const other = new DockerHost(stack, 'h2');
    const remote = new Service(stack, 'remote', { host: other, image: 'mongo:7.0' });
    const net = new StaticNetwork(stack, 'net', { mode: AddressMode.NATIVE, subnet: '10.42.0.0/24', host, mtu: 1400 });
    net.assign(remote);
    net.assign(db, { mac: '02:00:00:00:00:01' });
    net.assign(db);
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/net] s/remote: is on host "h2", but static network s/net is on host "h1". Assign it on a network of its own host');
    expect(errors).toContain('[s/net] s/db: has two addresses on static network s/net. Assign it once');
    expect(errors).toContain('[s/net] s/db: a MAC address can only be set in provisioner mode. Remove mac, or use AddressMode.PROVISIONER');
    expect(errors).toContain('[s/net] mtu applies to provisioner mode only. Remove it, or use AddressMode.PROVISIONER');
  });

  it('reports native mode on a host whose containers Terraform does not manage', () => {
    const { stack, host } = fixture({ manageContainers: false });
    new StaticNetwork(stack, 'net', { mode: AddressMode.NATIVE, subnet: '10.42.0.0/24', host });
    expect(synthErrors(stack)).toContain('[s/net] native mode needs Terraform to manage the containers of host "h1" (manageContainers is false). Use AddressMode.PROVISIONER');
  });

  it('reports attachment settings that would reach the script', () => {
    const { stack, host, db } = fixture();
    new StaticNetwork(stack, 'net', { ...provisioner, host, bridge: { name: 'docker0; reboot' }, interfaceName: 'eth0' }).assign(db, { mac: 'ff:ff:ff:ff:ff:ff' });
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/net] s/db: bridge name "docker0; reboot" is not a valid Linux interface name');
    expect(errors).toContain('[s/net] s/db: container interface name "eth0" belongs to Docker\'s own networking. Use another name, e.g. "eth1"');
    expect(errors).toContain('[s/net] s/db: MAC address ff:ff:ff:ff:ff:ff is a multicast address.');
  });

  it('reports links on a host whose containers Terraform does not manage, and bad lab access settings', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const host = new DockerHost(stack, 'h1', { manageContainers: false, access: HostAccess.labNamespace({ namespace: 'bad ns', environment: { 'lower': 'x' } }) });
    const db = new Service(stack, 'db', { host, image: 'mongo:7.0' });
    new Service(stack, 'web', { host, image: 'nginx:1.27' }).link(db);
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/web] links need Terraform-managed containers, but host "h1" has manageContainers set to false.');
    expect(errors).toContain('[s/h1] host access: lab namespace "bad ns" is not a valid network namespace name');
    expect(errors).toContain('[s/h1] host access: environment variable "lower" of the host\'s commands is not allowed: only DOCKER_* and OVS_* settings');
  });
});

describe('StaticNetwork.addressOf', () => {
  const modes = [AddressMode.NATIVE, AddressMode.PROVISIONER];
  const UNASSIGNED = '[s/net] addressOf(s/db) was asked, but the service has no address on this static network, so the value would be empty. Call assign(service) on this static network, or use addressOf() of the network the service is on';

  it.each(modes)('%s mode: the address of a service never assigned to the network is a synth error, not an empty value', (mode) => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { host, mode, subnet: '10.42.0.0/24' });
    net.assign(web);
    web.addEnvironment('DB_HOST', net.addressOf(db));
    web.addEnvironment('DB_URL', `mongodb://${net.addressOf(db)}:27017`);
    const errors = synthErrors(stack);
    // Once per service, however often it was asked.
    expect(errors.split('\n').filter((line) => line.includes('addressOf('))).toEqual([`  ${UNASSIGNED}`]);
  });

  it.each(modes)('%s mode: assign() may come after addressOf(): the value is resolved at synth', (mode) => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { host, mode, subnet: '10.42.0.0/24' });
    web.addEnvironment('DB_HOST', net.addressOf(db));
    net.assign(db, { address: '10.42.0.20' });
    const { config } = synth(stack);
    expect(resourceNamed(config, 'docker_container', 'web').body.env).toContain('DB_HOST=10.42.0.20');
  });

  it('names the network the service does have an address on', () => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { host, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24' });
    new StaticNetwork(stack, 'other', { host, mode: AddressMode.PROVISIONER, subnet: '10.43.0.0/24' }).assign(db);
    web.addEnvironment('DB_HOST', net.addressOf(db));
    expect(synthErrors(stack)).toContain(`${UNASSIGNED}: s/other`);
  });

  it('says nothing more when the service is assigned but the plan has no address for it: the plan says why', () => {
    const { stack, host, db, web } = fixture();
    const net = new StaticNetwork(stack, 'net', { host, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24' });
    net.assign(db, { address: '10.43.0.9' });
    web.addEnvironment('DB_HOST', net.addressOf(db));
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/net] s/db: address 10.43.0.9 is outside subnet 10.42.0.0/24');
    expect(errors).not.toContain('addressOf(');
  });

  it('checks its argument where it is called, like the other methods', () => {
    const { stack, host } = fixture();
    const net = new StaticNetwork(stack, 'net', { host, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24' });
    expect(() => net.addressOf({ name: 'db' } as unknown as Service)).toThrow('[s/net] addressOf() service must be a Service');
  });
});
