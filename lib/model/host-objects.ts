/**
 * What the library makes on a host, as plain data: the ledger each host keeps
 * (so its watcher can restore objects and its reconcile step can remove the
 * ones the code no longer declares), and what `verify` checks.
 */

/** The kinds of host objects, each made by one fixed create script. */
export const HOST_OBJECT_KINDS = ['static-attachment', 'fabric-bridge', 'fabric-tunnel', 'ovn-central', 'ovn-chassis'] as const;
export type HostObjectKind = (typeof HOST_OBJECT_KINDS)[number];

/** One object the library makes on a host. */
export interface HostObject {
  readonly kind: HostObjectKind;
  /**
   * Its name on the host, unique per kind: the host end of a veth pair, the
   * fabric's OVS bridge, a tunnel port, an OVN chassis's integration bridge,
   * an OVN control plane's name.
   */
  readonly name: string;
  /** Construct path of the code that declares it. */
  readonly declaredBy: string;
  /** The `CDN_*` values its create script reads. */
  readonly variables: Readonly<Record<string, string>>;
}

/** Names on a host the library marks as its own, by where they live. */
export interface DeclaredNames {
  /** Open vSwitch bridges (fabric bridges, OVN integration bridges and netdev physical bridges). */
  readonly bridges: string[];
  /** Open vSwitch interfaces (tunnel ports, host ends of veths on an OVS bridge, OVN ports included). */
  readonly ports: string[];
  /** Linux links (host ends of veth pairs). */
  readonly links: string[];
  /** OVN control planes (directories under the stack's `ovn-central/`). */
  readonly centrals: string[];
}

/** Every name `objects` occupy on their host: what the reconcile step keeps. */
export function declaredNames(objects: readonly HostObject[]): DeclaredNames {
  const bridges = new Set<string>();
  const ports = new Set<string>();
  const links = new Set<string>();
  const centrals = new Set<string>();
  for (const object of objects) {
    const v = object.variables;
    switch (object.kind) {
      case 'fabric-bridge':
      case 'ovn-chassis':
        // The fabric bridge or the integration bridge, and the bridge that holds the underlay address.
        bridges.add(object.name);
        if (v.CDN_DATAPATH === 'netdev' && v.CDN_PHY_BRIDGE) bridges.add(v.CDN_PHY_BRIDGE);
        break;
      case 'fabric-tunnel':
        ports.add(object.name);
        break;
      case 'ovn-central':
        centrals.add(object.name);
        break;
      case 'static-attachment':
        links.add(object.name);
        if (v.CDN_BRIDGE_KIND === 'ovs') ports.add(object.name);
        break;
    }
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return { bridges: sorted(bridges), ports: sorted(ports), links: sorted(links), centrals: sorted(centrals) };
}

/**
 * The ownership mark: which stack made an object. It goes into OVS
 * `external_ids:cdn_owner`, a veth's interface alias, a systemd unit's name
 * and a directory name, so it is kept to characters all of these accept.
 */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Why `owner` cannot be an ownership mark. */
export function ownerProblem(owner: string): string | undefined {
  if (OWNER.test(owner)) return undefined;
  return `stack name ${JSON.stringify(owner)} cannot mark the objects it makes on hosts: name the stack with at most 64 letters, digits, '_', '.' and '-', starting with a letter or digit`;
}
