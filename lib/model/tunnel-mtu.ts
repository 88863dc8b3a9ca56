/**
 * MTU arithmetic for an overlay: what encapsulation adds to every frame, and
 * which side gives way. An Ethernet frame crossing the overlay carries, on the
 * underlay: outer IPv4 (20) + tunnel header + the inner Ethernet header (14)
 * + the inner IP packet (at most the container MTU). What each tunnel type
 * adds comes from the table in tunnel-types.ts.
 */
import { encapsulationOverhead, TUNNEL_TYPES, type TunnelType } from './tunnel-types.js';

export type { TunnelType } from './tunnel-types.js';

/** Which side gives way to the encapsulation overhead. */
export type MtuPolicy =
  /** Keep containers at their MTU and raise the underlay's (the article's `ifconfig eth0 mtu 1542`). */
  | 'raise-underlay'
  /** Keep the underlay as it is and lower the containers' MTU (for underlays you cannot change). */
  | 'lower-containers';

/** The smallest MTU an IPv4 interface may have (RFC 791). */
export const MIN_MTU = 68;
/** The largest MTU this library configures (jumbo frames up to 9216 are common; Linux allows up to 65535). */
export const MAX_MTU = 65535;

export interface MtuPlanInput {
  readonly tunnel: TunnelType;
  readonly policy: MtuPolicy;
  /** raise-underlay: the containers' MTU. @default 1500 */
  readonly containerMtu?: number;
  /** lower-containers: the underlay's MTU. @default 1500 */
  readonly underlayMtu?: number;
}

export interface MtuPlan {
  readonly overhead: number;
  /** MTU of the containers' interfaces and the fabric bridge. */
  readonly containerMtu: number;
  /** MTU the underlay interface must have. */
  readonly underlayMtu: number;
  /** The largest ICMP echo payload that crosses unfragmented: container MTU − 20 (IP) − 8 (ICMP). */
  readonly largestPingPayload: number;
  readonly problems: readonly string[];
}

export function planMtu(input: MtuPlanInput): MtuPlan {
  const overhead = encapsulationOverhead(input.tunnel);
  const inRange = (mtu: number) => Number.isInteger(mtu) && mtu >= MIN_MTU && mtu <= MAX_MTU;
  const outside = (what: string, mtu: number) => `${what} MTU ${mtu} is outside ${MIN_MTU}–${MAX_MTU}`;
  const problems: string[] = [];
  let containerMtu: number;
  let underlayMtu: number;
  if (input.policy === 'raise-underlay') {
    containerMtu = input.containerMtu ?? 1500;
    underlayMtu = containerMtu + overhead;
    if (input.underlayMtu !== undefined) problems.push('underlayMtu is computed under the raise-underlay policy. Set containerMtu instead, or use lower-containers');
    if (!inRange(containerMtu)) problems.push(`${outside('container', containerMtu)}. Use e.g. 1500`);
    else if (!inRange(underlayMtu)) problems.push(`container MTU ${containerMtu} plus ${overhead} bytes of ${TUNNEL_TYPES[input.tunnel].label} overhead needs an underlay MTU of ${underlayMtu}, above ${MAX_MTU}. Lower containerMtu`);
  } else {
    underlayMtu = input.underlayMtu ?? 1500;
    containerMtu = underlayMtu - overhead;
    if (input.containerMtu !== undefined) problems.push('containerMtu is computed under the lower-containers policy. Set underlayMtu instead, or use raise-underlay');
    if (!inRange(underlayMtu)) problems.push(`${outside('underlay', underlayMtu)}. Use the MTU your underlay carries, e.g. 1500`);
    else if (containerMtu < MIN_MTU) {
      problems.push(`an underlay MTU of ${underlayMtu} leaves ${containerMtu} for containers after ${overhead} bytes of ${TUNNEL_TYPES[input.tunnel].label} overhead, below the minimum of ${MIN_MTU}. Raise the underlay MTU`);
    }
  }
  return { overhead, containerMtu, underlayMtu, largestPingPayload: containerMtu - 28, problems };
}
