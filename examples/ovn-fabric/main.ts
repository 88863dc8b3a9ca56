/**
 * OVN fabric: one overlay network over five hosts on Open Virtual Network
 * instead of a full mesh. Three of the hosts run the control plane (the
 * northbound and southbound databases as a Raft cluster, and ovn-northd);
 * every host runs ovn-controller, which makes and removes the Geneve tunnels
 * itself, so adding a sixth host changes no other host's resources. Each
 * container gets a planned address on eth1, a port of the fabric's logical
 * switch, and services find each other by `fabric.addressOf(...)`.
 *
 * Run it: in a project made by `cdktf init --template=typescript`, run
 * `npm install cdktf-docker-network`, put this file in place of main.ts and run
 * `npx cdktf synth`. The hosts need `ovn-host`, the first three `ovn-central`.
 */
import { App, TerraformStack } from 'cdktf';
import { DockerHost, Encapsulation, FabricEngine, OverlayFabric, Service } from 'cdktf-docker-network';

const app = new App();
const stack = new TerraformStack(app, 'ovn-fabric');

const hosts = [1, 2, 3, 4, 5].map((n) => {
  const address = `10.0.1.${10 + n}`;
  return new DockerHost(stack, `node-${n}`, { endpoint: `ssh://deploy@${address}` });
});
const [node1, , , node4, node5] = hosts as [DockerHost, DockerHost, DockerHost, DockerHost, DockerHost];

const fabric = new OverlayFabric(stack, 'fabric', {
  name: 'apps',
  subnet: '10.60.0.0/16', // node-n gets the block 10.60.(n-1).0/24
  engine: FabricEngine.ovn({
    central: hosts.slice(0, 3), // three central hosts: a Raft cluster that survives losing one
    encapsulation: Encapsulation.GENEVE,
  }),
});
hosts.forEach((host, i) => fabric.addHost(host, { underlayAddress: `10.0.1.${11 + i}/24` }));

const search = new Service(stack, 'search', { host: node4, image: 'elasticsearch:7.17.25', environment: { 'discovery.type': 'single-node' } });
const db = new Service(stack, 'db', { host: node5, image: 'mongo:7.0' });
const web = new Service(stack, 'web', { host: node1, image: 'tomcat:9.0-jre17' });

fabric.assign(search); // planned: 10.60.3.128, the first address of node-4's static half
fabric.assign(db, { address: '10.60.4.200' }); // requested
fabric.assign(web);

web.addEnvironment('ES_HOSTS', `http://${fabric.addressOf(search)}:9200`);
web.addEnvironment('MONGODB_URI', `mongodb://${fabric.addressOf(db)}:27017/shop`);

app.synth();
