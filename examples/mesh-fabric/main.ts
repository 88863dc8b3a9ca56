/**
 * Mesh fabric: the article's multi-host network on three hosts. Each host gets
 * an Open vSwitch bridge joined to its own Docker network, a VXLAN tunnel to
 * every other host (a full mesh, loops prevented by protected tunnel ports),
 * the underlay MTU raised for the overhead, and its own block of the fabric
 * subnet, so two hosts never hand out the same address. Services on different
 * hosts find each other by `fabric.addressOf(...)`, planned at synth.
 *
 * Run it: in a project made by `cdktf init --template=typescript`, run
 * `npm install cdktf-docker-network`, put this file in place of main.ts and run
 * `npx cdktf synth`. The hosts need Open vSwitch (`openvswitch-switch`).
 */
import { App, TerraformStack } from 'cdktf';
import { ContainerPort, DockerHost, FabricEngine, OverlayFabric, Service, Tunnel } from 'cdktf-docker-network';

const app = new App();
const stack = new TerraformStack(app, 'mesh-fabric');

const fabric = new OverlayFabric(stack, 'fabric', {
  subnet: '10.50.0.0/16', // one /24 block per host: 10.50.0.0/24, 10.50.1.0/24, 10.50.2.0/24
  engine: FabricEngine.mesh({ tunnel: Tunnel.VXLAN }),
});
const underlay = { 'host-a': '10.0.0.11', 'host-b': '10.0.0.12', 'host-c': '10.0.0.13' };
const [hostA, hostB, hostC] = Object.entries(underlay).map(([name, address]) => {
  const host = new DockerHost(stack, name, { endpoint: `ssh://deploy@${address}` });
  fabric.addHost(host, { underlayAddress: `${address}/24`, underlayInterface: 'eth0' });
  return host;
}) as [DockerHost, DockerHost, DockerHost];

const elasticsearch = new Service(stack, 'ElasticSearch', {
  host: hostA,
  image: 'elasticsearch:7.17.25',
  environment: { 'discovery.type': 'single-node' },
});
const mongodb = new Service(stack, 'MongoDB', { host: hostB, image: 'mongo:7.0' });
const tomcat = new Service(stack, 'Tomcat', { host: hostC, image: 'tomcat:9.0-jre17' });

fabric.assign(elasticsearch); // planned: 10.50.0.128, the first address of host-a's static half
fabric.assign(mongodb, { address: '10.50.1.200' }); // requested, inside host-b's static half
fabric.assign(tomcat);

tomcat.addEnvironment(
  'JAVA_OPTS',
  [
    `-Des.node.hosts=${fabric.addressOf(elasticsearch)}`,
    `-Ddb.encompass.hosts=${fabric.addressOf(mongodb)}:27017`,
  ].join(' '),
);
tomcat.publish(ContainerPort.tcp(8080), { hostPort: 80 });

app.synth();
