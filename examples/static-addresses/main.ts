/**
 * Static addresses: `StaticNetwork` in both of its modes on one host.
 * - NATIVE: a Docker network with IPAM (`ipam_config`) and a fixed
 *   `ipv4_address` per container. MongoDB asks for 10.42.0.20, Tomcat takes the
 *   lowest free address. Tomcat's link variables carry MongoDB's planned
 *   address, known before anything is deployed.
 * - PROVISIONER: the article's pipework commands (a veth pair moved into the
 *   container's network namespace), generated and run by Terraform on the
 *   host, here to put Tomcat and Elasticsearch on the office LAN bridge
 *   `br-lan` (which the host already has) beside the networks Docker gives them.
 *
 * Run it: in a project made by `cdktf init --template=typescript`, run
 * `npm install cdktf-docker-network`, put this file in place of main.ts and run
 * `npx cdktf synth`. Provisioner mode needs root on the host (`ip`, `docker`).
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AddressMode, ContainerPort, DockerHost, Service, StaticNetwork } from 'cdktf-docker-network';

const app = new App();
const stack = new TerraformStack(app, 'static-addresses');
const host = new DockerHost(stack, 'app-host', { endpoint: 'ssh://deploy@10.0.0.11' });

const mongodb = new Service(stack, 'MongoDB', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
const elasticsearch = new Service(stack, 'ElasticSearch', { host, image: 'elasticsearch:7.17.25', exposedPorts: [ContainerPort.tcp(9200)] });
const tomcat = new Service(stack, 'Tomcat', { host, image: 'tomcat:9.0-jre17', exposedPorts: [ContainerPort.tcp(8080)] });

// Native mode: Docker's own IPAM. Docker hands out 10.42.0.128/25 by itself; planned addresses stay below.
const backend = new StaticNetwork(stack, 'backend-net', {
  host,
  mode: AddressMode.NATIVE,
  subnet: '10.42.0.0/24',
  gateway: '10.42.0.1',
  dynamicRange: '10.42.0.128/25',
});
backend.assign(mongodb, { address: '10.42.0.20' }); // requested
backend.assign(tomcat); // planned: 10.42.0.2, the lowest free address
tomcat.link(mongodb, { alias: 'db' }); // DB_PORT_27017_TCP_ADDR=10.42.0.20

// Provisioner mode: lan0 on an existing Linux bridge, made by generated veth/netns scripts.
const lan = new StaticNetwork(stack, 'lan-net', {
  host,
  mode: AddressMode.PROVISIONER,
  subnet: '192.168.10.0/24',
  gateway: '192.168.10.1',
  dynamicRange: '192.168.10.0/25', // the LAN's DHCP pool: nothing is planned inside it
  bridge: { kind: 'linux', name: 'br-lan' },
  interfaceName: 'lan0', // eth0 and eth1 are Docker's: Tomcat is on two Docker networks
});
lan.assign(tomcat, { address: '192.168.10.180', mac: '02:42:c0:a8:0a:b4' }); // requested, with a fixed MAC
lan.assign(elasticsearch); // planned: 192.168.10.128

new TerraformOutput(stack, 'tomcat-lan-url', { value: `http://${lan.addressOf(tomcat)}:8080/` });
new TerraformOutput(stack, 'elasticsearch-lan-address', { value: lan.plannedAddress(elasticsearch) });

app.synth();
