import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import {
  AddressMode,
  Connectivity,
  ContainerPort,
  DockerHost,
  EncompassStack,
  FabricEngine,
  HostAccess,
  OverlayFabric,
  Service,
  StaticNetwork,
  Tunnel,
  type DockerHostProps,
  type OvnEngineOptions,
  type OverlayFabricProps,
  type ServiceProps,
  type StaticNetworkProps,
} from '../../lib/index.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';
import { ProdEnvironment } from '../../stacks/prod-environment.js';

/**
 * The catalogue of bad input: every construct, prop, method argument and
 * context setting a user can get wrong, fed the way JSON and cdktf context feed
 * it (types vanish at run time). Each case must stop the app before any
 * Terraform JSON is written, with one message line that names the construct
 * path, says what is wrong, and says how to fix it. (The CLI's cases are in
 * cli-bad-input.test.ts.)
 */

interface BadInput {
  readonly name: string;
  /** Builds the app; may throw where the input is handed over. */
  readonly build: (app: App) => void;
  readonly context?: Record<string, unknown>;
  /** The construct path the message must name, as `[path]`. */
  readonly path: string;
  /** What is wrong, as the message says it. */
  readonly what: string;
  /** How to fix it, as the message says it. */
  readonly fix: string;
}

/** A value as JSON or context would hand it over: its type is whatever the reader declares. */
const untyped = <T>(value: unknown) => value as T;

const stackOf = (app: App) => new TerraformStack(app, 's');
const hostIn = (stack: TerraformStack, props: DockerHostProps = {}, id = 'h1') => new DockerHost(stack, id, props);
const serviceOn = (host: DockerHost, id: string, props: Partial<ServiceProps> = {}) =>
  new Service(host.node.scope!, id, { host, image: 'busybox:1.36', ...props });
const withHost = (build: (stack: TerraformStack, host: DockerHost) => void, hostProps: DockerHostProps = {}) => (app: App) => {
  const stack = stackOf(app);
  build(stack, hostIn(stack, hostProps));
};
const network = (stack: TerraformStack, host: DockerHost, props: Partial<StaticNetworkProps> = {}, id = 'net') =>
  new StaticNetwork(stack, id, { host, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24', ...props });
/** A two-host fabric; `change` adjusts props, `hosts` the underlay addresses. */
const fabricApp =
  (props: Partial<OverlayFabricProps> = {}, more: (stack: TerraformStack, fabric: OverlayFabric, hosts: DockerHost[]) => void = () => {}) =>
  (app: App) => {
    const stack = stackOf(app);
    const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16', ...props });
    const hosts = ['h1', 'h2'].map((name, i) => {
      const host = hostIn(stack, {}, name);
      fabric.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24` });
      return host;
    });
    more(stack, fabric, hosts);
  };

/** An OVN fabric over `hosts` (which also belong to the mesh fabric `fab` of fabricApp: a second fabric, its own subnet). */
const ovnFabric = (stack: TerraformStack, hosts: DockerHost[], options: OvnEngineOptions, id = 'ovn', subnet = '10.70.0.0/16') => {
  const fabric = new OverlayFabric(stack, id, { subnet, engine: FabricEngine.ovn(options) });
  hosts.forEach((host, i) => fabric.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24` }));
  return fabric;
};

const CASES: BadInput[] = [
  // DockerHost
  { name: 'host: props that are not an object', build: (app) => new DockerHost(stackOf(app), 'h1', untyped(null)), path: 's/h1', what: 'props must be an object, got null', fix: 'Pass an object with name, endpoint' },
  { name: 'host: misspelt prop', build: (app) => hostIn(stackOf(app), untyped({ endpiont: 'unix:///run/docker.sock' })), path: 's/h1', what: 'prop "endpiont" is not a known setting', fix: 'did you mean "endpoint"?' },
  { name: 'host: name with capitals', build: (app) => hostIn(stackOf(app), { name: 'Staging' }), path: 's/h1', what: 'host name "Staging" is not valid', fix: 'e.g. "staging" or "host-a"' },
  { name: 'host: name is a number', build: (app) => hostIn(stackOf(app), untyped({ name: 7 })), path: 's/h1', what: 'prop "name" must be a string, got number 7', fix: 'Write it in quotes: "7"' },
  { name: 'host: endpoint over TCP', build: (app) => hostIn(stackOf(app), { endpoint: 'tcp://10.0.0.1:2375' }), path: 's/h1', what: 'uses an unsupported scheme', fix: 'Use "unix:///var/run/docker.sock" for the local engine' },
  { name: 'host: endpoint with a password, not repeated', build: (app) => hostIn(stackOf(app), { endpoint: 'ssh://ops:hunter2@10.0.0.5' }), path: 's/h1', what: '"ssh://ops:***@10.0.0.5" carries a password', fix: 'use an SSH key or agent instead' },
  { name: 'host: endpoint with shell syntax', build: (app) => hostIn(stackOf(app), { endpoint: 'unix:///run/$(reboot).sock' }), path: 's/h1', what: 'does not name an absolute socket path of plain characters', fix: 'Use "unix:///var/run/docker.sock"' },
  { name: 'host: sshOptions not a list', build: (app) => hostIn(stackOf(app), untyped({ sshOptions: '-o StrictHostKeyChecking=yes' })), path: 's/h1', what: 'prop "sshOptions" must be a list, got the string', fix: 'Pass a list' },
  { name: 'host: relative stateDirectory', build: (app) => hostIn(stackOf(app), { stateDirectory: 'var/lib/cdn' }), path: 's/h1', what: 'stateDirectory "var/lib/cdn" is not an absolute path', fix: 'Use e.g. "/var/lib/cdktf-docker-network"' },
  { name: 'host: stateDirectory climbing out', build: (app) => hostIn(stackOf(app), { stateDirectory: '/var/lib/../../etc' }), path: 's/h1', what: 'stateDirectory "/var/lib/../../etc" is not an absolute path', fix: 'Use e.g. "/var/lib/cdktf-docker-network"' },
  { name: 'host: stateDirectory with a space', build: (app) => hostIn(stackOf(app), { stateDirectory: '/var/lib/my state' }), path: 's/h1', what: 'stateDirectory "/var/lib/my state" is not an absolute path', fix: 'Use e.g. "/var/lib/cdktf-docker-network"' },
  { name: 'host: agent as a string', build: (app) => hostIn(stackOf(app), untyped({ agent: 'no' })), path: 's/h1', what: 'prop "agent" must be true or false, got the string "no"', fix: 'Pass true or false' },
  { name: 'host: a stack name that cannot mark host objects', build: (app) => hostIn(new TerraformStack(app, 'prod@eu')), path: 'prod@eu/h1', what: 'stack name "prod@eu" cannot mark the objects it makes on hosts', fix: "name the stack with at most 64 letters, digits, '_', '.' and '-'" },
  { name: 'service: unknown restart policy', build: withHost((_, host) => serviceOn(host, 'web', untyped({ restart: 'sometimes' }))), path: 's/web', what: 'prop "restart"', fix: '"unless-stopped"' },
  { name: 'host: manageContainers as a string', build: (app) => hostIn(stackOf(app), untyped({ manageContainers: 'false' })), path: 's/h1', what: 'prop "manageContainers" must be true or false, got the string "false"', fix: 'Write it without quotes: false' },
  { name: 'host: access that is a plain object', build: (app) => hostIn(stackOf(app), untyped({ access: { kind: 'ssh', host: '10.0.0.5' } })), path: 's/h1', what: 'prop "access" must be a HostAccess', fix: 'HostAccess.ssh({ host })' },
  { name: 'host: link network name with a space', build: withHost((_, host) => serviceOn(host, 'web').link(serviceOn(host, 'db')), { linkNetworkName: 'app links' }), path: 's/h1', what: 'link network name "app links" is not valid', fix: 'Set linkNetworkName to e.g. "h1-links"' },
  { name: 'host: link network name with Terraform syntax', build: withHost((_, host) => serviceOn(host, 'web').link(serviceOn(host, 'db')), { linkNetworkName: '${file("/etc/passwd")}' }), path: 's/h1', what: 'link network name "${file(\\"/etc/passwd\\")}" is not valid', fix: 'Set linkNetworkName' },
  { name: 'host: two hosts with one name', build: (app) => { const stack = stackOf(app); hostIn(stack, { name: 'box' }, 'a'); hostIn(stack, { name: 'box' }, 'b'); }, path: 's/b', what: 'host name "box" is already used by s/a', fix: 'Give each host its own name' },
  { name: 'host: link network name taken by a static network', build: withHost((stack, host) => { serviceOn(host, 'web').link(serviceOn(host, 'db')); network(stack, host, { networkName: 'h1-links' }); }), path: 's/net', what: 'Docker network "h1-links" on host "h1" is already used by s/h1', fix: 'Set networkName to a name of its own' },
  { name: 'ssh access: port as a string', build: (app) => hostIn(stackOf(app), { access: HostAccess.ssh(untyped({ host: '10.0.0.5', port: '22' })) }), path: 's/h1', what: 'SSH option "port" must be a number, got the string "22"', fix: 'Write it as a number, without quotes: 22' },
  { name: 'ssh access: unknown private key source', build: (app) => hostIn(stackOf(app), { access: HostAccess.ssh(untyped({ host: '10.0.0.5', privateKey: 'file' })) }), path: 's/h1', what: 'SSH option "privateKey" is the string "file", which is not one of "agent", "variable"', fix: 'Use one of those' },
  { name: 'ssh access: host with a space', build: (app) => hostIn(stackOf(app), { access: HostAccess.ssh({ host: 'bad host' }) }), path: 's/h1', what: 'SSH host "bad host" is not a host name or IP address', fix: 'host access:' },
  { name: 'ssh access: user with a semicolon', build: (app) => hostIn(stackOf(app), { access: HostAccess.ssh({ host: '10.0.0.5', user: 'ops;id' }) }), path: 's/h1', what: 'SSH user "ops;id" is not a valid user name', fix: 'host access:' },
  { name: 'ssh access: sudo as a string', build: (app) => hostIn(stackOf(app), { access: HostAccess.ssh(untyped({ host: '10.0.0.5', sudo: 'yes' })) }), path: 's/h1', what: 'SSH option "sudo" must be true or false', fix: 'Pass true or false' },
  { name: 'lab access: LD_PRELOAD in the environment', build: (app) => hostIn(stackOf(app), { access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { LD_PRELOAD: '/tmp/x.so' } }) }), path: 's/h1', what: 'environment variable "LD_PRELOAD" of the host\'s commands is not allowed', fix: 'Remove it' },
  { name: 'lab access: PATH in the environment', build: (app) => hostIn(stackOf(app), { access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { PATH: '/tmp/evil' } }) }), path: 's/h1', what: 'environment variable "PATH" of the host\'s commands is not allowed', fix: 'only DOCKER_* and OVS_* settings' },
  { name: 'lab access: BASH_ENV in the environment', build: (app) => hostIn(stackOf(app), { access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { BASH_ENV: '/tmp/rc' } }) }), path: 's/h1', what: 'environment variable "BASH_ENV" of the host\'s commands is not allowed', fix: 'Remove it' },
  { name: 'lab access: a script variable in the environment', build: (app) => hostIn(stackOf(app), { access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { CDN_SCRIPT: 'reboot' } }) }), path: 's/h1', what: 'environment variable "CDN_SCRIPT" of the host\'s commands is not allowed', fix: 'Remove it' },
  { name: 'lab access: namespace with a slash', build: (app) => hostIn(stackOf(app), { access: HostAccess.labNamespace({ namespace: '../etc' }) }), path: 's/h1', what: 'lab namespace "../etc" is not a valid network namespace name', fix: "use letters, digits, '_', '.' and '-'" },
  { name: 'lab access: environment value with NUL', build: (app) => hostIn(stackOf(app), { access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { DOCKER_HOST: 'unix:///x\0y' } }) }), path: 's/h1', what: 'lab namespace option "environment.DOCKER_HOST" contains a NUL byte', fix: 'Remove it' },

  // Service
  { name: 'service: host given by name', build: (app) => { const stack = stackOf(app); hostIn(stack); new Service(stack, 'web', untyped({ host: 'h1', image: 'nginx:1.27' })); }, path: 's/web', what: 'prop "host" must be a DockerHost', fix: "new DockerHost(stack, 'h1')" },
  { name: 'service: no image', build: withHost((stack, host) => new Service(stack, 'web', untyped({ host }))), path: 's/web', what: 'prop "image" is required', fix: 'Set it' },
  { name: 'service: image with capitals', build: withHost((_, host) => serviceOn(host, 'web', { image: 'Nginx:latest' })), path: 's/web', what: 'image "Nginx:latest" is not a valid Docker image reference', fix: 'Repository names must be lower case' },
  { name: 'service: image with a space', build: withHost((_, host) => serviceOn(host, 'web', { image: 'nginx latest' })), path: 's/web', what: 'image "nginx latest" is not a valid Docker image reference', fix: 'Use [registry/]name[:tag][@sha256:digest]' },
  { name: 'service: container name with a space', build: withHost((_, host) => serviceOn(host, 'web', { name: 'web server' })), path: 's/web', what: 'container name "web server" is not valid', fix: 'Rename it, e.g. "MongoDB" or "mongo-db"' },
  { name: 'service: container name of one character', build: withHost((_, host) => serviceOn(host, 'web', { name: 'w' })), path: 's/web', what: 'container name "w" is not valid', fix: 'at least two characters' },
  { name: 'service: environment as a list', build: withHost((_, host) => serviceOn(host, 'web', untyped({ environment: ['A=1'] }))), path: 's/web', what: 'prop "environment" must be an object, got a list', fix: 'Pass an object' },
  { name: 'service: environment value as a number', build: withHost((_, host) => serviceOn(host, 'web', untyped({ environment: { WORKERS: 4 } }))), path: 's/web', what: 'prop "environment.WORKERS" must be a string, got number 4', fix: 'Write it in quotes: "4"' },
  { name: 'service: environment value with NUL', build: withHost((_, host) => serviceOn(host, 'web', { environment: { TOKEN: 'ab\0cd' } })), path: 's/web', what: 'prop "environment.TOKEN" contains a NUL byte', fix: 'Remove it' },
  { name: 'service: environment value with a lone carriage return', build: withHost((_, host) => serviceOn(host, 'web', { environment: { NAME: 'a\r$${b}' } })), path: 's/web', what: 'prop "environment.NAME" contains a carriage return without a line feed after it', fix: 'end the line with \\r\\n' },
  { name: 'service: environment value with a lone surrogate', build: withHost((_, host) => serviceOn(host, 'web', { environment: { NAME: JSON.parse('"caf\\ud800"') } })), path: 's/web', what: 'prop "environment.NAME" contains a lone UTF-16 surrogate', fix: 'write the whole character' },
  { name: 'service: environment key with "="', build: withHost((_, host) => serviceOn(host, 'web', { environment: { 'A=B': '1' } })), path: 's/web', what: 'environment variable name "A=B" is not valid', fix: 'e.g. "MONGO_VERSION"' },
  { name: 'service: environment key with "$("', build: withHost((_, host) => serviceOn(host, 'web', { environment: { '$(reboot)': '1' } })), path: 's/web', what: 'environment variable name "$(reboot)" is not valid', fix: "use letters, digits, '_', '.' and '-'" },
  { name: 'service: exposed port as a number', build: withHost((_, host) => serviceOn(host, 'web', untyped({ exposedPorts: [9200] }))), path: 's/web', what: 'prop "exposedPorts[0]" must be a ContainerPort', fix: 'e.g. ContainerPort.tcp(27017)' },
  { name: 'service: exposed port number in quotes', build: withHost((_, host) => serviceOn(host, 'web', { exposedPorts: [ContainerPort.tcp(untyped('9200'))] })), path: 's/web', what: 'exposed port "9200"/tcp is not a number', fix: 'write it without quotes' },
  { name: 'service: exposed port 0', build: withHost((_, host) => serviceOn(host, 'web', { exposedPorts: [ContainerPort.udp(0)] })), path: 's/web', what: 'exposed port 0/udp is outside 1–65535', fix: 'Expose the port the process listens on' },
  { name: 'service: keepImageLocally as a string', build: withHost((_, host) => serviceOn(host, 'web', untyped({ keepImageLocally: 'yes' }))), path: 's/web', what: 'prop "keepImageLocally" must be true or false', fix: 'Pass true or false' },
  { name: 'service: misspelt prop', build: withHost((_, host) => serviceOn(host, 'web', untyped({ enviroment: { A: '1' } }))), path: 's/web', what: 'prop "enviroment" is not a known setting', fix: 'did you mean "environment"?' },
  { name: 'service: link without a target', build: withHost((_, host) => serviceOn(host, 'web', untyped({ links: [{ alias: 'db' }] }))), path: 's/web', what: 'prop "links[0].target" is required: it must be a Service or the container name of one', fix: 'on the same host' },
  { name: 'service: link with a misspelt option', build: withHost((_, host) => serviceOn(host, 'web', untyped({ links: [{ target: 'db', alais: 'x' }] }))), path: 's/web', what: 'prop "links[0].alais" is not a known setting', fix: 'did you mean "alias"?' },
  { name: 'service: link to an unknown service', build: withHost((_, host) => { serviceOn(host, 'MongoDB'); serviceOn(host, 'Tomcat', { links: [{ target: 'Mongo', alias: 'db' }] }); }), path: 's/Tomcat', what: 'link Mongo:db targets an unknown service "Mongo"', fix: 'check the spelling or declare the service' },
  { name: 'service: link to itself', build: withHost((_, host) => serviceOn(host, 'web', { links: [{ target: 'web', alias: 'me' }] })), path: 's/web', what: 'link web:me points at the service itself', fix: 'Link to another service' },
  { name: 'service: link across hosts', build: (app) => { const stack = stackOf(app); const a = hostIn(stack, {}, 'a1'); serviceOn(hostIn(stack, {}, 'b1'), 'db'); serviceOn(a, 'web', { links: [{ target: 'db' }] }); }, path: 's/web', what: 'link db:db targets a service on another host', fix: 'reach it over a multi-host network' },
  { name: 'service: link alias with a space', build: withHost((_, host) => serviceOn(host, 'web').link(serviceOn(host, 'db'), { alias: 'my db' })), path: 's/web', what: 'link alias "my db" is not valid', fix: 'the alias names the link variables' },
  { name: 'service: two aliases giving one variable prefix', build: withHost((_, host) => { const web = serviceOn(host, 'web'); web.link(serviceOn(host, 'db1'), { alias: 'my-db' }); web.link(serviceOn(host, 'db2'), { alias: 'my_db' }); }), path: 's/web', what: 'both produce variables named MY_DB_*', fix: 'Give one of the links another alias' },
  { name: 'service: links forming a cycle', build: withHost((_, host) => { const a = serviceOn(host, 'a1'); const b = serviceOn(host, 'b1'); a.link(b); b.link(a); }), path: 's/h1', what: 'links form a cycle', fix: 'Remove one of the links in the cycle' },
  { name: 'service: link options that are a string', build: withHost((_, host) => serviceOn(host, 'web').link(serviceOn(host, 'db'), untyped('db'))), path: 's/web', what: 'link() options must be an object, got the string "db"', fix: 'Pass an object with alias' },
  { name: 'service: link target that is a number', build: withHost((_, host) => serviceOn(host, 'web').link(untyped(42))), path: 's/web', what: 'link() target must be a Service or the container name of one', fix: 'on the same host' },
  { name: 'service: link variable the link does not set', build: withHost((_, host) => { const web = serviceOn(host, 'web'); web.link(serviceOn(host, 'db', { exposedPorts: [ContainerPort.tcp(27017)] })); web.addEnvironment('DB', web.linkVariable('db', 'DB_PORT_27019_TCP_ADDR')); }), path: 's/web', what: 'link "db" does not set DB_PORT_27019_TCP_ADDR', fix: "Check the name against the target's exposed ports" },
  { name: 'service: link variable from an unknown alias', build: withHost((_, host) => { const web = serviceOn(host, 'web'); web.addEnvironment('ES', web.linkVariable('es', 'ES_PORT')); }), path: 's/web', what: 'there is no link with that alias', fix: 'Link the service first' },
  { name: 'service: publish a number instead of a port', build: withHost((_, host) => serviceOn(host, 'web').publish(untyped(80))), path: 's/web', what: 'publish() port must be a ContainerPort', fix: 'e.g. ContainerPort.tcp(27017)' },
  { name: 'service: host port in quotes', build: withHost((_, host) => serviceOn(host, 'web').publish(ContainerPort.tcp(8080), untyped({ hostPort: '80' }))), path: 's/web', what: 'publish() options "hostPort" must be a number, got the string "80"', fix: 'Write it as a number, without quotes: 80' },
  { name: 'service: host port 70000', build: withHost((_, host) => serviceOn(host, 'web').publish(ContainerPort.tcp(8080), { hostPort: 70000 })), path: 's/web', what: 'host port 70000 (for 8080/tcp) is outside 1–65535', fix: 'Choose a host port between 1 and 65535' },
  { name: 'service: host IP that is a name', build: withHost((_, host) => serviceOn(host, 'web').publish(ContainerPort.tcp(8080), { hostIp: 'localhost' })), path: 's/web', what: 'host IP "localhost" (for 8080/tcp) is not an IPv4 or IPv6 address', fix: 'Use e.g. "0.0.0.0"' },
  { name: 'service: one host port published twice', build: withHost((_, host) => { serviceOn(host, 'a1').publish(ContainerPort.tcp(80)); serviceOn(host, 'b1').publish(ContainerPort.tcp(8080), { hostPort: 80 }); }), path: 's/h1', what: 'host port 0.0.0.0:80/tcp is already published by s/a1', fix: 'Publish on another host port' },
  { name: 'service: two containers with one name', build: withHost((_, host) => { serviceOn(host, 'first', { name: 'db' }); serviceOn(host, 'second', { name: 'db' }); }), path: 's/h1', what: 'container name "db" is already used on host "h1" by s/first', fix: 'rename one of the services' },
  { name: 'service: addEnvironment with a number', build: withHost((_, host) => serviceOn(host, 'web').addEnvironment('WORKERS', untyped(4))), path: 's/web', what: 'addEnvironment() value must be a string, got number 4', fix: 'Write it in quotes: "4"' },
  { name: 'service: extra host name with "!"', build: withHost((_, host) => serviceOn(host, 'web').addExtraHost('db!', '10.0.0.5')), path: 's/web', what: 'extra host name "db!" is not a valid host name', fix: 'e.g. "host.docker.internal"' },
  { name: 'service: extra host address that is a name', build: withHost((_, host) => serviceOn(host, 'web').addExtraHost('db', 'database')), path: 's/web', what: 'has address "database", which is neither an IP address nor "host-gateway"', fix: 'Use e.g. "10.0.0.5" or "host-gateway"' },
  { name: 'service: links on a host whose containers are external', build: withHost((_, host) => serviceOn(host, 'web').link(serviceOn(host, 'db')), { manageContainers: false }), path: 's/web', what: 'links need Terraform-managed containers', fix: 'Remove the links or let Terraform manage the containers' },

  // StaticNetwork
  { name: 'static network: unknown mode', build: withHost((stack, host) => network(stack, host, untyped({ mode: 'dhcp' }))), path: 's/net', what: 'prop "mode" is the string "dhcp", which is not one of "native", "provisioner"', fix: 'Use one of those' },
  { name: 'static network: mode in capitals', build: withHost((stack, host) => network(stack, host, untyped({ mode: 'NATIVE' }))), path: 's/net', what: 'prop "mode" is the string "NATIVE"', fix: 'did you mean "native"?' },
  { name: 'static network: no subnet', build: withHost((stack, host) => new StaticNetwork(stack, 'net', untyped({ host, mode: 'native' }))), path: 's/net', what: 'prop "subnet" is required', fix: 'Set it' },
  { name: 'static network: subnet without prefix', build: withHost((stack, host) => network(stack, host, { subnet: '10.42.0.0' })), path: 's/net', what: 'subnet "10.42.0.0" is not an IPv4 CIDR', fix: 'e.g. "10.42.0.0/24"' },
  { name: 'static network: subnet with host bits', build: withHost((stack, host) => network(stack, host, { subnet: '10.42.0.5/24' })), path: 's/net', what: 'subnet 10.42.0.5/24 has host bits set', fix: 'Write the network address: "10.42.0.0/24"' },
  { name: 'static network: subnet too small', build: withHost((stack, host) => network(stack, host, { subnet: '10.42.0.0/31' })), path: 's/net', what: 'has no room for a gateway and a container', fix: 'Use a prefix of /30 or shorter' },
  { name: 'static network: gateway outside', build: withHost((stack, host) => network(stack, host, { gateway: '10.43.0.1' })), path: 's/net', what: 'gateway 10.43.0.1 is outside subnet 10.42.0.0/24', fix: 'Choose a gateway inside the subnet' },
  { name: 'static network: dynamic range outside', build: withHost((stack, host) => network(stack, host, { dynamicRange: '10.43.0.0/25' })), path: 's/net', what: 'dynamic range 10.43.0.0/25 is not inside subnet 10.42.0.0/24', fix: 'Choose a range within the subnet' },
  { name: 'static network: address outside the subnet', build: withHost((stack, host) => network(stack, host).assign(serviceOn(host, 'db'), { address: '10.43.0.9' })), path: 's/net', what: 's/db: address 10.43.0.9 is outside subnet 10.42.0.0/24', fix: 'Choose an address between 10.42.0.1 and 10.42.0.254' },
  { name: 'static network: the broadcast address', build: withHost((stack, host) => network(stack, host).assign(serviceOn(host, 'db'), { address: '10.42.0.255' })), path: 's/net', what: 's/db: address 10.42.0.255 is the broadcast address of 10.42.0.0/24', fix: 'Choose an address between' },
  { name: 'static network: one address twice', build: withHost((stack, host) => { const net = network(stack, host); net.assign(serviceOn(host, 'a1'), { address: '10.42.0.9' }); net.assign(serviceOn(host, 'b1'), { address: '10.42.0.9' }); }), path: 's/net', what: 's/b1: address 10.42.0.9 is already taken by s/a1', fix: 'Give each service its own address' },
  { name: 'static network: address as a number', build: withHost((stack, host) => network(stack, host).assign(serviceOn(host, 'db'), untyped({ address: 10 }))), path: 's/net', what: 'assign() options "address" must be a string, got number 10', fix: 'Write it in quotes: "10"' },
  { name: 'static network: assign a name instead of a service', build: withHost((stack, host) => { serviceOn(host, 'db'); network(stack, host).assign(untyped('db')); }), path: 's/net', what: 'assign() service must be a Service', fix: "new Service(stack, 'db'" },
  { name: 'static network: a service of another host', build: (app) => { const stack = stackOf(app); const h1 = hostIn(stack); network(stack, h1).assign(serviceOn(hostIn(stack, {}, 'h2'), 'db')); }, path: 's/net', what: 's/db: is on host "h2", but static network s/net is on host "h1"', fix: 'Assign it on a network of its own host' },
  { name: 'static network: a service assigned twice', build: withHost((stack, host) => { const net = network(stack, host); const db = serviceOn(host, 'db'); net.assign(db); net.assign(db); }), path: 's/net', what: 's/db: has two addresses on static network s/net', fix: 'Assign it once' },
  { name: 'static network: MAC in native mode', build: withHost((stack, host) => network(stack, host).assign(serviceOn(host, 'db'), { mac: '02:42:0a:2a:00:0a' })), path: 's/net', what: 's/db: a MAC address can only be set in provisioner mode', fix: 'Remove mac, or use AddressMode.PROVISIONER' },
  { name: 'static network: multicast MAC', build: withHost((stack, host) => network(stack, host, { mode: AddressMode.PROVISIONER }).assign(serviceOn(host, 'db'), { mac: '01:00:5e:00:00:01' })), path: 's/net', what: 's/db: MAC address 01:00:5e:00:00:01 is a multicast address', fix: 'the first byte must be even' },
  { name: 'static network: bridge name too long', build: withHost((stack, host) => network(stack, host, { mode: AddressMode.PROVISIONER, bridge: { name: 'a-very-long-bridge-name' } }).assign(serviceOn(host, 'db'))), path: 's/net', what: 's/db: bridge name "a-very-long-bridge-name" is not a valid Linux interface name', fix: 'use at most 15' },
  { name: 'static network: unknown bridge kind', build: withHost((stack, host) => network(stack, host, untyped({ mode: 'provisioner', bridge: { kind: 'vpp', name: 'br0' } }))), path: 's/net', what: 'prop "bridge.kind" is the string "vpp", which is not one of "linux", "ovs"', fix: 'Use one of those' },
  { name: 'static network: interface eth0', build: withHost((stack, host) => network(stack, host, { mode: AddressMode.PROVISIONER, interfaceName: 'eth0' }).assign(serviceOn(host, 'db'))), path: 's/net', what: 's/db: container interface name "eth0" belongs to Docker\'s own networking', fix: 'Use another name, e.g. "eth1"' },
  { name: 'static network: interface Docker gives a second network', build: withHost((stack, host) => { const db = serviceOn(host, 'db'); serviceOn(host, 'web').link(db); network(stack, host, { networkName: 'h1-native' }, 'native').assign(db); network(stack, host, { mode: AddressMode.PROVISIONER, subnet: '10.77.0.0/24' }, 'pipework').assign(db); }), path: 's/pipework', what: 's/db: gets interface eth1 from static network s/pipework, but Docker names the interfaces of its 2 Docker networks eth0–eth1', fix: 'Set interfaceName to e.g. "eth2"' },
  { name: 'static network: two provisioner networks give one container eth1', build: withHost((stack, host) => { const db = serviceOn(host, 'db'); network(stack, host, { mode: AddressMode.PROVISIONER }, 'n1').assign(db); network(stack, host, { mode: AddressMode.PROVISIONER, subnet: '10.77.0.0/24' }, 'n2').assign(db); }), path: 's/n2', what: 'container interface "db eth1" on host "h1" is already used by s/n1', fix: 'Set interfaceName of one of them to another name' },
  { name: 'static network: overlapping subnets on one host', build: withHost((stack, host) => { network(stack, host, {}, 'n1'); network(stack, host, { subnet: '10.42.0.128/25' }, 'n2'); }), path: 's/n2', what: 'subnet 10.42.0.128/25 overlaps subnet 10.42.0.0/24 of s/n1', fix: 'Give each network its own subnet' },
  { name: 'static network: two native networks with one name', build: withHost((stack, host) => { network(stack, host, { networkName: 'backend' }, 'n1'); network(stack, host, { networkName: 'backend', subnet: '10.77.0.0/24' }, 'n2'); }), path: 's/n2', what: 'Docker network "backend" on host "h1" is already used by s/n1', fix: 'Set networkName to a name of its own' },
  { name: 'static network: networkName in provisioner mode', build: withHost((stack, host) => network(stack, host, { mode: AddressMode.PROVISIONER, networkName: 'x1' })), path: 's/net', what: 'networkName applies to native mode only', fix: 'Remove it, or use AddressMode.NATIVE' },
  { name: 'static network: provisioner setting in native mode', build: withHost((stack, host) => network(stack, host, { interfaceName: 'eth2' })), path: 's/net', what: 'interfaceName applies to provisioner mode only', fix: 'Remove it, or use AddressMode.PROVISIONER' },
  { name: 'static network: MTU below the minimum', build: withHost((stack, host) => network(stack, host, { mode: AddressMode.PROVISIONER, mtu: 10 }).assign(serviceOn(host, 'db'))), path: 's/net', what: 's/db: MTU 10 is outside 68–65535', fix: "Leave it unset to copy the bridge's MTU" },
  { name: 'static network: native mode without managed containers', build: withHost((stack, host) => network(stack, host), { manageContainers: false }), path: 's/net', what: 'native mode needs Terraform to manage the containers of host "h1"', fix: 'Use AddressMode.PROVISIONER' },
  { name: 'static network: the address of a service never assigned', build: withHost((stack, host) => { const db = serviceOn(host, 'db'); serviceOn(host, 'web').addEnvironment('DB_HOST', network(stack, host).addressOf(db)); }), path: 's/net', what: 'addressOf(s/db) was asked, but the service has no address on this static network', fix: 'Call assign(service) on this static network, or use addressOf() of the network the service is on' },
  { name: 'static network: addressOf a container name', build: withHost((stack, host) => { serviceOn(host, 'db'); network(stack, host).addressOf(untyped('db')); }), path: 's/net', what: 'addressOf() service must be a Service', fix: "new Service(stack, 'db'" },
  { name: 'static network: plannedAddress of a container name', build: withHost((stack, host) => { serviceOn(host, 'db'); network(stack, host).plannedAddress(untyped('db')); }), path: 's/net', what: 'plannedAddress() service must be a Service', fix: "new Service(stack, 'db'" },
  { name: 'static network: defaultRoute as a string', build: withHost((stack, host) => network(stack, host, untyped({ mode: 'provisioner', defaultRoute: 'true' }))), path: 's/net', what: 'prop "defaultRoute" must be true or false, got the string "true"', fix: 'Write it without quotes: true' },

  // OverlayFabric
  { name: 'fabric: unknown tunnel type', build: fabricApp({ engine: FabricEngine.mesh(untyped({ tunnel: 'ipip' })) }), path: 's/fab', what: 'FabricEngine.mesh() option "tunnel" is the string "ipip", which is not one of "gre", "vxlan"', fix: 'Use one of those' },
  { name: 'fabric: Geneve on the mesh', build: fabricApp({ engine: FabricEngine.mesh(untyped({ tunnel: 'geneve' })) }), path: 's/fab', what: 'the mesh engine cannot build Geneve tunnels', fix: "Use FabricEngine.ovn({ encapsulation: 'geneve', central: … })" },
  { name: 'fabric: a mesh prop given to the fabric', build: fabricApp(untyped({ tunnel: 'vxlan' })), path: 's/fab', what: 'prop "tunnel" belongs to the mesh engine now', fix: "Move it into the engine: engine: FabricEngine.mesh({ tunnel: 'vxlan' })" },
  { name: 'fabric: a mesh prop given to the fabric, its value not plain', build: fabricApp(untyped({ loopPrevention: { mode: 'stp' } })), path: 's/fab', what: 'prop "loopPrevention" belongs to the mesh engine now', fix: "Move it into the engine: engine: FabricEngine.mesh({ loopPrevention: 'rstp' })" },
  { name: 'fabric: engine as a string', build: fabricApp(untyped({ engine: 'ovn' })), path: 's/fab', what: 'prop "engine" must be a FabricEngine', fix: 'FabricEngine.ovn({ central: host })' },
  { name: 'fabric: misspelt engine prop', build: fabricApp(untyped({ enigne: FabricEngine.mesh() })), path: 's/fab', what: 'prop "enigne" is not a known setting', fix: 'did you mean "engine"?' },
  { name: 'fabric: unknown datapath', build: fabricApp(untyped({ datapath: 'dpdk' })), path: 's/fab', what: 'prop "datapath" is the string "dpdk", which is not one of "system", "netdev"', fix: 'Use one of those' },
  { name: 'fabric: unknown MTU policy', build: fabricApp(untyped({ mtuPolicy: 'shrink' })), path: 's/fab', what: 'prop "mtuPolicy" is the string "shrink", which is not one of "raise-underlay", "lower-containers"', fix: 'Use one of those' },
  { name: 'fabric: no loop prevention', build: fabricApp({ engine: FabricEngine.mesh(untyped({ loopPrevention: 'none' })) }), path: 's/fab', what: 'FabricEngine.mesh() option "loopPrevention" is the string "none", which is not one of "protected", "stp", "rstp"', fix: 'Use one of those' },
  { name: 'fabric: misspelt engine option', build: fabricApp({ engine: FabricEngine.mesh(untyped({ loopPrevension: 'stp' })) }), path: 's/fab', what: 'FabricEngine.mesh() option "loopPrevension" is not a known setting', fix: 'did you mean "loopPrevention"?' },
  { name: 'fabric: misspelt prop', build: fabricApp(untyped({ mtuPolicyy: 'lower-containers' })), path: 's/fab', what: 'prop "mtuPolicyy" is not a known setting', fix: 'did you mean "mtuPolicy"?' },
  { name: 'fabric: a mesh option given to OVN', build: fabricApp({}, (stack, _, [h1]) => ovnFabric(stack, [h1!], untyped({ central: h1, loopPrevention: 'stp' }))), path: 's/ovn', what: 'FabricEngine.ovn() option "loopPrevention" is not a known setting', fix: 'known: central, externalCentral' },
  { name: 'fabric: OVN without a central host', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, {})), path: 's/ovn', what: 'the OVN engine has no control plane', fix: 'Set central to a host of the fabric' },
  { name: 'fabric: OVN over GRE', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, untyped({ central: hosts[0], encapsulation: 'gre' }))), path: 's/ovn', what: 'OVN cannot carry a fabric over GRE', fix: "or FabricEngine.mesh({ tunnel: 'gre' })" },
  { name: 'fabric: OVN central host not in the fabric', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, { central: hostIn(stack, {}, 'h3') })), path: 's/ovn', what: 'central host "h3" is not part of the fabric', fix: 'Add it with addHost() first, or choose a host of the fabric' },
  { name: 'fabric: OVN with two central hosts', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, { central: hosts })), path: 's/ovn', what: 'the OVN control plane has 2 central hosts: a Raft cluster needs a majority', fix: 'Use 1, 3 or 5' },
  { name: 'fabric: OVN central and externalCentral', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, { central: hosts[0]!, externalCentral: ['192.168.0.5'] })), path: 's/ovn', what: 'the OVN engine has both central hosts and an externalCentral', fix: 'Set one of them' },
  { name: 'fabric: OVN externalCentral with a prefix', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, { externalCentral: ['192.168.0.5/24'] })), path: 's/ovn', what: 'externalCentral address "192.168.0.5/24" is not an IPv4 address (without prefix)', fix: 'e.g. "192.168.0.5"' },
  { name: 'fabric: OVN central as a host name', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, untyped({ central: 'h1' }))), path: 's/ovn', what: 'FabricEngine.ovn() option "central" must be a DockerHost or a list of them', fix: 'central: [hostA, hostB, hostC]' },
  { name: 'fabric: two OVN fabrics on one host', build: fabricApp({}, (stack, _, hosts) => { ovnFabric(stack, hosts, { central: hosts[0]! }); ovnFabric(stack, hosts, { central: hosts[0]! }, 'ovn2', '10.80.0.0/16'); }), path: 's/ovn2', what: 'OVN chassis "ovn-controller" on host "h1" is already used by s/ovn', fix: 'give each OVN fabric its own hosts' },
  { name: 'fabric: OVN logical switch name with a space', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, { central: hosts[0]!, logicalSwitch: 'my switch' })), path: 's/ovn', what: 'logical switch name "my switch" is not valid', fix: "letters, digits, '_', '.' and '-'" },
  { name: 'fabric: OVN container interface name too long', build: fabricApp({}, (stack, _, hosts) => ovnFabric(stack, hosts, { central: hosts[0]!, interfaceName: 'overlay-interface' }).assign(serviceOn(hosts[1]!, 'db'))), path: 's/ovn', what: 's/db: container interface name "overlay-interface" is not a valid Linux interface name', fix: 'use at most 15' },
  { name: 'fabric: host prefix length as a string', build: fabricApp(untyped({ hostPrefixLength: '24' })), path: 's/fab', what: 'prop "hostPrefixLength" must be a number, got the string "24"', fix: 'Write it as a number, without quotes: 24' },
  { name: 'fabric: host prefix longer than /29', build: fabricApp({ hostPrefixLength: 30 }), path: 's/fab', what: 'host prefix length 30 must be longer than the fabric\'s /16 and at most /29', fix: 'Use e.g. 24' },
  { name: 'fabric: no hosts', build: (app) => new OverlayFabric(stackOf(app), 'fab', { subnet: '10.50.0.0/16' }), path: 's/fab', what: 'the fabric has no hosts', fix: 'Add at least two with addHost()' },
  { name: 'fabric: one host', build: (app) => { const stack = stackOf(app); new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' }).addHost(hostIn(stack), { underlayAddress: '192.168.0.11/24' }); }, path: 's/fab', what: 'the fabric has one host ("h1"): a tunnel needs two', fix: 'Add another host' },
  { name: 'fabric: a host added twice', build: fabricApp({}, (_, fabric, [h1]) => fabric.addHost(h1!, { underlayAddress: '192.168.0.21/24' })), path: 's/fab', what: 'addHost() adds host "h1" (s/h1) a second time', fix: 'Add each host once' },
  { name: 'fabric: two hosts with one name', build: fabricApp({}, (stack, fabric) => fabric.addHost(hostIn(stack, { name: 'h1' }, 'other'), { underlayAddress: '192.168.0.21/24' })), path: 's/fab', what: 'addHost() adds s/other named "h1", but s/h1 joined the fabric under that name', fix: 'Give each DockerHost its own name' },
  { name: 'fabric: addHost without options', build: (app) => { const stack = stackOf(app); new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' }).addHost(hostIn(stack), untyped(undefined)); }, path: 's/fab', what: 'addHost() options is required', fix: 'Set it' },
  { name: 'fabric: underlay address without prefix', build: (app) => { const stack = stackOf(app); const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' }); fabric.addHost(hostIn(stack), { underlayAddress: '192.168.0.11' }); fabric.addHost(hostIn(stack, {}, 'h2'), { underlayAddress: '192.168.0.12/24' }); }, path: 's/fab', what: 'underlay address "192.168.0.11" of host "h1" is not an IPv4 address with prefix length', fix: 'e.g. "192.168.0.11/24"' },
  { name: 'fabric: two hosts on one underlay address', build: (app) => { const stack = stackOf(app); const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' }); fabric.addHost(hostIn(stack), { underlayAddress: '192.168.0.11/24' }); fabric.addHost(hostIn(stack, {}, 'h2'), { underlayAddress: '192.168.0.11/24' }); }, path: 's/fab', what: 'underlay address 192.168.0.11 of host "h2" is also the underlay address of host "h1"', fix: 'Give each host its own underlay address' },
  { name: 'fabric: underlay inside the fabric subnet', build: (app) => { const stack = stackOf(app); const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16' }); fabric.addHost(hostIn(stack), { underlayAddress: '10.50.9.11/24' }); fabric.addHost(hostIn(stack, {}, 'h2'), { underlayAddress: '192.168.0.12/24' }); }, path: 's/fab', what: 'underlay address 10.50.9.11 of host "h1" is inside the fabric subnet 10.50.0.0/16', fix: 'Use separate subnets' },
  { name: 'fabric: slot outside the subnet', build: (app) => { const stack = stackOf(app); const fabric = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/23' }); fabric.addHost(hostIn(stack), { underlayAddress: '192.168.0.11/24', slot: 5 }); fabric.addHost(hostIn(stack, {}, 'h2'), { underlayAddress: '192.168.0.12/24' }); }, path: 's/fab', what: 'slot 5 of host "h1" is outside 0–1', fix: 'Use a free slot or a larger subnet' },
  { name: 'fabric: key zero', build: fabricApp({ engine: FabricEngine.mesh({ key: 0 }) }), path: 's/fab', what: 'key 0 is outside 1–4294967295 for GRE', fix: "leave key unset to derive one from the fabric's name" },
  { name: 'fabric: VXLAN key above 24 bits', build: fabricApp({ engine: FabricEngine.mesh({ tunnel: Tunnel.VXLAN, key: 16_777_216 }) }), path: 's/fab', what: 'key 16777216 is outside 1–16777215 for VXLAN', fix: 'Use a whole number in that range' },
  { name: 'fabric: container MTU too large', build: fabricApp({ containerMtu: 65530 }), path: 's/fab', what: 'needs an underlay MTU of 65572, above 65535', fix: 'Lower containerMtu' },
  { name: 'fabric: underlay MTU under raise-underlay', build: fabricApp({ underlayMtu: 9000 }), path: 's/fab', what: 'underlayMtu is computed under the raise-underlay policy', fix: 'Set containerMtu instead, or use lower-containers' },
  { name: 'fabric: OVS bridge name too long', build: fabricApp({ engine: FabricEngine.mesh({ ovsBridge: 'fabric-bridge-0001' }) }), path: 's/fab', what: 'OVS bridge name "fabric-bridge-0001" is not a valid Linux interface name', fix: 'use at most 15' },
  { name: 'fabric: name with a space', build: fabricApp({ name: 'my fabric' }), path: 's/fab', what: 'fabric network name "my fabric" is not valid', fix: "Docker allows letters, digits, '_', '.' and '-'" },
  { name: 'fabric: two fabrics on one OVS bridge', build: fabricApp({ engine: FabricEngine.mesh({ ovsBridge: 'br0' }) }, (stack, _, hosts) => { const other = new OverlayFabric(stack, 'fab2', { subnet: '10.60.0.0/16', engine: FabricEngine.mesh({ ovsBridge: 'br0' }) }); hosts.forEach((h, i) => other.addHost(h, { underlayAddress: `192.168.0.${11 + i}/24` })); }), path: 's/fab2', what: 'Open vSwitch bridge "br0" on host "h1" is already used by s/fab', fix: "Set the mesh engine's ovsBridge to a name of its own" },
  { name: 'fabric: two netdev fabrics on one underlay interface', build: fabricApp({ datapath: 'netdev' }, (stack, _, hosts) => { const other = new OverlayFabric(stack, 'fab2', { subnet: '10.60.0.0/16', datapath: 'netdev' }); hosts.forEach((h, i) => other.addHost(h, { underlayAddress: `192.168.0.${11 + i}/24` })); }), path: 's/fab2', what: 'Open vSwitch bridge "br-phy" on host "h1" is already used by s/fab', fix: 'use the system datapath, or another underlay interface and physicalBridge' },
  { name: 'fabric: two fabrics with one key', build: fabricApp({ engine: FabricEngine.mesh({ key: 7 }) }, (stack, _, hosts) => { const other = new OverlayFabric(stack, 'fab2', { subnet: '10.60.0.0/16', engine: FabricEngine.mesh({ key: 7 }) }); hosts.forEach((h, i) => other.addHost(h, { underlayAddress: `192.168.0.${11 + i}/24` })); }), path: 's/fab2', what: 'tunnel key "gre 7" on host "h1" is already used by s/fab', fix: "Set the mesh engine's key to a number of its own" },
  { name: 'fabric: overlapping fabric subnets on shared hosts', build: fabricApp({}, (stack, _, hosts) => { const other = new OverlayFabric(stack, 'fab2', { subnet: '10.50.128.0/17' }); hosts.forEach((h, i) => other.addHost(h, { underlayAddress: `192.168.0.${11 + i}/24` })); }), path: 's/fab2', what: 'fabric subnet 10.50.128.0/17 overlaps subnet 10.50.0.0/16 of fabric s/fab on hosts "h1", "h2"', fix: 'Give each fabric its own subnet' },
  { name: 'fabric: overlap with a static network', build: fabricApp({}, (stack, _, [h1]) => network(stack, h1!, { subnet: '10.50.3.0/24' })), path: 's/fab', what: 'fabric subnet 10.50.0.0/16 overlaps static network s/net (10.50.3.0/24) on host "h1"', fix: 'Give them separate subnets' },
  { name: 'fabric: a service of a host outside the fabric', build: fabricApp({}, (stack, fabric) => fabric.assign(serviceOn(hostIn(stack, {}, 'h3'), 'db'))), path: 's/fab', what: 's/db: is on host "h3", which is not part of fabric s/fab', fix: 'Add the host with addHost first' },
  { name: "fabric: an address outside the host's static half", build: fabricApp({}, (_, fabric, [h1]) => fabric.assign(serviceOn(h1!, 'db'), { address: '10.50.0.9' })), path: 's/fab', what: 's/db: address 10.50.0.9 is outside 10.50.0.128/25, the part of 10.50.0.0/16 this host plans from', fix: 'Choose an address between 10.50.0.128 and 10.50.0.255' },
  { name: 'fabric: the address of a service never assigned', build: fabricApp({}, (_, fabric, [h1, h2]) => serviceOn(h1!, 'web').addEnvironment('DB_HOST', fabric.addressOf(serviceOn(h2!, 'db')))), path: 's/fab', what: 'addressOf(s/db) was asked, but the service has no address on this fabric', fix: 'Call assign(service) on this fabric, or use addressOf() of the network the service is on' },
  { name: 'fabric: the address of a service on another network only', build: fabricApp({}, (stack, fabric, [h1]) => { const db = serviceOn(h1!, 'db'); network(stack, h1!, { subnet: '10.42.0.0/24' }).assign(db); serviceOn(h1!, 'web').addEnvironment('DB_HOST', fabric.addressOf(db)); }), path: 's/fab', what: 'addressOf(s/db) was asked, but the service has no address on this fabric', fix: 'use addressOf() of the network the service is on: s/net' },
  { name: 'fabric: addressOf a container name', build: fabricApp({}, (_, fabric, [h1]) => { serviceOn(h1!, 'db'); fabric.addressOf(untyped('db')); }), path: 's/fab', what: 'addressOf() service must be a Service', fix: "new Service(stack, 'db'" },
  { name: 'fabric: plannedAddress of a container name', build: fabricApp({}, (_, fabric, [h1]) => { serviceOn(h1!, 'db'); fabric.plannedAddress(untyped('db')); }), path: 's/fab', what: 'plannedAddress() service must be a Service', fix: "new Service(stack, 'db'" },
  { name: 'fabric: assign options that are a number', build: fabricApp({}, (_, fabric, [h1]) => fabric.assign(serviceOn(h1!, 'db'), untyped(5))), path: 's/fab', what: 'assign() options must be an object, got number 5', fix: 'Pass an object with address' },

  // EncompassStack
  { name: 'encompass: unknown connectivity', build: withHost((stack, host) => new EncompassStack(stack, 'app', untyped({ host, connectivity: 'overlay' }))), path: 's/app', what: 'prop "connectivity" is the string "overlay", which is not one of "port-mapping", "links", "fabric"', fix: 'Use one of those' },
  { name: 'encompass: fabric connectivity without a fabric', build: withHost((stack, host) => new EncompassStack(stack, 'app', { host, connectivity: Connectivity.FABRIC })), path: 's/app', what: 'Connectivity.FABRIC needs the fabric prop', fix: 'Pass the OverlayFabric the services join' },
  { name: 'encompass: a fabric with links', build: fabricApp({}, (stack, fabric, [h1]) => new EncompassStack(stack, 'app', { host: h1!, connectivity: Connectivity.LINKS, fabric })), path: 's/app', what: 'fabric applies to Connectivity.FABRIC only, but connectivity is "links"', fix: 'Remove it, or use Connectivity.FABRIC' },
  { name: 'encompass: placement that is a host name', build: withHost((stack, host) => new EncompassStack(stack, 'app', untyped({ host, connectivity: 'links', placement: { tomcat: 'h2' } }))), path: 's/app', what: 'prop "placement.tomcat" must be a DockerHost', fix: "new DockerHost(stack, 'h1')" },
  { name: 'encompass: static addresses without a mode', build: withHost((stack, host) => new EncompassStack(stack, 'app', untyped({ host, connectivity: 'links', staticAddresses: { subnet: '10.42.0.0/24' } }))), path: 's/app', what: 'prop "staticAddresses.mode" is required', fix: 'Set it to one of "native", "provisioner"' },
  { name: 'encompass: an image with capitals', build: withHost((stack, host) => new EncompassStack(stack, 'app', { host, connectivity: Connectivity.LINKS, images: { tomcat: 'Tomcat:9' } })), path: 's/app/Tomcat', what: 'image "Tomcat:9" is not a valid Docker image reference', fix: 'Repository names must be lower case' },
  { name: 'encompass: name prefix that breaks container names', build: withHost((stack, host) => new EncompassStack(stack, 'app', { host, connectivity: Connectivity.LINKS, namePrefix: 'my app ' })), path: 's/app/MongoDB', what: 'container name "my app MongoDB" is not valid', fix: 'Rename it' },

  // cdktf context of this repository's environments
  { name: 'context: an environment that is a string', build: (app) => new EncompassEnvironment(app, ENVIRONMENTS.staging), context: { staging: 'ssh://deploy@10.0.0.9' }, path: 'staging', what: 'cdktf context "staging" must be an object, got the string "ssh://deploy@10.0.0.9"', fix: 'Pass an object with dockerHost, namePrefix' },
  { name: 'context: a misspelt setting', build: (app) => new EncompassEnvironment(app, ENVIRONMENTS.staging), context: { staging: { dockerhost: 'ssh://deploy@10.0.0.9' } }, path: 'staging', what: 'cdktf context "staging" setting "dockerhost" is not a known setting', fix: 'did you mean "dockerHost"?' },
  { name: 'context: a name prefix that is a number', build: (app) => new EncompassEnvironment(app, ENVIRONMENTS.dev), context: { dev: { namePrefix: 1 } }, path: 'dev', what: 'cdktf context "dev" setting "namePrefix" must be a string, got number 1', fix: 'Write it in quotes: "1"' },
  { name: 'context: a Docker endpoint over TCP', build: (app) => new EncompassEnvironment(app, ENVIRONMENTS.dev), context: { dev: { dockerHost: 'tcp://0.0.0.0:2375' } }, path: 'dev/local', what: 'Docker endpoint "tcp://0.0.0.0:2375" uses an unsupported scheme', fix: 'Use "unix:///var/run/docker.sock"' },
  { name: 'context: an unknown prod host', build: (app) => new ProdEnvironment(app), context: { prod: { hosts: { 'host-d': {} } } }, path: 'prod', what: 'cdktf context "prod" setting "hosts.host-d" is not a known setting', fix: 'known: host-a, host-b, host-c' },
  { name: 'context: a prod underlay address without prefix', build: (app) => new ProdEnvironment(app), context: { prod: { hosts: { 'host-a': { underlayAddress: '10.0.0.11' } } } }, path: 'prod/fabric', what: 'underlay address "10.0.0.11" of host "host-a" is not an IPv4 address with prefix length', fix: 'e.g. "192.168.0.11/24"' },
  { name: 'context: a prod underlay interface with a space', build: (app) => new ProdEnvironment(app), context: { prod: { hosts: { 'host-b': { underlayInterface: 'eth 0' } } } }, path: 'prod/fabric', what: 'underlay interface name "eth 0" is not a valid Linux interface name', fix: 'e.g. "eth1" or "docker0"' },
  { name: 'context: prod hosts as a list', build: (app) => new ProdEnvironment(app), context: { prod: { hosts: ['host-a'] } }, path: 'prod', what: 'cdktf context "prod" setting "hosts" must be an object, got a list', fix: 'Pass an object with host-a, host-b, host-c' },
];

/** Every file named `name` below `dir`. */
function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === name)
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('bad input is stopped before any Terraform JSON is written, with the path, what is wrong and the fix', () => {
  it('has a case for every kind of input (at least 80)', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, { build, context, path, what, fix }) => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdn-bad-input-'));
    try {
      let message = 'it synthesized';
      try {
        const app = new App({ outdir, ...(context ? { context } : {}) });
        build(app);
        app.synth();
      } catch (error) {
        message = (error as Error).message;
      }
      const line = message.split('\n').find((l) => l.includes(`[${path}] `) && l.includes(what));
      expect({ line, message }).toEqual({ line: expect.stringContaining(fix), message });
      expect(filesNamed(outdir, 'cdk.tf.json')).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
