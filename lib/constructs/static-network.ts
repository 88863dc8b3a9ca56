import { Construct, Lazy, Network, TerraformStack, type TerraformResource } from './cdktf.js';
import { planAddresses, subnetsOverlap, type AddressPlan } from '../model/address-plan.js';
import { networkNameProblem } from '../model/docker-names.js';
import type { HostClaim } from '../model/host-claims.js';
import { shortHash } from '../model/linux-interface-names.js';
import { validateStaticAttachment, type BridgeKind, type StaticAttachmentSpec } from '../model/static-attachment.js';
import type { Problem } from '../model/problem.js';
import { instanceOf, oneOf, propsOf, text, z } from '../model/untyped-input.js';
import { AddressMode } from './address-mode.js';
import { AddressRequests } from './address-requests.js';
import { dockerInterfaceClash } from './docker-interface-clash.js';
import { DerivedValues } from './derived-values.js';
import { brand, isDockerHost, isService, isStaticNetwork } from './construct-brands.js';
import { checkArguments, checkProps } from './construct-input.js';
import type { DockerHost } from './docker-host.js';
import { hostClaimProblems } from './host-claims-of.js';
import { reportProblems } from './report-problems.js';
import type { Service } from './service.js';
import type { ServiceAddressing } from './service-addressing.js';
import { StaticAddressAttachment } from './static-address-attachment.js';
import { terraformLiteral } from './terraform-literal.js';

/** The bridge a provisioner-mode network joins containers to. */
export interface BridgeOptions {
  /**
   * A Linux bridge (`linux`) or an Open vSwitch bridge (`ovs`).
   * @default "linux"
   */
  readonly kind?: BridgeKind;
  /** Name of the bridge on the host. */
  readonly name: string;
}

/** Properties of a {@link StaticNetwork}. */
export interface StaticNetworkProps {
  /** The host whose containers get addresses here. */
  readonly host: DockerHost;
  /** Native Docker IPAM, or the veth/netns provisioners. */
  readonly mode: AddressMode;
  /** IPv4 subnet, e.g. `10.42.0.0/24`. */
  readonly subnet: string;
  /**
   * Gateway address inside the subnet.
   * @default the first usable address
   */
  readonly gateway?: string;
  /**
   * The part of the subnet Docker hands out by itself: `ip_range` of the native
   * network, or the bridge's `--fixed-cidr` in provisioner mode. Planned
   * addresses stay outside it.
   * @default none: Docker hands out nothing here by itself (native mode), or the
   * bridge's whole subnet is yours to plan (provisioner mode)
   */
  readonly dynamicRange?: string;
  /**
   * Native mode: name of the Docker network.
   * @default `${host.name}-${id}`
   */
  readonly networkName?: string;
  /**
   * Provisioner mode: the bridge to join.
   * @default the Linux bridge "docker0", as in the article
   */
  readonly bridge?: BridgeOptions;
  /**
   * Provisioner mode: the interface name inside the containers.
   * @default "eth1"
   */
  readonly interfaceName?: string;
  /**
   * Provisioner mode: make the gateway the containers' default route.
   * @default false
   */
  readonly defaultRoute?: boolean;
  /**
   * Provisioner mode: MTU of the veth pairs.
   * @default the bridge's MTU, read on the host
   */
  readonly mtu?: number;
}

/** Per-container options of {@link StaticNetwork.assign}. */
export interface StaticAddressOptions {
  /**
   * The address to give the container.
   * @default the next free address of the plan
   */
  readonly address?: string;
  /**
   * Provisioner mode: MAC address of the container's interface.
   * @default chosen by the kernel
   */
  readonly mac?: string;
}

/** The schema of {@link StaticNetworkProps} (also used for `EncompassStack`'s `staticAddresses`). */
export const STATIC_NETWORK_PROPS = propsOf<StaticNetworkProps>()({
  host: instanceOf(isDockerHost, "a DockerHost (new DockerHost(stack, 'h1'))"),
  mode: oneOf([AddressMode.NATIVE, AddressMode.PROVISIONER]),
  subnet: text(),
  gateway: text().optional(),
  dynamicRange: text().optional(),
  networkName: text().optional(),
  bridge: propsOf<BridgeOptions>()({ kind: oneOf(['linux', 'ovs']).optional(), name: text() }).optional(),
  interfaceName: text().optional(),
  defaultRoute: z.boolean().optional(),
  mtu: z.number().optional(),
});

const A_SERVICE = instanceOf(isService, "a Service (new Service(stack, 'db', { … }))");
const ADDRESS_OPTIONS = propsOf<StaticAddressOptions>()({ address: text().optional(), mac: text().optional() });

/**
 * One IPv4 subnet on a host whose containers get planned, fixed addresses —
 * natively through Docker's IPAM, or by the article's veth/netns commands.
 * Addresses are planned at synth: requested ones are honoured, the rest are the
 * lowest free ones; every conflict is a synth error.
 */
export class StaticNetwork extends Construct implements ServiceAddressing {
  /** Returns whether `x` is a StaticNetwork (also one made by another copy of this package). */
  public static isStaticNetwork(x: unknown): x is StaticNetwork {
    return isStaticNetwork(x);
  }

  /** The host whose containers get addresses here. */
  public readonly host: DockerHost;
  /** Native Docker IPAM, or the veth/netns provisioners. */
  public readonly mode: AddressMode;
  /** The IPv4 subnet, e.g. `10.42.0.0/24`. */
  public readonly subnet: string;
  /** Native mode: the `docker_network` resource. */
  public readonly network?: Network;
  /** Native mode: the Docker network's name. */
  public readonly networkName: string;

  private readonly props: StaticNetworkProps;
  private readonly assignments: Array<{ service: Service; options: StaticAddressOptions; path: string }> = [];
  private readonly attachments = new Map<Service, StaticAddressAttachment>();
  private readonly derived = new DerivedValues();
  private readonly addressRequests = new AddressRequests();

  public constructor(scope: Construct, id: string, props: StaticNetworkProps) {
    super(scope, id);
    brand(this, 'StaticNetwork');
    checkProps(this, STATIC_NETWORK_PROPS, props);
    this.props = props;
    this.host = props.host;
    this.mode = props.mode;
    this.subnet = props.subnet;
    this.networkName = props.networkName ?? `${props.host.name}-${id}`;

    if (this.mode === AddressMode.NATIVE) {
      this.network = new Network(this, 'network', {
        ...(this.host.provider ? { provider: this.host.provider } : {}),
        name: terraformLiteral(this.networkName),
        driver: 'bridge',
        ipamConfig: [
          {
            subnet: terraformLiteral(props.subnet),
            gateway: Lazy.stringValue({ produce: () => terraformLiteral(this.plan().gateway ?? props.gateway ?? '') }),
            ...(props.dynamicRange !== undefined ? { ipRange: terraformLiteral(props.dynamicRange) } : {}),
          },
        ],
      });
    }
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Gives `service` a planned address on this network. */
  public assign(service: Service, options: StaticAddressOptions = {}): void {
    checkArguments(this, 'assign', { service: [A_SERVICE, service], options: [ADDRESS_OPTIONS, options] });
    this.assignments.push({ service, options, path: service.node.path });
    this.derived.invalidate();
    service.registerAddressing(this);
    if (this.mode === AddressMode.PROVISIONER && !this.attachments.has(service)) {
      this.attachments.set(
        service,
        // The id says which service, the hash which one of that name (ids repeat across scopes).
        new StaticAddressAttachment(this, `${service.node.id}-attachment-${shortHash(6, service.node.path)}`, {
          host: this.host,
          service,
          spec: () => this.attachmentSpec(service),
        }),
      );
    }
  }

  /** True when `service` has an address here. */
  public hasService(service: Service): boolean {
    return this.assignments.some((a) => a.service === service);
  }

  /**
   * The planned address of `service` (resolved at synth, once every assignment is known).
   * A service still not assigned here at synth is a synth error, not an empty value.
   */
  public addressOf(service: Service): string {
    checkArguments(this, 'addressOf', { service: [A_SERVICE, service] });
    // Empty only when the plan failed (its problems are reported) or the service was never assigned (reported at synth).
    this.addressRequests.record(service);
    return Lazy.stringValue({ produce: () => this.addressFor(service) ?? '' });
  }

  /**
   * Native mode: the Docker network membership with the planned address.
   * @internal
   */
  public dockerNetworkOf(service: Service): { name: string; address: string } | undefined {
    return this.network && this.hasService(service) ? { name: this.network.name, address: this.addressOf(service) } : undefined;
  }

  /**
   * Nothing: Docker makes a native network before any container joins it, and a provisioner attachment follows its container.
   * @internal
   */
  public startAfter(): TerraformResource[] {
    return [];
  }

  /**
   * Provisioner mode: the attachment that gives `service` its address once its container runs.
   * @internal
   */
  public addressReadyAfter(service: Service): TerraformResource[] {
    const attachment = this.attachments.get(service);
    return attachment ? [attachment.resource] : [];
  }

  /**
   * What this network occupies on its host: the Docker network's name, or an interface in each container.
   * @internal
   */
  public hostClaims(): HostClaim[] {
    const claim = (kind: HostClaim['kind'], name: string, fix: string): HostClaim => ({ host: this.host.name, kind, name, owner: this.node.path, fix });
    if (this.mode === AddressMode.NATIVE) return [claim('Docker network', this.networkName, 'Set networkName to a name of its own')];
    const { interfaceName } = this.provisionerSettings()!;
    return [...new Set(this.assignments.map((a) => a.service))].map((service) =>
      claim('container interface', `${service.name} ${interfaceName}`, `Set interfaceName of one of them to another name, e.g. "eth2"`),
    );
  }

  /**
   * The provisioner-mode attachment of `service`, if any.
   * @internal
   */
  public attachmentOf(service: Service): StaticAddressAttachment | undefined {
    return this.attachments.get(service);
  }

  /** Docker's dynamic range inside the subnet, if any. */
  public get dynamicRange(): string | undefined {
    return this.props.dynamicRange;
  }

  /** Provisioner mode: the bridge joined and the interface made in containers. */
  public provisionerSettings(): { bridge: { kind: BridgeKind; name: string }; interfaceName: string } | undefined {
    if (this.mode !== AddressMode.PROVISIONER) return undefined;
    const bridge = this.props.bridge ?? { name: 'docker0' };
    return { bridge: { kind: bridge.kind ?? 'linux', name: bridge.name }, interfaceName: this.props.interfaceName ?? 'eth1' };
  }

  /** The planned address of `service`, or `undefined` when planning failed. */
  public plannedAddress(service: Service): string | undefined {
    checkArguments(this, 'plannedAddress', { service: [A_SERVICE, service] });
    return this.addressFor(service);
  }

  /** plannedAddress() for a service already checked: the lazy values and this construct's own rendering. */
  private addressFor(service: Service): string | undefined {
    const index = this.assignments.findIndex((a) => a.service === service);
    return index < 0 ? undefined : this.plan().addresses[index];
  }

  /** The address plan: computed from every assignment, again after each new one. */
  public plan(): AddressPlan {
    return this.derived.get('plan', () => planAddresses(
      {
        path: this.node.path,
        subnet: this.props.subnet,
        ...(this.props.gateway !== undefined ? { gateway: this.props.gateway } : {}),
        ...(this.props.dynamicRange !== undefined ? { dynamicRange: this.props.dynamicRange } : {}),
      },
      this.assignments.map((a) => ({ path: a.path, ...(a.options.address !== undefined ? { address: a.options.address } : {}) })),
    ));
  }

  private attachmentSpec(service: Service): StaticAttachmentSpec {
    const assignment = this.assignments.find((a) => a.service === service)!;
    const plan = this.plan();
    const settings = this.provisionerSettings()!;
    return {
      path: assignment.path,
      // Host-side names derive from who owns the attachment: this network and that service.
      owner: `${this.node.path}\0${service.node.path}`,
      host: this.host.name,
      container: service.name,
      bridge: settings.bridge,
      interfaceName: settings.interfaceName,
      address: this.addressFor(service) ?? '',
      prefixLength: plan.network?.prefixLength ?? 0,
      ...(this.props.defaultRoute && plan.gateway !== undefined ? { gateway: plan.gateway } : {}),
      ...(this.props.mtu !== undefined ? { mtu: this.props.mtu } : {}),
      ...(assignment.options.mac !== undefined ? { mac: assignment.options.mac } : {}),
    };
  }

  private validate(): string[] {
    const problems: Problem[] = [...this.plan().problems];
    const at = (path: string, message: string) => problems.push({ path, message });
    const native = this.mode === AddressMode.NATIVE;

    if (native) {
      const nameProblem = networkNameProblem(this.networkName);
      if (nameProblem) at(this.node.path, nameProblem);
      if (!this.host.manageContainers) {
        at(this.node.path, `native mode needs Terraform to manage the containers of host "${this.host.name}" (manageContainers is false). Use AddressMode.PROVISIONER`);
      }
      for (const prop of ['bridge', 'interfaceName', 'defaultRoute', 'mtu'] as const) {
        if (this.props[prop] !== undefined) at(this.node.path, `${prop} applies to provisioner mode only. Remove it, or use AddressMode.PROVISIONER`);
      }
    } else if (this.props.networkName !== undefined) {
      at(this.node.path, 'networkName applies to native mode only. Remove it, or use AddressMode.NATIVE');
    }

    const seen = new Set<Service>();
    for (const { service, options, path } of this.assignments) {
      if (service.host !== this.host) {
        at(path, `is on host "${service.host.name}", but static network ${this.node.path} is on host "${this.host.name}". Assign it on a network of its own host`);
      }
      if (seen.has(service)) at(path, `has two addresses on static network ${this.node.path}. Assign it once`);
      seen.add(service);
      if (native && options.mac !== undefined) at(path, 'a MAC address can only be set in provisioner mode. Remove mac, or use AddressMode.PROVISIONER');
      // Provisioner settings reach a script: check them once the address is planned.
      if (!native && this.addressFor(service) !== undefined) problems.push(...validateStaticAttachment(this.attachmentSpec(service)));
    }

    problems.push(...this.addressRequests.problems(this, 'static network'));
    problems.push(...hostClaimProblems(this, this.hostClaims()));
    if (!native) problems.push(...this.dockerInterfaceClashes());

    // Report an overlap once, on the later of the two networks.
    const networks = TerraformStack.of(this).node.findAll().filter(StaticNetwork.isStaticNetwork);
    for (const earlier of networks.slice(0, networks.indexOf(this))) {
      if (earlier.host === this.host && subnetsOverlap(this.subnet, earlier.subnet)) {
        at(this.node.path, `subnet ${this.subnet} overlaps subnet ${earlier.subnet} of ${earlier.node.path} on host "${this.host.name}". Give each network its own subnet`);
      }
    }
    return reportProblems(this, problems);
  }

  /** A provisioner interface must not take a name Docker gives one of the container's own interfaces. */
  private dockerInterfaceClashes(): Problem[] {
    const { interfaceName } = this.provisionerSettings()!;
    return this.assignments.flatMap(({ service }) => dockerInterfaceClash(service, interfaceName, `static network ${this.node.path}`) ?? []);
  }
}
