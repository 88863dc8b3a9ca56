/**
 * Everything the library knows about one tunnel encapsulation, in one table
 * keyed by type: the compiler rejects a type without an entry, so a new type
 * cannot silently fall back to another's numbers.
 */

/** Tunnel encapsulations a fabric can use (which engine takes which: {@link TunnelFacts.engines}). */
export type TunnelType = 'gre' | 'vxlan' | 'geneve';

/** The fabric engines (see `FabricEngine`). */
export type FabricEngineType = 'mesh' | 'ovn';

/** What one encapsulation adds and allows. */
export interface TunnelFacts {
  /** How people write it. */
  readonly label: string;
  /**
   * Bytes the encapsulation adds to each inner IP packet on the underlay:
   * outer IPv4 (20) + tunnel header + the inner Ethernet header (14).
   */
  readonly overhead: number;
  /** Where the bytes go, for docs and messages. */
  readonly overheadParts: string;
  /** The range of the key that keeps two fabrics on one underlay apart (GRE key, VNI). */
  readonly keyRange: { readonly min: number; readonly max: number };
  /** Prefix of the OVS port names the mesh engine gives its tunnels (OVN names its own). */
  readonly portPrefix: string;
  /** The engines that can build it. */
  readonly engines: readonly FabricEngineType[];
}

const OUTER_IPV4 = 20;
const INNER_ETHERNET = 14;

export const TUNNEL_TYPES = {
  gre: {
    label: 'GRE',
    // 4 bytes of GRE header and 4 of key: the mesh always keys its tunnels with the fabric's key.
    overhead: OUTER_IPV4 + 4 + 4 + INNER_ETHERNET,
    overheadParts: '20 outer IPv4 + 4 GRE + 4 key + 14 inner Ethernet',
    keyRange: { min: 1, max: 4_294_967_295 },
    portPrefix: 'gre',
    engines: ['mesh'],
  },
  vxlan: {
    label: 'VXLAN',
    overhead: OUTER_IPV4 + 8 + 8 + INNER_ETHERNET,
    overheadParts: '20 outer IPv4 + 8 UDP + 8 VXLAN + 14 inner Ethernet',
    keyRange: { min: 1, max: 16_777_215 },
    portPrefix: 'vxlan',
    engines: ['mesh', 'ovn'],
  },
  geneve: {
    label: 'Geneve',
    // OVN always sends one 8-byte option (its logical ingress/egress ports).
    overhead: OUTER_IPV4 + 8 + 8 + 8 + INNER_ETHERNET,
    overheadParts: '20 outer IPv4 + 8 UDP + 8 Geneve + 8 OVN option + 14 inner Ethernet',
    keyRange: { min: 1, max: 16_777_215 },
    portPrefix: 'genev',
    engines: ['ovn'],
  },
} as const satisfies Record<TunnelType, TunnelFacts>;

export const TUNNEL_TYPE_NAMES = Object.keys(TUNNEL_TYPES) as TunnelType[];

/** The tunnel types `engine` can build. */
export function tunnelTypesOf(engine: FabricEngineType): TunnelType[] {
  return TUNNEL_TYPE_NAMES.filter((type) => (TUNNEL_TYPES[type].engines as readonly FabricEngineType[]).includes(engine));
}

/** Bytes `tunnel` adds to each inner IP packet. */
export function encapsulationOverhead(tunnel: TunnelType): number {
  return TUNNEL_TYPES[tunnel].overhead;
}

/** Why `key` cannot key a `tunnel`, if it cannot. */
export function tunnelKeyProblem(tunnel: TunnelType, key: number): string | undefined {
  const { min, max } = TUNNEL_TYPES[tunnel].keyRange;
  if (Number.isInteger(key) && key >= min && key <= max) return undefined;
  return `key ${key} is outside ${min}–${max} for ${TUNNEL_TYPES[tunnel].label}. Use a whole number in that range, or leave key unset to derive one from the fabric's name`;
}
