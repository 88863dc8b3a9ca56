import { Construct, Lazy, TerraformStack, type TerraformResource } from './cdktf.js';
import { subnetsOverlap } from '../model/address-plan.js';
import type { HostClaim } from '../model/host-claims.js';
import { planOverlayFabric, type Datapath, type FabricEngineSpec, type OverlayFabricHostPlan, type OverlayFabricPlan } from '../model/overlay-fabric-plan.js';
import type { Problem } from '../model/problem.js';
import type { MtuPlan, MtuPolicy } from '../model/tunnel-mtu.js';
import { instanceOf, InvalidInputError, oneOf, propsOf, text, z } from '../model/untyped-input.js';
import { AddressRequests } from './address-requests.js';
import { brand, isDockerHost, isFabricEngine, isOverlayFabric, isService, isStaticNetwork } from './construct-brands.js';
import { checkArguments, checkProps } from './construct-input.js';
import { DerivedValues } from './derived-values.js';
import type { DockerHost } from './docker-host.js';
import { FabricEngine } from './fabric-engine.js';
import type { FabricEngineRenderer, FabricMember } from './fabric-engine-renderer.js';
import { hostClaimProblems } from './host-claims-of.js';
import { reportProblems } from './report-problems.js';
import type { Service } from './service.js';
import type { ServiceAddressing } from './service-addressing.js';

export type { Datapath } from '../model/overlay-fabric-plan.js';

/** Properties of an {@link OverlayFabric}. */
export interface OverlayFabricProps {
  /**
   * Name of the fabric: the Docker network on every host, and a tag on every OVS
   * bridge and port it makes.
   * @default the construct id
   */
  readonly name?: string;
  /** The fabric's subnet (one L2 domain), e.g. `10.50.0.0/16`. */
  readonly subnet: string;
  /**
   * How hosts are joined: `FabricEngine.mesh({ tunnel, key, loopPrevention, ovsBridge })`,
   * the article's tunnel between every pair of hosts, or `FabricEngine.ovn({ central })`,
   * Open Virtual Network. See docs/engines.md, "Choosing an engine".
   * @default FabricEngine.mesh()
   */
  readonly engine?: FabricEngine;
  /**
   * Prefix length of each host's block of the subnet.
   * @default 24
   */
  readonly hostPrefixLength?: number;
  /**
   * `system` (kernel datapath) or `netdev` (userspace, as OVS-DPDK; the underlay
   * address moves onto an OVS bridge, see `physicalBridge`).
   * @default "system"
   */
  readonly datapath?: Datapath;
  /**
   * Which side gives way to the encapsulation overhead: `raise-underlay` raises
   * the underlay's MTU, `lower-containers` lowers the containers'.
   * @default "raise-underlay"
   */
  readonly mtuPolicy?: MtuPolicy;
  /**
   * raise-underlay: the containers' MTU (the underlay gets this plus the overhead).
   * @default 1500
   */
  readonly containerMtu?: number;
  /**
   * lower-containers: the underlay's MTU (containers get this minus the overhead).
   * @default 1500
   */
  readonly underlayMtu?: number;
  /**
   * netdev datapath: the OVS bridge that takes over the underlay interface and address.
   * @default "br-phy"
   */
  readonly physicalBridge?: string;
  /**
   * Mesh engine: Linux bridge of the fabric's Docker network on each host.
   * @default "cdnf-" and 8 hex digits derived from the fabric's construct path and name
   */
  readonly dockerBridge?: string;
}

/** How a host joins the fabric. */
export interface FabricHostOptions {
  /** The host's underlay address with prefix, e.g. `192.168.0.11/24`: where its tunnels end. */
  readonly underlayAddress: string;
  /**
   * The host's interface that carries the underlay (with the netdev datapath it
   * moves onto `physicalBridge`).
   * @default "eth0"
   */
  readonly underlayInterface?: string;
  /**
   * Which block of the subnet the host owns. Give slots explicitly if hosts may
   * be removed from the middle of the list, so the others keep their blocks.
   * @default the host's position in the fabric
   */
  readonly slot?: number;
}

/** Per-service options of {@link OverlayFabric.assign}. */
export interface FabricAddressOptions {
  /**
   * The address to give the service, inside its host's static half of the fabric.
   * @default the next free address of the host's static half
   */
  readonly address?: string;
}

const OVERLAY_FABRIC_PROPS = propsOf<OverlayFabricProps>()({
  name: text().optional(),
  subnet: text(),
  hostPrefixLength: z.number().optional(),
  engine: instanceOf(isFabricEngine, "a FabricEngine (FabricEngine.mesh() or FabricEngine.ovn({ central: host }))").optional(),
  datapath: oneOf(['system', 'netdev']).optional(),
  mtuPolicy: oneOf(['raise-underlay', 'lower-containers']).optional(),
  containerMtu: z.number().optional(),
  underlayMtu: z.number().optional(),
  physicalBridge: text().optional(),
  dockerBridge: text().optional(),
});

const A_HOST = instanceOf(isDockerHost, "a DockerHost (new DockerHost(stack, 'h1'))");
const A_SERVICE = instanceOf(isService, "a Service (new Service(stack, 'db', { … }))");
const HOST_OPTIONS = propsOf<FabricHostOptions>()({ underlayAddress: text(), underlayInterface: text().optional(), slot: z.number().optional() });
const ADDRESS_OPTIONS = propsOf<FabricAddressOptions>()({ address: text().optional() });

/** Props that moved into `FabricEngine.mesh()`, with an example value for the message when the user's own cannot be shown. */
const ENGINE_PROPS: Record<string, string> = {
  tunnel: "'gre'",
  key: '42',
  loopPrevention: "'rstp'",
  ovsBridge: "'br0'",
};

/** `value` written as TypeScript, when it is a plain number or a short plain string; otherwise undefined. */
function asCode(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^[\w.-]{1,40}$/.test(value)) return `'${value}'`;
  return undefined;
}

/**
 * A multi-host L2 network: one subnet, a disjoint block of it per host (so two
 * hosts never hand out the same address, the article's flaw fixed), an MTU
 * plan, and an engine that joins the hosts — the article's full mesh of GRE or
 * VXLAN tunnels ({@link FabricEngine.mesh}, the default) or Open Virtual
 * Network ({@link FabricEngine.ovn}).
 *
 * The fabric asks the model once for its whole plan (`plan()`) and the engine
 * renders it: resources are made as hosts and services are declared, and their
 * values are read from the plan at synth.
 */
export class OverlayFabric extends Construct implements ServiceAddressing {
  /** Returns whether `x` is an OverlayFabric (also one made by another copy of this package). */
  public static isOverlayFabric(x: unknown): x is OverlayFabric {
    return isOverlayFabric(x);
  }

  /** Name of the fabric: its Docker network on every host. */
  public readonly name: string;
  /** The fabric's subnet, e.g. `10.50.0.0/16`. */
  public readonly subnet: string;
  /** `system` (kernel) or `netdev` (userspace) Open vSwitch datapath. */
  public readonly datapath: Datapath;
  /** The engine that joins the hosts. */
  public readonly engine: FabricEngine;

  private readonly props: OverlayFabricProps;
  private readonly engineSpec: FabricEngineSpec;
  private readonly renderer: FabricEngineRenderer;
  private readonly members: FabricMember[] = [];
  private readonly assignments: Array<{ service: Service; options: FabricAddressOptions }> = [];
  private readonly derived = new DerivedValues();
  private readonly addressRequests = new AddressRequests();

  public constructor(scope: Construct, id: string, props: OverlayFabricProps) {
    super(scope, id);
    brand(this, 'OverlayFabric');
    checkMovedProps(this, props);
    checkProps(this, OVERLAY_FABRIC_PROPS, props);
    this.props = props;
    this.name = props.name ?? id;
    this.subnet = props.subnet;
    this.datapath = props.datapath ?? 'system';
    this.engine = props.engine ?? FabricEngine.mesh();
    this.engineSpec = this.engine.specFor(this);
    this.renderer = this.engine.bind(this);
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Adds `host` to the fabric: the engine makes its resources (mesh: its bridge, and tunnels to and from every other host). */
  public addHost(host: DockerHost, options: FabricHostOptions): void {
    checkArguments(this, 'addHost', { host: [A_HOST, host], options: [HOST_OPTIONS, options] });
    const earlier = this.members.find((m) => m.host === host || m.host.name === host.name);
    if (earlier) {
      const why =
        earlier.host === host
          ? `addHost() adds host "${host.name}" (${host.node.path}) a second time, which would make a tunnel from the host to itself. Add each host once`
          : `addHost() adds ${host.node.path} named "${host.name}", but ${earlier.host.node.path} joined the fabric under that name. Give each DockerHost its own name`;
      throw new InvalidInputError([{ path: this.node.path, message: why }]);
    }
    const member: FabricMember = { host, options };
    this.derived.invalidate();
    this.renderer.addHost(member);
    this.members.push(member);
  }

  /** Gives `service` an address from its host's static half of the fabric. */
  public assign(service: Service, options: FabricAddressOptions = {}): void {
    checkArguments(this, 'assign', { service: [A_SERVICE, service], options: [ADDRESS_OPTIONS, options] });
    const first = !this.hasService(service);
    this.assignments.push({ service, options });
    this.derived.invalidate();
    service.registerAddressing(this);
    if (first) this.renderer.assign(service);
  }

  /** True when `service` has an address on the fabric. */
  public hasService(service: Service): boolean {
    return this.assignments.some((a) => a.service === service);
  }

  /**
   * The planned fabric address of `service` (resolved at synth, once every assignment is known).
   * A service still not assigned here at synth is a synth error, not an empty value.
   */
  public addressOf(service: Service): string {
    checkArguments(this, 'addressOf', { service: [A_SERVICE, service] });
    // Empty only when the plan failed (its problems are reported) or the service was never assigned (reported at synth).
    this.addressRequests.record(service);
    return Lazy.stringValue({ produce: () => this.addressFor(service) ?? '' });
  }

  /**
   * The Docker network membership the engine gives `service`, if it does so through Docker.
   * @internal
   */
  public dockerNetworkOf(service: Service): { name: string; address: string } | undefined {
    return this.renderer.dockerNetworkOf(service);
  }

  /**
   * Resources `service`'s container must start after (its bridge and tunnels).
   * @internal
   */
  public startAfter(service: Service): TerraformResource[] {
    return this.renderer.startAfter(service);
  }

  /**
   * Resources after which `service`'s fabric address answers.
   * @internal
   */
  public addressReadyAfter(service: Service): TerraformResource[] {
    return this.renderer.addressReadyAfter(service);
  }

  /**
   * What the fabric occupies on each of its hosts.
   * @internal
   */
  public hostClaims(): HostClaim[] {
    const plan = this.plan();
    return this.members.flatMap((member) => {
      const { host, options } = member;
      const claim = (kind: HostClaim['kind'], name: string, fix: string): HostClaim => ({ host: host.name, kind, name, owner: this.node.path, fix });
      const claims = [claim('Docker network', this.name, 'Give the fabric a name of its own'), ...this.renderer.hostClaims(member)];
      if (this.datapath === 'netdev') {
        const shared = 'With the netdev datapath the underlay interface and its physical bridge belong to one fabric: use the system datapath, or another underlay interface and physicalBridge';
        claims.push(claim('Open vSwitch bridge', plan.physicalBridge, shared), claim('underlay interface', options.underlayInterface ?? 'eth0', shared));
      }
      return claims;
    });
  }

  /** The planned address of `service`, or `undefined` when planning failed. */
  public plannedAddress(service: Service): string | undefined {
    checkArguments(this, 'plannedAddress', { service: [A_SERVICE, service] });
    return this.addressFor(service);
  }

  /** plannedAddress() for a service already checked: the lazy values and this construct's own rendering. */
  private addressFor(service: Service): string | undefined {
    return this.plan().addresses.get(service.node.path);
  }

  /** The hosts of the fabric, in the order they were added. */
  public get hosts(): DockerHost[] {
    return this.members.map((m) => m.host);
  }

  /** The services given an address here, in the order they were assigned. */
  public get services(): Service[] {
    return [...new Set(this.assignments.map((a) => a.service))];
  }

  /** The fabric's Docker network name on every host. */
  public get networkName(): string {
    return this.name;
  }

  /** The Open vSwitch bridge containers' traffic enters on each host: the mesh's fabric bridge, OVN's integration bridge. */
  public get ovsBridge(): string {
    const engine = this.plan().engine;
    return engine.type === 'mesh' ? engine.ovsBridge : engine.integrationBridge;
  }

  /** netdev datapath: the OVS bridge that takes over each host's underlay interface and address. */
  public get physicalBridge(): string {
    return this.plan().physicalBridge;
  }

  /** Mesh engine: the Linux bridge of the fabric's Docker network on each host. */
  public get dockerBridge(): string {
    return this.plan().dockerBridge;
  }

  /** The underlay address (with prefix) the host named `hostName` joined with. */
  public underlayAddressOf(hostName: string): string | undefined {
    return this.members.find((m) => m.host.name === hostName)?.options.underlayAddress;
  }

  /** Which side gives way to the encapsulation overhead. */
  public get mtuPolicy(): MtuPolicy {
    return this.props.mtuPolicy ?? 'raise-underlay';
  }

  /**
   * The whole plan: each host's block, every address, the MTUs, the names on
   * the hosts and the engine's objects, with every problem of the settings.
   */
  public plan(): OverlayFabricPlan {
    return this.derived.get('plan', () =>
      planOverlayFabric({
        path: this.node.path,
        name: this.name,
        subnet: this.subnet,
        datapath: this.datapath,
        mtuPolicy: this.mtuPolicy,
        engine: this.engineSpec,
        ...definedOnly({
          hostPrefixLength: this.props.hostPrefixLength,
          containerMtu: this.props.containerMtu,
          underlayMtu: this.props.underlayMtu,
          physicalBridge: this.props.physicalBridge,
          dockerBridge: this.props.dockerBridge,
        }),
        hosts: this.members.map((m) => ({
          path: `${this.node.path} (host ${m.host.name})`,
          name: m.host.name,
          underlayAddress: m.options.underlayAddress,
          ...definedOnly({ underlayInterface: m.options.underlayInterface, slot: m.options.slot }),
        })),
        assignments: this.assignments.map((a) => ({
          path: a.service.node.path,
          host: a.service.host.name,
          container: a.service.name,
          ...definedOnly({ address: a.options.address }),
        })),
      }),
    );
  }

  /** MTUs of containers and underlay, and the overhead between them. */
  public mtu(): MtuPlan {
    return this.plan().mtu;
  }

  /** Mesh engine: what one host's Docker network looks like (what `docker_network` is rendered from). */
  public dockerNetworkSettings(host: DockerHost): { name: string; subnet: string; gateway: string; ipRange: string; bridgeName: string; mtu: number } | undefined {
    const plan = this.hostPlan(host);
    if (!plan || this.engine.type !== 'mesh') return undefined;
    return { name: this.name, subnet: this.subnet, gateway: plan.gateway, ipRange: plan.dynamicRange, bridgeName: this.dockerBridge, mtu: this.mtu().containerMtu };
  }

  /** The plan of one host (its block, gateway, ranges, underlay), if the fabric could plan it. */
  public hostPlan(host: DockerHost): OverlayFabricHostPlan | undefined {
    return this.plan().hosts.find((h) => h.name === host.name);
  }

  private validate(): string[] {
    const problems: Problem[] = [...this.plan().problems, ...this.renderer.problems()];
    problems.push(...hostClaimProblems(this, this.hostClaims()));
    problems.push(...this.overlapsWithEarlierFabrics());
    problems.push(...this.addressRequests.problems(this, 'fabric'));
    for (const member of this.members) {
      const where = `${this.node.path} (host ${member.host.name})`;
      for (const network of TerraformStack.of(this).node.findAll().filter(isStaticNetwork)) {
        if (network.host === member.host && subnetsOverlap(network.subnet, this.subnet)) {
          problems.push({ path: where, message: `fabric subnet ${this.subnet} overlaps static network ${network.node.path} (${network.subnet}) on host "${member.host.name}". Give them separate subnets` });
        }
      }
    }
    return reportProblems(this, problems);
  }

  /** Two fabrics on one host with overlapping subnets would route each other's addresses: reported on the later one. */
  private overlapsWithEarlierFabrics(): Problem[] {
    const fabrics = TerraformStack.of(this).node.findAll().filter(isOverlayFabric);
    return fabrics.slice(0, fabrics.indexOf(this)).flatMap((earlier) => {
      const shared = this.hosts.filter((h) => earlier.hosts.includes(h)).map((h) => h.name);
      if (shared.length === 0 || !subnetsOverlap(this.subnet, earlier.subnet)) return [];
      return [{
        path: this.node.path,
        message: `fabric subnet ${this.subnet} overlaps subnet ${earlier.subnet} of fabric ${earlier.node.path} on host${shared.length > 1 ? 's' : ''} ${shared.map((h) => `"${h}"`).join(', ')}. Give each fabric its own subnet`,
      }];
    });
  }
}

/** `props` without the keys whose value is `undefined` (the plan's input is exact about optional keys). */
function definedOnly<T extends Record<string, unknown>>(props: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A prop that moved into the engine fails with where it goes now, not as an unknown key. */
function checkMovedProps(fabric: OverlayFabric, props: unknown): void {
  if (props === null || typeof props !== 'object') return;
  const moved = Object.keys(ENGINE_PROPS).filter((key) => key in props);
  if (moved.length === 0) return;
  throw new InvalidInputError(
    moved.map((key) => ({
      path: fabric.node.path,
      message: `prop "${key}" belongs to the mesh engine now. Move it into the engine: engine: FabricEngine.mesh({ ${key}: ${asCode((props as Record<string, unknown>)[key]) ?? ENGINE_PROPS[key]} })`,
    })),
  );
}
