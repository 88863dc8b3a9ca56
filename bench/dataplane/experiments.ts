/**
 * Changes tried on a deployed fabric to see where the userspace datapath's
 * time goes; each is applied to both hosts, measured like a case, then undone.
 * None is part of the library unless the report says it was adopted.
 */
import type { Lab, LabHost } from '../../lab/lab.js';
import { containerHops, inContainer } from './hops.js';
import type { DeployedFabric } from './stack.js';

export interface Experiment {
  readonly name: string;
  readonly description: string;
  readonly apply: (lab: Lab, deployed: DeployedFabric) => Promise<void>;
  readonly revert: (lab: Lab, deployed: DeployedFabric) => Promise<void>;
  /** The case it changes. @default the mesh GRE raise-underlay case */
  readonly case?: string;
  /** What to read from the hosts after the measurement, before the revert (counters that explain the result). */
  readonly observe?: (lab: Lab, deployed: DeployedFabric) => Promise<string>;
}

/** Coverage counters of the sender's ovs-vswitchd that say packets were dropped, and its last warnings. */
async function dropEvidence(_lab: Lab, deployed: DeployedFabric): Promise<string> {
  const host = deployed.from.labHost;
  const coverage = (await host.run('ovs-appctl', ['coverage/show'], { reject: false })).stdout
    .split('\n')
    .filter((line) => /drop|tso|push_header/i.test(line) && !/ 0\.0\/sec +0\.000\/sec +0\.0000\/sec +total: 0$/.test(line))
    .map((line) => line.trim().replace(/\s+/g, ' '));
  const log = (await host.run('sh', ['-c', 'grep -h -i -E "offload|tso|dropped" "$OVS_RUNDIR/ovs-vswitchd.log" | tail -n 3'], { reject: false })).stdout.trim();
  return [`coverage: ${coverage.join('; ') || 'no drop counters'}`, `log: ${log || 'nothing about offloads'}`].join(' | ');
}

const hostsOf = (deployed: DeployedFabric) => [deployed.from, deployed.to];
const UPLINK = ['cdnbxa', 'cdnbxb'] as const;

/**
 * After ovs-vswitchd restarts, its netdev internal ports are new tap devices:
 * put back what the kernel forgot (the underlay address on the physical bridge,
 * the fabric port in the Docker bridge), as the library's repair would.
 */
async function afterVswitchdRestart(host: LabHost, deployed: DeployedFabric): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await host.run('ip', ['link', 'show', 'dev', deployed.physicalBridge], { reject: false })).exitCode === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await host.run('ip', ['addr', 'replace', host.options.underlayAddress!, 'dev', deployed.physicalBridge]);
  await host.run('ip', ['link', 'set', 'dev', deployed.physicalBridge, 'up']);
  await host.run('ip', ['link', 'set', 'dev', deployed.ovsBridge, 'master', deployed.dockerBridge, 'up']);
}

async function setUserspaceTso(lab: Lab, deployed: DeployedFabric, on: boolean): Promise<void> {
  for (const { labHost } of hostsOf(deployed)) {
    await labHost.run('ovs-vsctl', ['set', 'open_vswitch', '.', `other_config:userspace-tso-enable=${on}`]);
    await lab.restartOpenvswitch(labHost.name);
    await afterVswitchdRestart(labHost, deployed);
  }
}

/** The tap queue length each internal port had before the experiment changed it, to put back. */
const originalQueues = new Map<string, string>();

async function setInternalPortQueues(deployed: DeployedFabric, length: number | 'original'): Promise<void> {
  for (const { labHost } of hostsOf(deployed)) {
    for (const port of [deployed.ovsBridge, deployed.physicalBridge]) {
      const key = `${labHost.name}/${port}`;
      if (length !== 'original') {
        const shown = (await labHost.run('ip', ['-o', 'link', 'show', 'dev', port])).stdout;
        originalQueues.set(key, /qlen (\d+)/.exec(shown)?.[1] ?? '500');
      }
      const value = length === 'original' ? originalQueues.get(key) : String(length);
      if (value) await labHost.run('ip', ['link', 'set', 'dev', port, 'txqueuelen', value]);
    }
  }
}

export const EXPERIMENTS: readonly Experiment[] = [
  {
    name: 'underlay-ingress-drop',
    case: 'ovn-geneve-raise-underlay',
    description:
      "OVN's physical bridge takes the underlay NIC's MAC, so the host kernel also accepts every frame arriving on u0 (weak host model) beside ovs-vswitchd's copy: duplicate TCP segments on the underlay, Geneve packets to an unbound UDP port. A tc ingress drop on u0 (packet sockets, thus OVS, still see every frame) leaves them to OVS alone",
    apply: async (_lab, deployed) => {
      for (const { labHost } of hostsOf(deployed)) {
        await labHost.run('tc', ['qdisc', 'replace', 'dev', 'u0', 'clsact']);
        await labHost.run('tc', ['filter', 'add', 'dev', 'u0', 'ingress', 'matchall', 'action', 'drop']);
      }
    },
    revert: async (_lab, deployed) => {
      for (const { labHost } of hostsOf(deployed)) await labHost.run('tc', ['qdisc', 'del', 'dev', 'u0', 'clsact'], { reject: false });
    },
  },
  {
    name: 'internal-port-txqueuelen',
    description:
      'The queue of the OVS internal ports (taps: the fabric bridge and the physical bridge, so both paths) lengthened from the tun default of 500 to 5000 packets, against drops while ovs-vswitchd is busy',
    apply: (_lab, deployed) => setInternalPortQueues(deployed, 5000),
    revert: (_lab, deployed) => setInternalPortQueues(deployed, 'original'),
  },
  {
    name: 'veth-uplink',
    description:
      'The Docker bridge joined to the OVS bridge by a veth pair (an AF_PACKET port for OVS: recvmmsg/sendmmsg batches) instead of the OVS internal port (a tap: one read/write per packet); tx checksum off on the bridge end so OVS gets whole checksums',
    apply: async (_lab, deployed) => {
      for (const { labHost } of hostsOf(deployed)) {
        const mtu = String(deployed.containerMtu);
        await labHost.run('ip', ['link', 'add', UPLINK[0], 'mtu', mtu, 'type', 'veth', 'peer', 'name', UPLINK[1], 'mtu', mtu]);
        await labHost.run('ethtool', ['-K', UPLINK[0], 'tx', 'off']);
        await labHost.run('ip', ['link', 'set', 'dev', UPLINK[1], 'up']);
        await labHost.run('ovs-vsctl', ['add-port', deployed.ovsBridge, UPLINK[1]]);
        await labHost.run('ip', ['link', 'set', 'dev', deployed.ovsBridge, 'nomaster']);
        await labHost.run('ip', ['link', 'set', 'dev', UPLINK[0], 'master', deployed.dockerBridge, 'up']);
      }
    },
    revert: async (_lab, deployed) => {
      for (const { labHost } of hostsOf(deployed)) {
        await labHost.run('ip', ['link', 'set', 'dev', deployed.ovsBridge, 'master', deployed.dockerBridge, 'up']);
        await labHost.run('ovs-vsctl', ['--if-exists', 'del-port', deployed.ovsBridge, UPLINK[1]]);
        await labHost.run('ip', ['link', 'del', 'dev', UPLINK[0]], { reject: false });
      }
    },
  },
  {
    name: 'container-veth-on-ovs',
    description:
      "No Docker-bridge hop: each container's host-side veth moved from the Docker bridge onto the OVS bridge (AF_PACKET port), tx checksum off on the container's end",
    apply: async (_lab, deployed) => {
      for (const endpoint of hostsOf(deployed)) {
        const { inside, hostPeer } = await containerHops(endpoint);
        await inContainer(endpoint, 'ethtool', ['-K', inside, 'tx', 'off']);
        await endpoint.labHost.run('ip', ['link', 'set', 'dev', hostPeer, 'nomaster']);
        await endpoint.labHost.run('ovs-vsctl', ['add-port', deployed.ovsBridge, hostPeer]);
      }
    },
    revert: async (_lab, deployed) => {
      for (const endpoint of hostsOf(deployed)) {
        const { inside, hostPeer } = await containerHops(endpoint);
        await endpoint.labHost.run('ovs-vsctl', ['--if-exists', 'del-port', deployed.ovsBridge, hostPeer]);
        await endpoint.labHost.run('ip', ['link', 'set', 'dev', hostPeer, 'master', deployed.dockerBridge]);
        await inContainer(endpoint, 'ethtool', ['-K', inside, 'tx', 'on']);
      }
    },
  },
  {
    name: 'container-tso-gso-off',
    description: "Segmentation offloads off on the containers' interfaces (TSO, GSO): the container's TCP hands the veth MTU-sized segments instead of 64 KB ones",
    apply: async (_lab, deployed) => {
      for (const endpoint of hostsOf(deployed)) {
        const { inside } = await containerHops(endpoint);
        await inContainer(endpoint, 'ethtool', ['-K', inside, 'tso', 'off', 'gso', 'off']);
      }
    },
    revert: async (_lab, deployed) => {
      for (const endpoint of hostsOf(deployed)) {
        const { inside } = await containerHops(endpoint);
        await inContainer(endpoint, 'ethtool', ['-K', inside, 'tso', 'on', 'gso', 'on']);
      }
    },
  },
  {
    name: 'userspace-tso',
    description:
      'other_config:userspace-tso-enable=true on both hosts, ovs-vswitchd restarted (tap and AF_PACKET ports then carry 64 KB TCP segments with a virtio-net header); the kernel state the restart lost put back by hand',
    apply: (lab, deployed) => setUserspaceTso(lab, deployed, true),
    revert: (lab, deployed) => setUserspaceTso(lab, deployed, false),
    observe: dropEvidence,
  },
];
