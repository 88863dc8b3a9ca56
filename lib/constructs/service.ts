import { Construct, Container, Fn, Image, Lazy, TerraformIterator, Token } from './cdktf.js';
import { ContainerPort, isContainerPort } from '../model/container-port.js';
import { legacyLinkEnvironment } from '../model/legacy-link-environment.js';
import type { Problem } from '../model/problem.js';
import {
  effectiveExposedPorts,
  type ExtraHostSpec,
  type LinkSpec,
  type PublishedPortSpec,
  type ServiceSpec,
} from '../model/topology.js';
import { instanceOf, oneOf, propsOf, text, z } from '../model/untyped-input.js';
import { validateLinks } from '../model/validate-links.js';
import { validateService } from '../model/validate-service.js';
import { brand, isDockerHost, isService } from './construct-brands.js';
import { dependsOnEntries } from './depends-on.js';
import { checkArguments, checkProps } from './construct-input.js';
import type { DockerHost } from './docker-host.js';
import type { ServiceAddressing } from './service-addressing.js';
import { reportProblems } from './report-problems.js';
import { terraformLiteral } from './terraform-literal.js';
import { joinTopology, topologyOf } from './topology-of.js';

/** Where and how a container port is published on its host. */
export interface PublishOptions {
  /**
   * Port on the host.
   * @default the container port (`-p 9200:9200`)
   */
  readonly hostPort?: number;
  /**
   * Host address to bind. `0.0.0.0` takes the port on every IPv4 address.
   * @default "0.0.0.0"
   */
  readonly hostIp?: string;
}

/** How a service knows the target of a link. */
export interface LinkOptions {
  /**
   * Alias the recipient knows the target by (`db` in `--link MongoDB:db`).
   * @default the target's container name
   */
  readonly alias?: string;
}

/** A link declared in {@link ServiceProps.links}. */
export interface ServiceLink extends LinkOptions {
  /** The target service, or its container name on the same host. */
  readonly target: Service | string;
}

/** Properties of a {@link Service}. */
export interface ServiceProps {
  /** The Docker host the container runs on. */
  readonly host: DockerHost;
  /**
   * Container name, unique on its host.
   * @default the construct id
   */
  readonly name?: string;
  /** Image reference, e.g. `mongo:7.0`. */
  readonly image: string;
  /**
   * Ports the image exposes (its `EXPOSE` lines). Link variables are made from
   * these plus the published ports. The Docker provider has no `expose`
   * argument, so they shape the link variables only.
   * @default none
   */
  readonly exposedPorts?: ContainerPort[];
  /**
   * Environment of the container. Keys: letters, digits, `_`, `.`, `-`.
   * @default none
   */
  readonly environment?: Record<string, string>;
  /**
   * Links to other services on the same host.
   * @default none
   */
  readonly links?: ServiceLink[];
  /**
   * Keep the image on the host when the stack is destroyed (other containers
   * may use it).
   * @default true
   */
  readonly keepImageLocally?: boolean;
  /**
   * Docker's restart policy for the container. The default brings it back
   * after a crash, a dockerd restart and a reboot, and the host's watcher then
   * gives it its provisioner-mode addresses again.
   * @default "unless-stopped"
   */
  readonly restart?: RestartPolicy;
}

/** Docker restart policies (`docker run --restart`). */
export type RestartPolicy = 'no' | 'on-failure' | 'always' | 'unless-stopped';

/** The services of each host, in declaration order: links and aliases never leave a host. */
const SERVICES_OF_HOST = new WeakMap<DockerHost, Service[]>();

const A_HOST = instanceOf(isDockerHost, "a DockerHost (new DockerHost(stack, 'h1'))");
const A_PORT = instanceOf(isContainerPort, 'a ContainerPort, e.g. ContainerPort.tcp(27017)');
const A_TARGET = instanceOf(
  (x: unknown): x is Service | string => isService(x) || text().safeParse(x).success,
  'a Service or the container name of one on the same host',
);
const LINK_OPTIONS = propsOf<LinkOptions>()({ alias: text().optional() });
const PUBLISH_OPTIONS = propsOf<PublishOptions>()({ hostPort: z.number().optional(), hostIp: text().optional() });
const SERVICE_PROPS = propsOf<ServiceProps>()({
  host: A_HOST,
  name: text().optional(),
  image: text(),
  exposedPorts: z.array(A_PORT).optional(),
  environment: z.record(text(), text()).optional(),
  links: z.array(propsOf<ServiceLink>()({ target: A_TARGET, alias: text().optional() })).optional(),
  keepImageLocally: z.boolean().optional(),
  restart: oneOf(['no', 'on-failure', 'always', 'unless-stopped']).optional(),
});

/**
 * One container on a Docker host: a `docker_image` and a `docker_container`,
 * with methods to publish ports and to link to other services.
 *
 * A link becomes what Docker's legacy `--link` provided, on a user-defined
 * network (the Docker provider 3.x has no `links` argument): membership of the
 * host's link network with the alias as DNS name, the exact legacy link
 * variables, and `/etc/hosts` entries for the alias.
 */
export class Service extends Construct {
  /** Returns whether `x` is a Service (also one made by another copy of this package). */
  public static isService(x: unknown): x is Service {
    return isService(x);
  }

  /**
   * Marks this construct as a service of the topology (see `topologyOf`).
   * @internal
   */
  public readonly topologyKind = 'service' as const;
  /** Container name. */
  public readonly name: string;
  /** The host the container runs on. */
  public readonly host: DockerHost;
  /** The `docker_image` resource (none when the host's containers are managed elsewhere). */
  public readonly image?: Image;
  /** The `docker_container` resource (none when the host's containers are managed elsewhere). */
  public readonly container?: Container;

  private readonly imageReference: string;
  private readonly environment = new Map<string, string>();
  private readonly exposedPorts: ContainerPort[];
  private readonly publishedPorts: PublishedPortSpec[] = [];
  private readonly links: LinkSpec[] = [];
  private readonly extraHosts: ExtraHostSpec[] = [];
  private readonly requestedLinkVariables: Array<{ alias: string; variable: string }> = [];
  private readonly addressings: ServiceAddressing[] = [];

  public constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    brand(this, 'Service');
    checkProps(this, SERVICE_PROPS, props);
    this.name = props.name ?? id;
    this.host = props.host;
    joinTopology(this);
    if (!SERVICES_OF_HOST.has(this.host)) SERVICES_OF_HOST.set(this.host, []);
    SERVICES_OF_HOST.get(this.host)!.push(this);
    this.imageReference = props.image;
    this.exposedPorts = [...(props.exposedPorts ?? [])];
    for (const [key, value] of Object.entries(props.environment ?? {})) this.environment.set(key, value);

    if (this.host.manageContainers) {
      const provider = this.host.provider ? { provider: this.host.provider } : {};
      this.image = new Image(this, 'image', { ...provider, name: terraformLiteral(props.image), keepLocally: props.keepImageLocally ?? true });
      this.container = new Container(this, 'container', {
        ...provider,
        name: terraformLiteral(this.name),
        image: this.image.imageId,
        restart: props.restart ?? 'unless-stopped',
        env: Lazy.listValue({ produce: () => this.renderEnvironment() }, { omitEmpty: true }),
        ports: Lazy.anyValue({ produce: () => this.renderPorts() }, { omitEmptyArray: true }),
        host: Lazy.anyValue({ produce: () => this.renderHostsEntries() }, { omitEmptyArray: true }),
        networksAdvanced: Lazy.anyValue({ produce: () => this.renderNetworks() }, { omitEmptyArray: true }),
      });
      // Known only once every network and link is declared: resolved at synth.
      this.container.dependsOn = Lazy.listValue({ produce: () => this.startupDependencies() }, { omitEmpty: true });
    }

    for (const link of props.links ?? []) this.link(link.target, link.alias !== undefined ? { alias: link.alias } : {});
    this.node.addValidation({ validate: () => this.validate() });
  }

  /**
   * Publishes a container port on the host (`-p hostIp:hostPort:port/proto`).
   * Like `docker run -p`, this also exposes the port.
   */
  public publish(port: ContainerPort, options: PublishOptions = {}): void {
    checkArguments(this, 'publish', { port: [A_PORT, port], options: [PUBLISH_OPTIONS, options] });
    this.publishedPorts.push({
      containerPort: port,
      hostPort: options.hostPort ?? port.port,
      hostIp: options.hostIp ?? '0.0.0.0',
    });
  }

  /**
   * Links this service to `target` on the same host, as `--link target:alias`:
   * this container gets the target's link variables and a hosts entry, and the
   * target answers to the alias on the host's link network.
   */
  public link(target: Service | string, options: LinkOptions = {}): void {
    checkArguments(this, 'link', { target: [A_TARGET, target], options: [LINK_OPTIONS, options] });
    const targetName = typeof target === 'string' ? target : target.name;
    this.links.push({ target: targetName, alias: options.alias ?? targetName });
    void this.host.linkNetwork; // make the network now: resources cannot be added while synthesizing
  }

  /** Sets an environment variable; it overrides a link variable of the same name, as in Docker. */
  public addEnvironment(key: string, value: string): void {
    checkArguments(this, 'addEnvironment', { key: [text(), key], value: [text(), value] });
    this.environment.set(key, value);
  }

  /** Adds an `/etc/hosts` entry (`--add-host hostname:address`; `host-gateway` is the Docker host). */
  public addExtraHost(hostname: string, address: string): void {
    checkArguments(this, 'addExtraHost', { hostname: [text(), hostname], address: [text(), address] });
    this.extraHosts.push({ hostname, address });
  }

  /**
   * The value of one variable of a link, e.g. `linkVariable('db', 'DB_PORT_27017_TCP_ADDR')`,
   * for building configuration such as `JAVA_OPTS`. A name the link does not set
   * is reported at synth.
   */
  public linkVariable(alias: string, variable: string): string {
    checkArguments(this, 'linkVariable', { alias: [text(), alias], variable: [text(), variable] });
    this.requestedLinkVariables.push({ alias, variable });
    return Lazy.stringValue({
      produce: () => {
        const link = this.links.find((l) => l.alias === alias);
        const entry = link && this.linkEnvironment(link).find(([key]) => key === variable);
        // The value may carry the target's environment (user text): it reaches Terraform escaped.
        return terraformLiteral(entry?.[1] ?? '');
      },
    });
  }

  /**
   * This container's address on its host's link network, as a Terraform
   * expression resolved when the container exists.
   */
  public get linkNetworkAddress(): string {
    if (!this.container) return '';
    const network = JSON.stringify(this.host.linkNetworkName);
    const addresses = TerraformIterator.fromList(this.container.networkData).forExpressionForList(
      `val.ip_address if val.network_name == ${network}`,
    );
    return Token.asString(Fn.one(addresses));
  }

  /**
   * Records that `addressing` (a static network, a fabric) gives this service a
   * planned address. Called by their `assign` methods.
   * @internal
   */
  public registerAddressing(addressing: ServiceAddressing): void {
    if (!this.addressings.includes(addressing)) this.addressings.push(addressing);
  }

  /**
   * This service's address as `recipient` reaches it: the planned static address
   * on a static network they share, otherwise the address on the link network.
   */
  public addressSeenBy(recipient: Service): string {
    const shared = this.addressings.find((addressing) => addressing.hasService(recipient));
    return shared ? shared.addressOf(this) : this.linkNetworkAddress;
  }

  /**
   * Every network this service is on, with its address there: `dynamic` where
   * Docker chooses (the link network), the planned address elsewhere.
   */
  public networkAddresses(): Array<{ network: string; address: string }> {
    const addresses: Array<{ network: string; address: string }> = [];
    if (this.isOnLinkNetwork()) addresses.push({ network: this.host.linkNetworkName, address: 'dynamic' });
    for (const addressing of this.addressings) {
      addresses.push({ network: addressing.networkName, address: addressing.plannedAddress(this) ?? 'unplanned' });
    }
    return addresses;
  }

  /**
   * What this container must start after: whatever makes the addresses it is
   * given (its fabric bridge and tunnels), and the provisioner-mode
   * attachments of its link targets, whose addresses its link variables carry.
   */
  private startupDependencies(): string[] {
    const own = this.addressings.flatMap((addressing) => addressing.startAfter(this));
    const targets = this.links.map((link) => this.linkTarget(link)).filter((t): t is Service => t !== undefined);
    const ofTargets = targets.flatMap((target) => target.addressings.flatMap((addressing) => addressing.addressReadyAfter(target)));
    return dependsOnEntries(this.container!, [...new Set([...own, ...ofTargets])]);
  }

  /**
   * How many interfaces Docker itself gives the container (eth0, eth1…): one per
   * Docker network it joins, or eth0 on the default bridge.
   * @internal
   */
  public dockerInterfaceCount(): number {
    const networks = (this.isOnLinkNetwork() ? 1 : 0) + this.addressings.filter((a) => a.dockerNetworkOf(this) !== undefined).length;
    return Math.max(1, networks);
  }

  /** The service as plain model data. */
  public toSpec(): ServiceSpec {
    return {
      path: this.node.path,
      name: this.name,
      host: this.host.name,
      image: this.imageReference,
      environment: [...this.environment],
      exposedPorts: [...this.exposedPorts],
      publishedPorts: [...this.publishedPorts],
      links: [...this.links],
      extraHosts: [...this.extraHosts],
    };
  }

  private validate(): string[] {
    const spec = this.toSpec();
    const problems: Problem[] = [
      ...validateService(spec, { isUnresolved: (value) => Token.isUnresolved(value) }),
      ...validateLinks(spec, topologyOf(this)),
    ];
    if (!this.host.manageContainers && this.links.length > 0) {
      problems.push({
        path: this.node.path,
        message: `links need Terraform-managed containers, but host "${this.host.name}" has manageContainers set to false. Remove the links or let Terraform manage the containers`,
      });
    }
    for (const { alias, variable } of this.requestedLinkVariables) {
      const link = this.links.find((l) => l.alias === alias);
      if (!link) {
        problems.push({
          path: this.node.path,
          message: `link variable ${variable} is requested from alias "${alias}", but there is no link with that alias. Link the service first`,
        });
      } else if (this.linkTarget(link) && !this.linkEnvironment(link).some(([key]) => key === variable)) {
        problems.push({
          path: this.node.path,
          message: `link "${alias}" does not set ${variable}. Check the name against the target's exposed ports`,
        });
      }
    }
    return reportProblems(this, problems);
  }

  /** The other services on this service's host (links and aliases never leave a host). */
  private peersOnHost(): Service[] {
    return (SERVICES_OF_HOST.get(this.host) ?? []).filter((s) => s !== this);
  }

  /** The aliases peers on this host link to this service under, sorted. */
  private aliasesPointingHere(): string[] {
    const aliases = this.peersOnHost().flatMap((s) => s.links.filter((l) => l.target === this.name).map((l) => l.alias));
    return [...new Set(aliases)].sort();
  }

  /** Recipients and targets of links are on the host's link network. */
  private isOnLinkNetwork(): boolean {
    return this.links.length > 0 || this.aliasesPointingHere().length > 0;
  }

  /** The target of a link when it is a service on the same host; otherwise validation reports it. */
  private linkTarget(link: LinkSpec): Service | undefined {
    return this.peersOnHost().find((s) => s.name === link.target);
  }

  private linkEnvironment(link: LinkSpec): Array<[string, string]> {
    const target = this.linkTarget(link);
    if (!target) return [];
    const targetSpec = target.toSpec();
    return legacyLinkEnvironment({
      recipientName: this.name,
      alias: link.alias,
      targetAddress: target.addressSeenBy(this),
      exposedPorts: effectiveExposedPorts(targetSpec),
      targetEnvironment: targetSpec.environment,
    });
  }

  /** Link variables first, then the container's own variables, which win on a clash (Docker's order). */
  private renderEnvironment(): string[] {
    const merged = new Map<string, string>();
    for (const link of this.links) for (const [key, value] of this.linkEnvironment(link)) merged.set(key, value);
    for (const [key, value] of this.environment) merged.set(key, value);
    return [...merged].map(([key, value]) => terraformLiteral(`${key}=${value}`));
  }

  private renderPorts(): Array<Record<string, unknown>> {
    return this.publishedPorts.map((p) => ({
      internal: p.containerPort.port,
      external: p.hostPort,
      ip: terraformLiteral(p.hostIp),
      protocol: p.containerPort.protocol,
    }));
  }

  /** Docker wrote `<ip> <alias> <hostname> <name>` for each link; here one entry per name. */
  private renderHostsEntries(): Array<Record<string, string>> {
    const entries: Array<Record<string, string>> = [];
    for (const link of this.links) {
      const target = this.linkTarget(link);
      if (!target) continue;
      const ip = terraformLiteral(target.addressSeenBy(this));
      entries.push({ host: terraformLiteral(link.alias), ip });
      if (target.container) entries.push({ host: target.container.hostname, ip });
      if (link.alias !== target.name) entries.push({ host: terraformLiteral(target.name), ip });
    }
    for (const extra of this.extraHosts) entries.push({ host: terraformLiteral(extra.hostname), ip: terraformLiteral(extra.address) });
    return entries;
  }

  /**
   * Recipients and targets of links join the host's link network (targets answer
   * to their aliases); native static networks give their planned address.
   */
  private renderNetworks(): Array<Record<string, unknown>> {
    const aliases = this.aliasesPointingHere();
    const networks: Array<Record<string, unknown>> = [];
    if (this.isOnLinkNetwork()) {
      networks.push({ name: this.host.linkNetwork.name, ...(aliases.length ? { aliases: aliases.map(terraformLiteral) } : {}) });
    }
    for (const addressing of this.addressings) {
      const membership = addressing.dockerNetworkOf(this);
      if (membership) networks.push({ name: membership.name, ipv4_address: terraformLiteral(membership.address) });
    }
    return networks;
  }
}
