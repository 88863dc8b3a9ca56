import type { FabricHostPlan } from './fabric-host-blocks.js';
import { interfaceNameProblem, shortHash } from './linux-interface-names.js';
import type { Problem } from './problem.js';
import { TUNNEL_TYPES, tunnelKeyProblem, tunnelTypesOf, type TunnelType } from './tunnel-types.js';

/**
 * The article's engine: an Open vSwitch bridge per host and a tunnel port for
 * every ordered pair of hosts, so adding the n-th host adds 2·(n−1) tunnels.
 */

/** How the mesh keeps three or more hosts from looping. */
export type LoopPrevention =
  /** Tunnel ports are protected: traffic from a tunnel never leaves through another tunnel (split horizon). */
  | 'protected'
  /** Spanning tree on the fabric bridge, as in the article. Converges in ~30 s. */
  | 'stp'
  /** Rapid spanning tree. Converges in ~2 s. */
  | 'rstp';

export const LOOP_PREVENTIONS = ['protected', 'stp', 'rstp'] as const satisfies readonly LoopPrevention[];

/** What the user chose for the mesh (see `FabricEngine.mesh`). */
export interface MeshEngineSpec {
  readonly type: 'mesh';
  readonly tunnel: TunnelType;
  /** @default derived from the fabric's identity */
  readonly key?: number;
  readonly loopPrevention: LoopPrevention;
  /** @default "cdno-" and 8 hex digits of the fabric's identity */
  readonly ovsBridge?: string;
}

/** One tunnel port: on `from`'s fabric bridge, towards `to`. */
export interface MeshTunnelPlan {
  readonly from: string;
  readonly to: string;
  /** The OVS port's name on `from`. */
  readonly port: string;
  /** `to`'s underlay address, where the tunnel ends. */
  readonly remoteIp: string;
}

export interface MeshEnginePlan {
  readonly type: 'mesh';
  readonly tunnel: TunnelType;
  readonly key: number;
  readonly loopPrevention: LoopPrevention;
  /** The fabric's OVS bridge on every host (the article's `br0`). */
  readonly ovsBridge: string;
  /** Every ordered pair of hosts, in the order hosts joined. */
  readonly tunnels: readonly MeshTunnelPlan[];
}

/** The mesh's part of the fabric plan; `identity` is what default names derive from. */
export function planMeshEngine(
  path: string,
  identity: readonly string[],
  spec: MeshEngineSpec,
  hosts: readonly FabricHostPlan[],
): { readonly plan: MeshEnginePlan; readonly problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (message: string) => problems.push({ path, message });
  const key = spec.key ?? 1 + (parseInt(shortHash(8, 'key', ...identity), 16) % 16_777_215);
  const ovsBridge = spec.ovsBridge ?? `cdno-${shortHash(8, 'ovs-bridge', ...identity)}`;

  const tunnelProblem = meshTunnelProblem(spec.tunnel);
  if (tunnelProblem) {
    at(tunnelProblem);
  } else {
    const keyProblem = tunnelKeyProblem(spec.tunnel, key);
    if (keyProblem) at(keyProblem);
  }
  const bridgeProblem = interfaceNameProblem(ovsBridge, 'OVS bridge name');
  if (bridgeProblem) at(bridgeProblem);

  const tunnels: MeshTunnelPlan[] = [];
  hosts.forEach((host, index) => {
    for (const other of hosts.slice(0, index)) {
      tunnels.push(tunnelPlan(spec.tunnel, identity, host, other), tunnelPlan(spec.tunnel, identity, other, host));
    }
  });
  return { plan: { type: 'mesh', tunnel: spec.tunnel, key, loopPrevention: spec.loopPrevention, ovsBridge, tunnels }, problems };
}

/** Why the mesh cannot build `tunnel`, if it cannot. */
export function meshTunnelProblem(tunnel: TunnelType): string | undefined {
  if (tunnelTypesOf('mesh').includes(tunnel)) return undefined;
  const { label } = TUNNEL_TYPES[tunnel];
  return (
    `the mesh engine cannot build ${label} tunnels: ${label} is built by OVN's ovn-controller. ` +
    `Use FabricEngine.ovn({ encapsulation: '${tunnel}', central: … }), or a mesh tunnel: ${tunnelTypesOf('mesh').map((t) => `'${t}'`).join(' or ')}`
  );
}

function tunnelPlan(tunnel: TunnelType, identity: readonly string[], from: FabricHostPlan, to: FabricHostPlan): MeshTunnelPlan {
  return {
    from: from.name,
    to: to.name,
    port: `${TUNNEL_TYPES[tunnel].portPrefix}-${shortHash(8, 'tunnel', ...identity, from.name, to.name)}`,
    remoteIp: to.underlayIp ?? '',
  };
}
