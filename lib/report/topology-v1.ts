import { z } from 'zod';
import type { TopologyDocument, TopologyFabric } from './topology-document.js';
import { TOPOLOGY_SCHEMA_VERSION, topologyHostSchema, topologyNetworkSchema, topologyServiceSchema } from './topology-schema.js';

/**
 * Version 1 of `topology.json`, still read: the base of a pull request was
 * synthesized by the release before fabric engines, and its diff against the
 * pull request must show only what the pull request changes. Only the fabric
 * differs from version 2 (every fabric was a mesh, its tunnels at the top
 * level); it is kept here as it was, and never changes again.
 */
export const TOPOLOGY_SCHEMA_VERSION_1 = 1;

const name = z.string().min(1);
const mtu = z.number().int().positive();
const tunnelKey = z.number().int().min(0).max(0xffff_ffff);
const tunnelType = z.enum(['gre', 'vxlan']);

const topologyFabricV1Schema = z
  .object({
    name,
    subnet: z.string().min(1),
    tunnel: tunnelType,
    key: tunnelKey,
    datapath: z.enum(['system', 'netdev']),
    loopPrevention: z.enum(['protected', 'stp', 'rstp']),
    mtu: z.object({ container: mtu, underlay: mtu, overhead: z.number().int().min(0) }).readonly(),
    hosts: z
      .array(z.object({ name, block: z.string().min(1), gateway: z.string().min(1), underlayAddress: z.string().min(1) }).readonly())
      .readonly(),
    tunnels: z.array(z.object({ between: z.tuple([name, name]).readonly(), type: tunnelType, key: tunnelKey, mtu }).readonly()).readonly(),
  })
  .readonly();

export const topologyDocumentV1Schema = z
  .object({
    schemaVersion: z.literal(TOPOLOGY_SCHEMA_VERSION_1),
    stack: name,
    hosts: z.array(topologyHostSchema).readonly(),
    networks: z.array(topologyNetworkSchema).readonly(),
    services: z.array(topologyServiceSchema).readonly(),
    fabrics: z.array(topologyFabricV1Schema).readonly(),
  })
  .readonly();

export type TopologyDocumentV1 = z.infer<typeof topologyDocumentV1Schema>;
type TopologyFabricV1 = TopologyDocumentV1['fabrics'][number];

/** A version 1 document as version 2 says the same: each fabric a mesh, its hosts keeping their gateways. */
export function upgradeTopologyV1(document: TopologyDocumentV1): TopologyDocument {
  return { ...document, schemaVersion: TOPOLOGY_SCHEMA_VERSION, fabrics: document.fabrics.map(upgradeFabric) };
}

function upgradeFabric(fabric: TopologyFabricV1): TopologyFabric {
  const { name, subnet, datapath, mtu, hosts, tunnel, key, loopPrevention, tunnels } = fabric;
  return { name, subnet, datapath, mtu, hosts, engine: { type: 'mesh', tunnel, key, loopPrevention, tunnels } };
}
