import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, DockerHost, HostAccess, OverlayFabric, Service, StaticNetwork } from '../../lib/index.js';

/**
 * Synthesizes, with the real App, a stack with every way in and every kind of
 * host object, for tests of what verify and repair read from topology.json:
 * h1 in a lab namespace with a static network (provisioner mode, web and db)
 * and a fabric member (fab-a); h2 over SSH with sudo, the other fabric member
 * (fab-b); h3 local, with its agent off and a service Docker addresses.
 * Returns the stack's directory.
 */
export function synthVerifyApp(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdn-verify-app-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'shop');
  const h1 = new DockerHost(stack, 'h1', {
    manageContainers: false,
    access: HostAccess.labNamespace({ namespace: 'cdnlab-h1', environment: { DOCKER_HOST: 'unix:///tmp/cdn-lab/h1/docker.sock', OVS_RUNDIR: '/tmp/cdn-lab/h1/ovs' } }),
    stateDirectory: '/tmp/cdn-lab/h1/state',
  });
  const h2 = new DockerHost(stack, 'h2', { endpoint: 'ssh://deploy@192.0.2.12', access: HostAccess.ssh({ host: '192.0.2.12', user: 'deploy', sudo: true }) });
  const h3 = new DockerHost(stack, 'h3', { agent: false });
  const web = new Service(stack, 'web', { host: h1, image: 'busybox:1.36' });
  const db = new Service(stack, 'db', { host: h1, image: 'busybox:1.36' });
  const network = new StaticNetwork(stack, 'static', { host: h1, mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' });
  network.assign(web, { mac: '02:42:0a:2a:01:80' });
  network.assign(db);
  const fabric = new OverlayFabric(stack, 'fabric', { name: 'shop-fabric', subnet: '10.50.0.0/16', datapath: 'netdev' });
  fabric.addHost(h1, { underlayAddress: '192.0.2.11/24', underlayInterface: 'u0' });
  fabric.addHost(h2, { underlayAddress: '192.0.2.12/24' });
  fabric.assign(new Service(stack, 'fab-a', { host: h1, image: 'busybox:1.36' }));
  fabric.assign(new Service(stack, 'fab-b', { host: h2, image: 'busybox:1.36' }));
  new Service(stack, 'plain', { host: h3, image: 'busybox:1.36' });
  app.synth();
  return join(outdir, 'stacks', 'shop');
}
