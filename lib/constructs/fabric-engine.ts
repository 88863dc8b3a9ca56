import { LOOP_PREVENTIONS, meshTunnelProblem, type LoopPrevention as LoopPreventionType, type MeshEngineSpec } from '../model/mesh-engine-plan.js';
import { ovnEncapsulationProblem, type OvnEngineSpec } from '../model/ovn-engine-plan.js';
import type { FabricEngineSpec } from '../model/overlay-fabric-plan.js';
import { TUNNEL_TYPE_NAMES, tunnelTypesOf, type FabricEngineType, type TunnelType } from '../model/tunnel-types.js';
import { assertInput, instanceOf, InvalidInputError, oneOf, propsOf, text, z } from '../model/untyped-input.js';
import { brand, isDockerHost, isFabricEngine } from './construct-brands.js';
import type { DockerHost } from './docker-host.js';
import type { FabricEngineRenderer } from './fabric-engine-renderer.js';
import { MeshEngineRenderer } from './mesh-engine-renderer.js';
import type { OverlayFabric } from './overlay-fabric.js';
import { OvnEngineRenderer } from './ovn-engine-renderer.js';

/** Tunnel types of the mesh engine. */
export const Tunnel = {
  /** GRE with the fabric's key, as in the article: 42 bytes of overhead. */
  GRE: 'gre',
  /** VXLAN over UDP: 50 bytes of overhead. */
  VXLAN: 'vxlan',
} as const satisfies Record<string, TunnelType>;
/** One of the {@link Tunnel} values: what the mesh tunnels with. */
export type Tunnel = (typeof Tunnel)[keyof typeof Tunnel];

/** Encapsulations of the OVN engine. */
export const Encapsulation = {
  /** Geneve, OVN's default: 58 bytes of overhead (with OVN's 8-byte option). */
  GENEVE: 'geneve',
  /** VXLAN: 50 bytes; OVN then carries fewer logical ports and no logical-port option. */
  VXLAN: 'vxlan',
} as const satisfies Record<string, TunnelType>;
/** One of the {@link Encapsulation} values: what OVN tunnels with. */
export type Encapsulation = (typeof Encapsulation)[keyof typeof Encapsulation];

/** How the mesh keeps three or more hosts from looping. */
export const LoopPrevention = {
  /** Tunnel ports are protected: traffic from a tunnel never leaves through another tunnel (split horizon). */
  PROTECTED: 'protected',
  /** Spanning tree on the fabric bridge, as in the article. Converges in ~30 s. */
  STP: 'stp',
  /** Rapid spanning tree. Converges in ~2 s. */
  RSTP: 'rstp',
} as const satisfies Record<string, LoopPreventionType>;
/** One of the {@link LoopPrevention} values. */
export type LoopPrevention = (typeof LoopPrevention)[keyof typeof LoopPrevention];

/** Options of {@link FabricEngine.mesh}. */
export interface MeshEngineOptions {
  /**
   * `gre` or `vxlan` (Geneve is OVN's: see {@link FabricEngine.ovn}).
   * @default "gre"
   */
  readonly tunnel?: Tunnel;
  /**
   * GRE key / VXLAN network identifier, so two fabrics on the same hosts stay apart.
   * @default derived from the fabric's construct path and name (1–16777215)
   */
  readonly key?: number;
  /**
   * How three or more hosts are kept from looping (see {@link LoopPrevention}).
   * @default "protected"
   */
  readonly loopPrevention?: LoopPrevention;
  /**
   * The fabric's Open vSwitch bridge on each host (the article's `br0`).
   * @default "cdno-" and 8 hex digits derived from the fabric's construct path and name
   */
  readonly ovsBridge?: string;
}

/** Options of {@link FabricEngine.ovn}. */
export interface OvnEngineOptions {
  /**
   * The fabric host (or hosts) that run the northbound and southbound databases
   * and `ovn-northd`. One host, or three (or five) for high availability: the
   * databases then form a Raft cluster and losing one host loses nothing.
   * @default none: set this or `externalCentral`
   */
  readonly central?: DockerHost | readonly DockerHost[];
  /**
   * Addresses of an OVN control plane you run yourself (northbound on port 6641,
   * southbound on 6642); the fabric then runs none.
   * @default none: set this or `central`
   */
  readonly externalCentral?: readonly string[];
  /**
   * The tunnels between hosts: `geneve` or `vxlan` (see {@link Encapsulation}).
   * @default "geneve"
   */
  readonly encapsulation?: Encapsulation;
  /**
   * The OVS bridge `ovn-controller` programs on every host.
   * @default "br-int"
   */
  readonly integrationBridge?: string;
  /**
   * The fabric's logical switch in the northbound database.
   * @default the fabric's name
   */
  readonly logicalSwitch?: string;
  /**
   * The interface each container gets on the fabric (its `eth0` stays Docker's).
   * @default "eth1"
   */
  readonly interfaceName?: string;
}

const A_HOST = instanceOf(isDockerHost, "a DockerHost (new DockerHost(stack, 'h1'))");

const MESH_OPTIONS = propsOf<MeshEngineOptions>()({
  tunnel: oneOf(tunnelTypesOf('mesh') as [TunnelType, ...TunnelType[]]).optional(),
  key: z.number().optional(),
  loopPrevention: oneOf(LOOP_PREVENTIONS).optional(),
  ovsBridge: text().optional(),
});

const OVN_OPTIONS = propsOf<OvnEngineOptions>()({
  central: z.union([A_HOST, z.array(A_HOST)], { error: "must be a DockerHost or a list of them (central: hostA, or central: [hostA, hostB, hostC])" }).optional(),
  externalCentral: z.array(text()).optional(),
  encapsulation: oneOf(tunnelTypesOf('ovn') as [TunnelType, ...TunnelType[]]).optional(),
  integrationBridge: text().optional(),
  logicalSwitch: text().optional(),
  interfaceName: text().optional(),
});

/**
 * How an {@link OverlayFabric} joins its hosts, chosen with `engine`:
 *
 * - `FabricEngine.mesh()`: the article's Open vSwitch bridges with a GRE or VXLAN
 *   tunnel between every pair of hosts. Nothing but Open vSwitch on the hosts;
 *   per-host configuration grows with the number of hosts. For a few hosts.
 * - `FabricEngine.ovn({ central })`: Open Virtual Network. A logical switch in a
 *   central database; `ovn-controller` on each host builds the Geneve tunnels
 *   itself. Adding a host touches no other host. For more than a handful.
 *
 * Options are checked when a fabric takes the engine, so messages name the fabric.
 */
export abstract class FabricEngine {
  /** The article's full mesh of tunnels (the default engine). */
  public static mesh(options: MeshEngineOptions = {}): FabricEngine {
    return new MeshEngine(options);
  }

  /** Open Virtual Network: a central database and `ovn-controller` per host. */
  public static ovn(options: OvnEngineOptions): FabricEngine {
    return new OvnEngine(options);
  }

  /** Returns whether `x` is a FabricEngine (also one made by another copy of this package). */
  public static isFabricEngine(x: unknown): x is FabricEngine {
    return isFabricEngine(x);
  }

  /** `mesh` or `ovn`. */
  public abstract readonly type: FabricEngineType;

  protected constructor() {
    brand(this, 'FabricEngine');
  }

  /**
   * The engine's settings for the model's plan, checked as untyped input
   * (messages name `fabric`).
   * @internal
   */
  public abstract specFor(fabric: OverlayFabric): FabricEngineSpec;

  /**
   * Makes the engine's resources for `fabric`.
   * @internal
   */
  public abstract bind(fabric: OverlayFabric): FabricEngineRenderer;
}

class MeshEngine extends FabricEngine {
  public readonly type = 'mesh';

  public constructor(private readonly options: MeshEngineOptions) {
    super();
  }

  public specFor(fabric: OverlayFabric): MeshEngineSpec {
    otherEnginesType(fabric, this.options?.tunnel, meshTunnelProblem);
    assertInput(fabric.node.path, MESH_OPTIONS, this.options, { whole: 'FabricEngine.mesh() options', part: 'FabricEngine.mesh() option' });
    const { tunnel = 'gre', key, loopPrevention = 'protected', ovsBridge } = this.options;
    return { type: 'mesh', tunnel, loopPrevention, ...(key !== undefined ? { key } : {}), ...(ovsBridge !== undefined ? { ovsBridge } : {}) };
  }

  public bind(fabric: OverlayFabric): FabricEngineRenderer {
    return new MeshEngineRenderer(fabric);
  }
}

class OvnEngine extends FabricEngine {
  public readonly type = 'ovn';

  public constructor(private readonly options: OvnEngineOptions) {
    super();
  }

  public specFor(fabric: OverlayFabric): OvnEngineSpec {
    otherEnginesType(fabric, this.options?.encapsulation, ovnEncapsulationProblem);
    assertInput(fabric.node.path, OVN_OPTIONS, this.options ?? {}, { whole: 'FabricEngine.ovn() options', part: 'FabricEngine.ovn() option' });
    const { externalCentral = [], encapsulation = 'geneve', integrationBridge, logicalSwitch } = this.options ?? {};
    return {
      type: 'ovn',
      encapsulation,
      central: this.centralHosts.map((h) => h.name),
      externalCentral,
      ...(integrationBridge !== undefined ? { integrationBridge } : {}),
      ...(logicalSwitch !== undefined ? { logicalSwitch } : {}),
    };
  }

  /** The interface containers get on the fabric. */
  public get interfaceName(): string {
    return this.options?.interfaceName ?? 'eth1';
  }

  /** The central hosts, as given. */
  public get centralHosts(): readonly DockerHost[] {
    const central = this.options?.central;
    return central === undefined ? [] : Array.isArray(central) ? central : [central as DockerHost];
  }

  public bind(fabric: OverlayFabric): FabricEngineRenderer {
    return new OvnEngineRenderer(fabric, this);
  }
}

export type { OvnEngine };

/** A tunnel type the other engine builds is no typo: say which engine to use instead of listing values. */
function otherEnginesType(fabric: OverlayFabric, type: unknown, problem: (type: TunnelType) => string | undefined): void {
  if (typeof type !== 'string' || !(TUNNEL_TYPE_NAMES as string[]).includes(type)) return;
  const message = problem(type as TunnelType);
  if (message) throw new InvalidInputError([{ path: fabric.node.path, message }]);
}
