/**
 * The article's uncorrected default, which the library will not declare: 1500
 * bytes everywhere. Made by hand after deploying a lower-containers fabric
 * (underlay already 1500): the containers' interfaces, their host-side veths,
 * the Docker bridge and the fabric's OVS port are set back to 1500 with `ip`
 * and `ovs-vsctl`. Full-size frames plus the tunnel header then exceed the
 * underlay and are dropped without an ICMP error: TCP stalls.
 */
import type { LabEndpoint } from '../../lab/connectivity.js';
import { containerHops, inContainer } from './hops.js';
import type { DeployedFabric } from './stack.js';

export async function makeUncorrected(deployed: DeployedFabric, mtu = 1500): Promise<void> {
  for (const endpoint of [deployed.from, deployed.to] as LabEndpoint[]) {
    const { inside, hostPeer } = await containerHops(endpoint);
    const host = endpoint.labHost;
    await host.run('ovs-vsctl', ['set', 'interface', deployed.ovsBridge, `mtu_request=${mtu}`]);
    await host.run('ip', ['link', 'set', 'dev', hostPeer, 'mtu', String(mtu)]);
    await inContainer(endpoint, 'ip', ['link', 'set', 'dev', inside, 'mtu', String(mtu)]);
    // Last: a Linux bridge takes no MTU above its smallest port's.
    await host.run('ip', ['link', 'set', 'dev', deployed.dockerBridge, 'mtu', String(mtu)]);
  }
}
