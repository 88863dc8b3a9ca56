import { z } from 'zod';
import { PROTOCOLS } from '../model/container-port.js';
import { HOST_OBJECT_KINDS } from '../model/host-objects.js';

/**
 * The schema of `topology.json`, the one source of truth for its shape: the
 * TypeScript types in topology-document.ts are inferred from it, and the CLI
 * validates every file it reads against it (a file can come from any revision
 * of any branch, so it is untrusted input, not typed data).
 */

/**
 * Bumped when the format changes incompatibly. 2: a fabric's tunnels, key and
 * loop prevention moved under `engine` (mesh or OVN). Version 1 is still read:
 * see topology-v1.ts.
 */
export const TOPOLOGY_SCHEMA_VERSION = 2;

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

/** How `verify` and `repair` reach a host: the same way its provisioners do. */
export const topologyHostReachSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).readonly(),
  z
    .object({
      kind: z.literal('ssh'),
      host: z.string().min(1),
      user: z.string().min(1),
      port: portNumber,
      /** Run the scripts through `sudo -n`. */
      sudo: z.boolean(),
    })
    .readonly(),
  z
    .object({
      kind: z.literal('lab-namespace'),
      namespace: z.string().min(1),
      /** `DOCKER_*` / `OVS_*` settings of the host's commands. */
      environment: z.record(z.string(), z.string()).readonly(),
    })
    .readonly(),
]);

/** One object the library makes on a host, with the values its create script takes (see `HostObject`). */
export const topologyHostObjectSchema = z
  .object({
    kind: z.enum(HOST_OBJECT_KINDS),
    /** Its name on the host: veth host end, OVS bridge, tunnel port. */
    name,
    /** Construct path of the code that declares it. */
    declaredBy: name,
    /** The `CDN_*` values of its create script (MTUs, addresses, tunnel options…). */
    variables: z.record(z.string().regex(/^CDN_[A-Z0-9_]+$/), z.string()).readonly(),
  })
  .readonly();

export const topologyHostSchema = z
  .object({
    name,
    endpoint: z.string().min(1),
    /** How host commands reach it. */
    access: z.enum(['local', 'ssh', 'lab-namespace']),
    /** Who starts its containers. */
    containers: z.enum(['terraform', 'external']),
    /** The details of `access`, for `verify` and `repair` (absent in files written before they existed). */
    reach: topologyHostReachSchema.optional(),
    /** The stack's ownership mark on this host's objects. */
    owner: name.optional(),
    /** Where the host keeps the stack's ledger and watcher. */
    stateDirectory: z.string().min(1).optional(),
    /** What the library makes on the host, sorted by kind and name. */
    objects: z.array(topologyHostObjectSchema).readonly().optional(),
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

/** The full mesh of the article: a GRE or VXLAN tunnel port on both sides of every pair of hosts. */
export const topologyMeshEngineSchema = z
  .object({
    type: z.literal('mesh'),
    tunnel: tunnelType,
    key: tunnelKey,
    loopPrevention: z.enum(['protected', 'stp', 'rstp']),
    /** One entry per pair of hosts (each pair has a tunnel port on both sides). */
    tunnels: z.array(z.object({ between: z.tuple([name, name]).readonly(), type: tunnelType, key: tunnelKey, mtu }).readonly()).readonly(),
  })
  .readonly();

/**
 * OVN: `ovn-controller` on each host (a chassis) builds the tunnels to every
 * other chassis itself from the southbound database; the library makes no
 * tunnel per pair of hosts.
 */
export const topologyOvnEngineSchema = z
  .object({
    type: z.literal('ovn'),
    encapsulation: z.enum(['geneve', 'vxlan']),
    /** The OVN logical switch the fabric's containers are ports of. */
    logicalSwitch: name,
    /** Where the northbound and southbound databases (and `ovn-northd`) run. */
    central: z
      .object({
        /** Fabric hosts that run them, in order (the first bootstraps a cluster); empty when they run outside the stack. */
        hosts: z.array(name).readonly(),
        /** Their addresses on the underlay, in the same order: what each chassis's `ovn-remote` names. */
        addresses: z.array(z.string().min(1)).min(1).readonly(),
        /** A Raft cluster (more than one address) rather than a single server. */
        clustered: z.boolean(),
      })
      .readonly(),
    /** One entry per host, sorted by host: its `system-id` and the address its tunnels start from. */
    chassis: z.array(z.object({ host: name, systemId: name, encapIp: z.string().min(1) }).readonly()).readonly(),
  })
  .readonly();

/** How a fabric carries traffic between its hosts. */
export const topologyFabricEngineSchema = z.discriminatedUnion('type', [topologyMeshEngineSchema, topologyOvnEngineSchema]);

export const topologyFabricHostSchema = z
  .object({
    name,
    block: z.string().min(1),
    /** Mesh only: the gateway of the host's Docker bridge. */
    gateway: z.string().min(1).optional(),
    underlayAddress: z.string().min(1),
  })
  .readonly();

export const topologyFabricSchema = z
  .object({
    name,
    subnet: z.string().min(1),
    datapath: z.enum(['system', 'netdev']),
    mtu: z.object({ container: mtu, underlay: mtu, overhead: z.number().int().min(0) }).readonly(),
    hosts: z.array(topologyFabricHostSchema).readonly(),
    engine: topologyFabricEngineSchema,
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
