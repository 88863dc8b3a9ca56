/**
 * The canonical, reviewable picture of one stack's network: what `topology.json`
 * holds. Plain data in a stable order (sorted by name), free of construct
 * internals, so two synths of the same code give the same bytes and a change in
 * the code shows up as a change here.
 */

/** Bumped when the format changes incompatibly. */
export const TOPOLOGY_SCHEMA_VERSION = 1;

export interface TopologyHost {
  readonly name: string;
  readonly endpoint: string;
  /** How host commands reach it. */
  readonly access: 'local' | 'ssh' | 'lab-namespace';
  /** Who starts its containers. */
  readonly containers: 'terraform' | 'external';
}

export interface TopologyPublishedPort {
  readonly hostIp: string;
  readonly hostPort: number;
  /** e.g. `8080/tcp`. */
  readonly containerPort: string;
}

export interface TopologyService {
  readonly name: string;
  readonly host: string;
  readonly image: string;
  /** Network memberships; `dynamic` where Docker chooses the address. */
  readonly addresses: ReadonlyArray<{ readonly network: string; readonly address: string }>;
  /** e.g. `27017/tcp`, published ports included. */
  readonly exposedPorts: readonly string[];
  readonly publishedPorts: readonly TopologyPublishedPort[];
  readonly links: ReadonlyArray<{ readonly target: string; readonly alias: string }>;
}

export interface TopologyNetwork {
  readonly name: string;
  readonly host: string;
  /** `links`: the host's link network; `static-*`: a StaticNetwork in that mode. */
  readonly kind: 'links' | 'static-native' | 'static-provisioner';
  readonly subnet?: string;
  readonly gateway?: string;
  readonly dynamicRange?: string;
  /** Provisioner mode: the bridge joined and the interface made in containers. */
  readonly bridge?: string;
  readonly interfaceName?: string;
}

export interface TopologyFabric {
  readonly name: string;
  readonly subnet: string;
  readonly tunnel: 'gre' | 'vxlan';
  readonly key: number;
  readonly datapath: 'system' | 'netdev';
  readonly loopPrevention: 'protected' | 'stp' | 'rstp';
  readonly mtu: { readonly container: number; readonly underlay: number; readonly overhead: number };
  readonly hosts: ReadonlyArray<{ readonly name: string; readonly block: string; readonly gateway: string; readonly underlayAddress: string }>;
  /** One entry per pair of hosts (each pair has a tunnel port on both sides). */
  readonly tunnels: ReadonlyArray<{ readonly between: readonly [string, string]; readonly type: 'gre' | 'vxlan'; readonly key: number; readonly mtu: number }>;
}

export interface TopologyDocument {
  readonly schemaVersion: typeof TOPOLOGY_SCHEMA_VERSION;
  readonly stack: string;
  readonly hosts: readonly TopologyHost[];
  readonly networks: readonly TopologyNetwork[];
  readonly services: readonly TopologyService[];
  readonly fabrics: readonly TopologyFabric[];
}

const byName = <T extends { name: string }>(a: T, b: T) => compare(a.name, b.name);

/** Plain code-point order, the same on every machine (no locale). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The document with every list in its canonical order. */
export function canonicalTopology(document: TopologyDocument): TopologyDocument {
  return {
    schemaVersion: TOPOLOGY_SCHEMA_VERSION,
    stack: document.stack,
    hosts: [...document.hosts].sort(byName),
    networks: [...document.networks].sort((a, b) => compare(a.host, b.host) || byName(a, b)),
    services: [...document.services]
      .map((s) => ({
        ...s,
        addresses: [...s.addresses].sort((a, b) => compare(a.network, b.network)),
        exposedPorts: [...s.exposedPorts].sort(),
        publishedPorts: [...s.publishedPorts].sort((a, b) => a.hostPort - b.hostPort || compare(a.hostIp, b.hostIp) || compare(a.containerPort, b.containerPort)),
        links: [...s.links].sort((a, b) => compare(a.alias, b.alias)),
      }))
      .sort((a, b) => compare(a.host, b.host) || byName(a, b)),
    fabrics: [...document.fabrics]
      .map((f) => ({
        ...f,
        hosts: [...f.hosts].sort(byName),
        tunnels: [...f.tunnels].sort((a, b) => compare(a.between.join(' '), b.between.join(' '))),
      }))
      .sort(byName),
  };
}

/** `topology.json`: canonical order, two-space indentation, a final newline. */
export function topologyJson(document: TopologyDocument): string {
  return `${JSON.stringify(canonicalTopology(document), null, 2)}\n`;
}
