import { Construct, Lazy, Network, TerraformStack, type TerraformResource } from './cdktf.js';
import { planAddresses, subnetsOverlap, type AddressPlan } from '../model/address-plan.js';
import { networkNameProblem } from '../model/docker-names.js';
import { planFabric, type FabricHostPlan, type FabricPlan } from '../model/fabric-plan.js';
import type { HostClaim } from '../model/host-claims.js';
import { interfaceNameProblem, shortHash } from '../model/linux-interface-names.js';
import type { Problem } from '../model/problem.js';
import { planMtu, type MtuPlan, type MtuPolicy, type TunnelType } from '../model/tunnel-mtu.js';
import { instanceOf, InvalidInputError, oneOf, propsOf, text, z } from '../model/untyped-input.js';
import {
  FABRIC_HOST_CREATE_SCRIPT,
  FABRIC_HOST_TEARDOWN_SCRIPT,
  FABRIC_HOST_VARIABLE_NAMES,
  FABRIC_TUNNEL_CREATE_SCRIPT,
  FABRIC_TUNNEL_TEARDOWN_SCRIPT,
  FABRIC_TUNNEL_VARIABLE_NAMES,
  type FabricHostVariables,
  type FabricTunnelVariables,
} from '../shell/fabric-scripts.js';
import { dependsOnEntries } from './depends-on.js';
import { DerivedValues } from './derived-values.js';
import { brand, isDockerHost, isOverlayFabric, isService, isStaticNetwork } from './construct-brands.js';
import { checkArguments, checkProps } from './construct-input.js';
import type { DockerHost } from './docker-host.js';
import { hostClaimProblems } from './host-claims-of.js';
import { HostScriptResource } from './host-script-resource.js';
import { reportProblems } from './report-problems.js';
import type { Service } from './service.js';
import type { ServiceAddressing } from './service-addressing.js';
import { TerraformData } from './terraform-data.js';
import { terraformLiteral } from './terraform-literal.js';

/** How the fabric keeps a full mesh of three or more hosts from looping. */
export type LoopPrevention =
  /** Tunnel ports are protected: traffic from a tunnel never leaves through another tunnel (split horizon). */
  | 'protected'
  /** Spanning tree on the fabric bridge, as in the article. Converges in ~30 s. */
  | 'stp'
  /** Rapid spanning tree. Converges in ~2 s. */
  | 'rstp';

/** Open vSwitch datapath of the fabric bridges. */
export type Datapath = 'system' | 'netdev';

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
   * Prefix length of each host's block of the subnet.
   * @default 24
   */
  readonly hostPrefixLength?: number;
  /** @default "gre" */
  readonly tunnel?: TunnelType;
  /**
   * GRE key / VXLAN network identifier, so two fabrics on the same hosts stay apart.
   * @default derived from the name (1–16777215)
   */
  readonly key?: number;
  /**
   * `system` (kernel datapath) or `netdev` (userspace, as OVS-DPDK; the underlay
   * address moves onto an OVS bridge, see `physicalBridge`).
   * @default "system"
   */
  readonly datapath?: Datapath;
  /** @default "raise-underlay" */
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
  /** @default "protected" */
  readonly loopPrevention?: LoopPrevention;
  /**
   * The fabric's Open vSwitch bridge on each host (the article's `br0`).
   * @default "cdno-" and 8 hex digits derived from the fabric's construct path and name
   */
  readonly ovsBridge?: string;
  /**
   * netdev datapath: the OVS bridge that takes over the underlay interface and address.
   * @default "br-phy"
   */
  readonly physicalBridge?: string;
  /**
   * Linux bridge of the fabric's Docker network on each host.
   * @default "cdnf-" and 8 hex digits derived from the fabric's construct path and name
   */
  readonly dockerBridge?: string;
}

/** How a host joins the fabric. */
export interface FabricHostOptions {
  /** The host's underlay address with prefix, e.g. `192.168.0.11/24`: where its tunnels end. */
  readonly underlayAddress: string;
  /** @default "eth0" */
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
  /** @default the next free address of the host's static half */
  readonly address?: string;
}

interface Member {
  readonly host: DockerHost;
  readonly options: FabricHostOptions;
  readonly network?: Network;
  readonly bridge: HostScriptResource;
  /**
   * Managed containers only: "the fabric works on this host", a resource with
   * nothing to do that depends on the host's bridge and every tunnel from or to
   * it. The host's containers depend on it, so one edge orders each container.
   */
  readonly ready?: TerraformData;
}

interface Tunnel {
  readonly from: Member;
  readonly to: Member;
  readonly resource: HostScriptResource;
}

const OVERLAY_FABRIC_PROPS = propsOf<OverlayFabricProps>()({
  name: text().optional(),
  subnet: text(),
  hostPrefixLength: z.number().optional(),
  tunnel: oneOf(['gre', 'vxlan']).optional(),
  key: z.number().optional(),
  datapath: oneOf(['system', 'netdev']).optional(),
  mtuPolicy: oneOf(['raise-underlay', 'lower-containers']).optional(),
  containerMtu: z.number().optional(),
  underlayMtu: z.number().optional(),
  loopPrevention: oneOf(['protected', 'stp', 'rstp']).optional(),
  ovsBridge: text().optional(),
  physicalBridge: text().optional(),
  dockerBridge: text().optional(),
});

const A_HOST = instanceOf(isDockerHost, "a DockerHost (new DockerHost(stack, 'h1'))");
const A_SERVICE = instanceOf(isService, "a Service (new Service(stack, 'db', { … }))");
const HOST_OPTIONS = propsOf<FabricHostOptions>()({ underlayAddress: text(), underlayInterface: text().optional(), slot: z.number().optional() });
const ADDRESS_OPTIONS = propsOf<FabricAddressOptions>()({ address: text().optional() });

/**
 * A multi-host L2 network: the article's Open vSwitch bridges joined by a full
 * mesh of GRE (or VXLAN) tunnels, with the flaw fixed — each host's Docker
 * network hands out addresses only from the host's own block of the subnet.
 *
 * Per host: a Docker bridge network (subnet = the fabric's, `ip_range` and
 * gateway = the host's), and a `terraform_data` that makes the OVS bridge,
 * sets MTU and loop prevention and joins it to the Docker bridge. Per ordered
 * pair of hosts: a `terraform_data` for one tunnel port. Adding a host adds its
 * own resources and the tunnels to and from it; nothing else changes.
 */
export class OverlayFabric extends Construct implements ServiceAddressing {
  /** Returns whether `x` is an OverlayFabric. */
  public static isOverlayFabric(x: unknown): x is OverlayFabric {
    return isOverlayFabric(x);
  }

  public readonly name: string;
  public readonly subnet: string;
  public readonly tunnel: TunnelType;
  public readonly key: number;
  public readonly datapath: Datapath;
  public readonly loopPrevention: LoopPrevention;
  public readonly ovsBridge: string;
  public readonly physicalBridge: string;
  public readonly dockerBridge: string;

  private readonly props: OverlayFabricProps;
  private readonly members: Member[] = [];
  private readonly tunnels: Tunnel[] = [];
  private readonly assignments: Array<{ service: Service; options: FabricAddressOptions }> = [];
  private readonly derived = new DerivedValues();

  public constructor(scope: Construct, id: string, props: OverlayFabricProps) {
    super(scope, id);
    brand(this, 'OverlayFabric');
    checkProps(this, OVERLAY_FABRIC_PROPS, props);
    this.props = props;
    this.name = props.name ?? id;
    this.subnet = props.subnet;
    this.tunnel = props.tunnel ?? 'gre';
    // Names and the key on the hosts derive from the fabric's identity, so two fabrics never share one.
    const identity = [this.node.path, this.name];
    this.key = props.key ?? 1 + (parseInt(shortHash(8, 'key', ...identity), 16) % 16_777_215);
    this.datapath = props.datapath ?? 'system';
    this.loopPrevention = props.loopPrevention ?? 'protected';
    this.ovsBridge = props.ovsBridge ?? `cdno-${shortHash(8, 'ovs-bridge', ...identity)}`;
    this.physicalBridge = props.physicalBridge ?? 'br-phy';
    this.dockerBridge = props.dockerBridge ?? `cdnf-${shortHash(8, 'bridge', ...identity)}`;
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Adds `host` to the fabric: its Docker network, its bridge, and tunnels to and from every other host. */
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
    const id = host.name;
    const network = host.manageContainers
      ? new Network(this, `${id}-network`, {
          ...(host.provider ? { provider: host.provider } : {}),
          name: terraformLiteral(this.name),
          driver: 'bridge',
          ipamConfig: [
            {
              subnet: terraformLiteral(this.subnet),
              gateway: Lazy.stringValue({ produce: () => terraformLiteral(this.hostPlan(host)?.gateway ?? '') }),
              ipRange: Lazy.stringValue({ produce: () => terraformLiteral(this.hostPlan(host)?.dynamicRange ?? '') }),
            },
          ],
          options: {
            'com.docker.network.bridge.name': terraformLiteral(this.dockerBridge),
            'com.docker.network.driver.mtu': Lazy.stringValue({ produce: () => String(this.mtu().containerMtu) }),
          },
        })
      : undefined;
    const bridge = new HostScriptResource(this, `${id}-bridge`, {
      host,
      createScript: FABRIC_HOST_CREATE_SCRIPT,
      teardownScript: FABRIC_HOST_TEARDOWN_SCRIPT,
      variableNames: FABRIC_HOST_VARIABLE_NAMES,
      variables: () => ({ ...this.hostVariables(host, options) }),
      hostObject: { kind: 'fabric-bridge', nameVariable: 'CDN_OVS_BRIDGE' },
      ...(network ? { dependsOn: [network] } : {}),
    });
    const ready = host.manageContainers ? this.readiness(host, bridge) : undefined;
    this.derived.invalidate();
    const member: Member = { host, options, bridge, ...(network ? { network } : {}), ...(ready ? { ready } : {}) };
    for (const other of this.members) {
      this.addTunnel(member, other);
      this.addTunnel(other, member);
    }
    this.members.push(member);
  }

  /** Gives `service` an address from its host's static half of the fabric. */
  public assign(service: Service, options: FabricAddressOptions = {}): void {
    checkArguments(this, 'assign', { service: [A_SERVICE, service], options: [ADDRESS_OPTIONS, options] });
    this.assignments.push({ service, options });
    this.derived.invalidate();
    service.registerAddressing(this);
  }

  public hasService(service: Service): boolean {
    return this.assignments.some((a) => a.service === service);
  }

  public addressOf(service: Service): string {
    return Lazy.stringValue({ produce: () => this.plannedAddress(service) ?? '' });
  }

  public dockerNetworkOf(service: Service): { name: string; address: string } | undefined {
    const member = this.members.find((m) => m.host === service.host);
    return member?.network && this.hasService(service) ? { name: member.network.name, address: this.addressOf(service) } : undefined;
  }

  /** The fabric's readiness on `service`'s host: its bridge and every tunnel from or to it, the path its address is reached by. */
  public startAfter(service: Service): TerraformResource[] {
    const member = this.members.find((m) => m.host === service.host);
    return member?.ready && this.hasService(service) ? [member.ready] : [];
  }

  /** Nothing: Docker gives the address when the container starts. */
  public addressReadyAfter(): TerraformResource[] {
    return [];
  }

  /** What the fabric occupies on each of its hosts. */
  public hostClaims(): HostClaim[] {
    return this.members.flatMap(({ host, options }) => {
      const claim = (kind: HostClaim['kind'], name: string, fix: string): HostClaim => ({ host: host.name, kind, name, owner: this.node.path, fix });
      const claims = [
        claim('Docker network', this.name, 'Give the fabric a name of its own'),
        claim('Linux bridge', this.dockerBridge, 'Set dockerBridge to a name of its own, or leave it unset'),
        claim('Open vSwitch bridge', this.ovsBridge, 'Set ovsBridge to a name of its own, or leave it unset'),
        claim('tunnel key', `${this.tunnel} ${this.key}`, 'Set key to a number of its own, or leave it unset'),
      ];
      if (this.datapath === 'netdev') {
        const shared = 'With the netdev datapath the underlay interface and its physical bridge belong to one fabric: use the system datapath, or another underlay interface and physicalBridge';
        claims.push(claim('Open vSwitch bridge', this.physicalBridge, shared), claim('underlay interface', options.underlayInterface ?? 'eth0', shared));
      }
      return claims;
    });
  }

  /** The planned address of `service`, or `undefined` when planning failed. */
  public plannedAddress(service: Service): string | undefined {
    const onHost = this.assignments.filter((a) => a.service.host === service.host);
    const index = onHost.findIndex((a) => a.service === service);
    return index < 0 ? undefined : this.hostAddressPlan(service.host)?.addresses[index];
  }

  /** The hosts of the fabric, in the order they were added. */
  public get hosts(): DockerHost[] {
    return this.members.map((m) => m.host);
  }

  /** The fabric's Docker network name on every host. */
  public get networkName(): string {
    return this.name;
  }

  /** The underlay address (with prefix) the host named `hostName` joined with. */
  public underlayAddressOf(hostName: string): string | undefined {
    return this.members.find((m) => m.host.name === hostName)?.options.underlayAddress;
  }

  /** Which side gives way to the encapsulation overhead. */
  public get mtuPolicy(): MtuPolicy {
    return this.props.mtuPolicy ?? 'raise-underlay';
  }

  /** The fabric's address plan: a disjoint block per host. */
  public plan(): FabricPlan {
    return this.derived.get('plan', () => planFabric({
      path: this.node.path,
      subnet: this.subnet,
      ...(this.props.hostPrefixLength !== undefined ? { hostPrefixLength: this.props.hostPrefixLength } : {}),
      hosts: this.members.map((m) => ({
        path: `${this.node.path} (host ${m.host.name})`,
        name: m.host.name,
        underlayAddress: m.options.underlayAddress,
        ...(m.options.slot !== undefined ? { slot: m.options.slot } : {}),
      })),
    }));
  }

  /** MTUs of containers and underlay, and the overhead between them. */
  public mtu(): MtuPlan {
    return this.derived.get('mtu', () => planMtu({
      tunnel: this.tunnel,
      policy: this.mtuPolicy,
      ...(this.props.containerMtu !== undefined ? { containerMtu: this.props.containerMtu } : {}),
      ...(this.props.underlayMtu !== undefined ? { underlayMtu: this.props.underlayMtu } : {}),
    }));
  }

  /** What one host's Docker network looks like (what `docker_network` is rendered from). */
  public dockerNetworkSettings(host: DockerHost): { name: string; subnet: string; gateway: string; ipRange: string; bridgeName: string; mtu: number } | undefined {
    const plan = this.hostPlan(host);
    if (!plan) return undefined;
    return { name: this.name, subnet: this.subnet, gateway: plan.gateway, ipRange: plan.dynamicRange, bridgeName: this.dockerBridge, mtu: this.mtu().containerMtu };
  }

  /** The plan of one host (its block, gateway, ranges), if the fabric could plan it. */
  public hostPlan(host: DockerHost): FabricHostPlan | undefined {
    return this.plan().hosts.find((h) => h.name === host.name);
  }

  private hostAddressPlan(host: DockerHost): AddressPlan | undefined {
    return this.derived.get(`addresses of ${host.name}`, () => this.planHostAddresses(host));
  }

  private planHostAddresses(host: DockerHost): AddressPlan | undefined {
    const plan = this.hostPlan(host);
    if (!plan) return undefined;
    const requests = this.assignments
      .filter((a) => a.service.host === host)
      .map((a) => ({ path: a.service.node.path, ...(a.options.address !== undefined ? { address: a.options.address } : {}) }));
    return planAddresses(
      { path: this.node.path, subnet: this.subnet, gateway: plan.gateway, dynamicRange: plan.dynamicRange, pool: plan.staticPool },
      requests,
    );
  }

  /** The host's readiness barrier; its dependencies are complete only once every host is added, so they resolve at synth. */
  private readiness(host: DockerHost, bridge: HostScriptResource): TerraformData {
    const ready = new TerraformData(this, `${host.name}-ready`, {
      input: { fabric: terraformLiteral(this.name), host: host.name },
      triggersReplace: {},
    });
    ready.dependsOn = Lazy.listValue({
      produce: () => dependsOnEntries(ready, [bridge.resource, ...this.tunnels.filter((t) => t.from.host === host || t.to.host === host).map((t) => t.resource.resource)]),
    });
    return ready;
  }

  private addTunnel(from: Member, to: Member): void {
    const resource = new HostScriptResource(this, `${from.host.name}-to-${to.host.name}`, {
      host: from.host,
      createScript: FABRIC_TUNNEL_CREATE_SCRIPT,
      teardownScript: FABRIC_TUNNEL_TEARDOWN_SCRIPT,
      variableNames: FABRIC_TUNNEL_VARIABLE_NAMES,
      variables: () => ({ ...this.tunnelVariables(from, to) }),
      hostObject: { kind: 'fabric-tunnel', nameVariable: 'CDN_TUNNEL_PORT' },
      dependsOn: [from.bridge.resource],
    });
    this.tunnels.push({ from, to, resource });
  }

  private hostVariables(host: DockerHost, options: FabricHostOptions): FabricHostVariables {
    const mtu = this.mtu();
    return {
      CDN_SUBJECT: `fabric ${this.name} on ${host.name}`,
      CDN_FABRIC: this.name,
      CDN_OVS_BRIDGE: this.ovsBridge,
      CDN_DATAPATH: this.datapath,
      CDN_DOCKER_BRIDGE: this.dockerBridge,
      CDN_LOOP: this.loopPrevention,
      CDN_CONTAINER_MTU: String(mtu.containerMtu),
      CDN_UNDERLAY_MTU: String(mtu.underlayMtu),
      CDN_RAISE_UNDERLAY: this.mtuPolicy === 'raise-underlay' ? 'yes' : 'no',
      CDN_UNDERLAY_IF: options.underlayInterface ?? 'eth0',
      CDN_UNDERLAY_ADDRESS: options.underlayAddress,
      CDN_PHY_BRIDGE: this.physicalBridge,
      ...host.marks(),
    };
  }

  private tunnelVariables(from: Member, to: Member): FabricTunnelVariables {
    return {
      CDN_SUBJECT: `fabric ${this.name} tunnel ${from.host.name} → ${to.host.name}`,
      CDN_FABRIC: this.name,
      CDN_OVS_BRIDGE: this.ovsBridge,
      CDN_TUNNEL_PORT: `${this.tunnel}-${shortHash(8, 'tunnel', this.node.path, this.name, from.host.name, to.host.name)}`,
      CDN_TUNNEL_TYPE: this.tunnel,
      CDN_REMOTE_IP: this.hostPlan(to.host)?.underlayIp ?? '',
      CDN_REMOTE_HOST: to.host.name,
      CDN_TUNNEL_KEY: String(this.key),
      CDN_LOOP: this.loopPrevention,
      ...from.host.marks(),
    };
  }

  private validate(): string[] {
    const problems: Problem[] = [...this.plan().problems];
    const at = (message: string, path = this.node.path) => problems.push({ path, message });

    for (const problem of this.mtu().problems) at(problem);
    const maxKey = this.tunnel === 'vxlan' ? 16_777_215 : 4_294_967_295;
    if (!Number.isInteger(this.key) || this.key < 1 || this.key > maxKey) at(`key ${this.key} is outside 1–${maxKey} for ${this.tunnel}`);
    const nameProblem = networkNameProblem(this.name);
    if (nameProblem) at(`fabric ${nameProblem}`);
    for (const [what, name] of [['OVS bridge name', this.ovsBridge], ['physical bridge name', this.physicalBridge], ['Docker bridge name', this.dockerBridge]] as const) {
      const problem = interfaceNameProblem(name, what);
      if (problem) at(problem);
    }
    if (this.members.length === 0) at('the fabric has no hosts. Add at least two with addHost()');
    if (this.members.length === 1) at(`the fabric has one host ("${this.members[0]!.host.name}"): a tunnel needs two. Add another host`);
    problems.push(...hostClaimProblems(this, this.hostClaims()));
    problems.push(...this.overlapsWithEarlierFabrics());

    for (const member of this.members) {
      const where = `${this.node.path} (host ${member.host.name})`;
      const problem = interfaceNameProblem(member.options.underlayInterface ?? 'eth0', 'underlay interface name');
      if (problem) at(problem, where);
      problems.push(...(this.hostAddressPlan(member.host)?.problems ?? []));
      for (const network of TerraformStack.of(this).node.findAll().filter(isStaticNetwork)) {
        if (network.host === member.host && subnetsOverlap(network.subnet, this.subnet)) {
          at(`fabric subnet ${this.subnet} overlaps static network ${network.node.path} (${network.subnet}) on host "${member.host.name}". Give them separate subnets`, where);
        }
      }
    }

    const seen = new Set<Service>();
    for (const { service } of this.assignments) {
      if (!this.members.some((m) => m.host === service.host)) {
        at(`is on host "${service.host.name}", which is not part of fabric ${this.node.path}. Add the host with addHost first`, service.node.path);
      }
      if (seen.has(service)) at(`has two addresses on fabric ${this.node.path}. Assign it once`, service.node.path);
      seen.add(service);
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
