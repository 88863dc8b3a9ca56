import { z } from 'zod';
import { PROTOCOLS } from '../model/container-port.js';

/**
 * The schema of `topology.json`, the one source of truth for its shape: the
 * TypeScript types in topology-document.ts are inferred from it, and the CLI
 * validates every file it reads against it (a file can come from any revision
 * of any branch, so it is untrusted input, not typed data).
 */

/** Bumped when the format changes incompatibly. */
export const TOPOLOGY_SCHEMA_VERSION = 1;

const name = z.string().min(1);
const portNumber = z.number().int().min(1).max(65535);
/** `8080/tcp`, as `ContainerPort.toString()` writes it. */
const containerPort = z.string().regex(new RegExp(`^[0-9]+/(${PROTOCOLS.join('|')})$`), {
  error: `must be a port and protocol such as "8080/tcp" (protocols: ${PROTOCOLS.join(', ')})`,
});
const mtu = z.number().int().positive();
/** A GRE key or VXLAN VNI: 32 bits at most. */
const tunnelKey = z.number().int().min(0).max(0xffff_ffff);
const tunnelType = z.enum(['gre', 'vxlan']);

export const topologyHostSchema = z
  .object({
    name,
    endpoint: z.string().min(1),
    /** How host commands reach it. */
    access: z.enum(['local', 'ssh', 'lab-namespace']),
    /** Who starts its containers. */
    containers: z.enum(['terraform', 'external']),
  })
  .readonly();

export const topologyPublishedPortSchema = z
  .object({
    hostIp: z.string().min(1),
    hostPort: portNumber,
    /** e.g. `8080/tcp`. */
    containerPort,
  })
  .readonly();

export const topologyServiceSchema = z
  .object({
    name,
    host: name,
    image: z.string().min(1),
    /** Network memberships; `dynamic` where Docker chooses the address. */
    addresses: z.array(z.object({ network: name, address: z.string().min(1) }).readonly()).readonly(),
    /** e.g. `27017/tcp`, published ports included. */
    exposedPorts: z.array(containerPort).readonly(),
    publishedPorts: z.array(topologyPublishedPortSchema).readonly(),
    links: z.array(z.object({ target: name, alias: name }).readonly()).readonly(),
  })
  .readonly();

export const topologyNetworkSchema = z
  .object({
    name,
    host: name,
    /** `links`: the host's link network; `static-*`: a StaticNetwork in that mode. */
    kind: z.enum(['links', 'static-native', 'static-provisioner']),
    subnet: z.string().min(1).optional(),
    gateway: z.string().min(1).optional(),
    dynamicRange: z.string().min(1).optional(),
    /** Provisioner mode: the bridge joined and the interface made in containers. */
    bridge: z.string().min(1).optional(),
    interfaceName: z.string().min(1).optional(),
  })
  .readonly();

export const topologyFabricSchema = z
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
    /** One entry per pair of hosts (each pair has a tunnel port on both sides). */
    tunnels: z.array(z.object({ between: z.tuple([name, name]).readonly(), type: tunnelType, key: tunnelKey, mtu }).readonly()).readonly(),
  })
  .readonly();

export const topologyDocumentSchema = z
  .object({
    schemaVersion: z.literal(TOPOLOGY_SCHEMA_VERSION),
    stack: name,
    hosts: z.array(topologyHostSchema).readonly(),
    networks: z.array(topologyNetworkSchema).readonly(),
    services: z.array(topologyServiceSchema).readonly(),
    fabrics: z.array(topologyFabricSchema).readonly(),
  })
  .readonly();
