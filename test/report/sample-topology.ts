import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topologyJson, type TopologyDocument } from '../../lib/report/topology-document.js';

/**
 * A small valid topology written by hand (two hosts on a fabric, a link, a
 * published port), for tests of what reads and renders topology.json without
 * synthesizing a stack. Tests that need the library's real output synthesize.
 */
export function sampleTopology(overrides: Partial<TopologyDocument> = {}): TopologyDocument {
  return {
    schemaVersion: 2,
    stack: 'shop',
    hosts: [
      { name: 'host-a', endpoint: 'ssh://root@192.0.2.11', access: 'ssh', containers: 'terraform' },
      { name: 'host-b', endpoint: 'ssh://root@192.0.2.12', access: 'ssh', containers: 'terraform' },
    ],
    networks: [{ name: 'shop-links', host: 'host-a', kind: 'links' }],
    services: [
      {
        name: 'MongoDB',
        host: 'host-b',
        image: 'mongo:7.0',
        addresses: [{ network: 'shop-fabric', address: '10.50.1.128' }],
        exposedPorts: ['27017/tcp'],
        publishedPorts: [],
        links: [],
      },
      {
        name: 'Tomcat',
        host: 'host-a',
        image: 'tomcat:9.0-jre17',
        addresses: [{ network: 'shop-fabric', address: '10.50.0.128' }],
        exposedPorts: ['8080/tcp'],
        publishedPorts: [{ hostIp: '0.0.0.0', hostPort: 80, containerPort: '8080/tcp' }],
        links: [{ target: 'MongoDB', alias: 'db' }],
      },
    ],
    fabrics: [
      {
        name: 'shop-fabric',
        subnet: '10.50.0.0/16',
        datapath: 'system',
        mtu: { container: 1500, underlay: 1542, overhead: 42 },
        hosts: [
          { name: 'host-a', block: '10.50.0.0/24', gateway: '10.50.0.1', underlayAddress: '192.0.2.11/24' },
          { name: 'host-b', block: '10.50.1.0/24', gateway: '10.50.1.1', underlayAddress: '192.0.2.12/24' },
        ],
        engine: {
          type: 'mesh',
          tunnel: 'gre',
          key: 42,
          loopPrevention: 'protected',
          tunnels: [{ between: ['host-a', 'host-b'], type: 'gre', key: 42, mtu: 1500 }],
        },
      },
    ],
    ...overrides,
  };
}

/**
 * sampleTopology() as schema version 1 wrote it: the same stack, its fabric's
 * tunnels, key and loop prevention at the fabric's top level. Plain JSON, as
 * read from a file.
 */
export function sampleTopologyV1(): Record<string, unknown> {
  const { fabrics, ...rest } = sampleTopology();
  return {
    ...rest,
    schemaVersion: 1,
    fabrics: fabrics.map(({ engine, ...fabric }) => {
      if (engine.type !== 'mesh') throw new Error('version 1 has mesh fabrics only');
      const { tunnel, key, loopPrevention, tunnels } = engine;
      return { name: fabric.name, subnet: fabric.subnet, tunnel, key, datapath: fabric.datapath, loopPrevention, mtu: fabric.mtu, hosts: fabric.hosts, tunnels };
    }),
  };
}

/** The hosts of the OVN sample: the first three run the central databases, as a Raft cluster. */
export const OVN_HOSTS = ['host-a', 'host-b', 'host-c', 'host-d'] as const;

/**
 * The sample's stack on an OVN fabric of four hosts: Geneve (58 bytes of
 * overhead on a 1500-byte underlay), a logical switch, the central databases
 * clustered on the first three hosts, and a chassis per host.
 */
export function sampleOvnTopology(overrides: Partial<TopologyDocument> = {}): TopologyDocument {
  const sample = sampleTopology();
  const underlay = (i: number) => `192.0.2.${11 + i}`;
  return {
    ...sample,
    hosts: OVN_HOSTS.map((name, i) => ({ name, endpoint: `ssh://root@${underlay(i)}`, access: 'ssh', containers: 'terraform' })),
    fabrics: [
      {
        name: 'shop-fabric',
        subnet: '10.50.0.0/16',
        datapath: 'netdev',
        mtu: { container: 1442, underlay: 1500, overhead: 58 },
        hosts: OVN_HOSTS.map((name, i) => ({ name, block: `10.50.${i}.0/24`, underlayAddress: `${underlay(i)}/24` })),
        engine: {
          type: 'ovn',
          encapsulation: 'geneve',
          logicalSwitch: 'shop-fabric',
          central: { hosts: ['host-a', 'host-b', 'host-c'], addresses: [underlay(0), underlay(1), underlay(2)], clustered: true },
          chassis: OVN_HOSTS.map((host, i) => ({ host, systemId: host, encapIp: underlay(i) })),
        },
      },
    ],
    ...overrides,
  };
}

/**
 * A synth output directory laid out as cdktf writes it, with
 * `stacks/<stack>/topology.json` holding each given text (a document is written
 * as topology.json is). Returns the directory.
 */
export function writeSynthOutput(stacks: Readonly<Record<string, TopologyDocument | string>>): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdn-sample-'));
  for (const [stack, content] of Object.entries(stacks)) {
    mkdirSync(join(outdir, 'stacks', stack), { recursive: true });
    writeFileSync(join(outdir, 'stacks', stack, 'topology.json'), typeof content === 'string' ? content : topologyJson(content));
  }
  return outdir;
}
