import { ContainerPort } from './container-port.js';

/**
 * The topology model: plain data describing hosts, services, published ports and
 * links. Constructs build it; validation and (later) reports read it. Every spec
 * carries `path`, the place it was declared (a construct path), so messages can
 * point at it without this layer knowing about constructs.
 */

/** A Docker host: one engine reached through one endpoint. */
export interface HostSpec {
  /** Where the host is declared, for messages. */
  readonly path: string;
  /** Name of the host in the topology (provider alias, network name prefix). */
  readonly name: string;
  /** Docker endpoint, `unix:///…` or `ssh://…`. */
  readonly endpoint: string;
}

/** A container port published on the host, as `-p hostIp:hostPort:containerPort/proto`. */
export interface PublishedPortSpec {
  readonly containerPort: ContainerPort;
  readonly hostPort: number;
  /** Host address to bind; `0.0.0.0` binds every IPv4 address. */
  readonly hostIp: string;
}

/** A legacy-style link, as `--link target:alias`. */
export interface LinkSpec {
  /** Container name of the target service. */
  readonly target: string;
  /** Alias the recipient knows the target by. */
  readonly alias: string;
}

/** An extra `/etc/hosts` entry, as `--add-host hostname:address`. */
export interface ExtraHostSpec {
  readonly hostname: string;
  /** An IP address, or Docker's special value `host-gateway` (the host as seen from the container). */
  readonly address: string;
}

/** One container and everything the network needs to know about it. */
export interface ServiceSpec {
  readonly path: string;
  /** Container name (unique per host). */
  readonly name: string;
  /** Name of the host it runs on. */
  readonly host: string;
  readonly image: string;
  /** Environment in declared order. */
  readonly environment: ReadonlyArray<readonly [string, string]>;
  /** Ports the image exposes; published ports are added the way Docker adds them. */
  readonly exposedPorts: readonly ContainerPort[];
  readonly publishedPorts: readonly PublishedPortSpec[];
  readonly links: readonly LinkSpec[];
  readonly extraHosts: readonly ExtraHostSpec[];
}

/** Everything one stack deploys. */
export interface TopologySpec {
  readonly hosts: readonly HostSpec[];
  readonly services: readonly ServiceSpec[];
}

/**
 * The ports a container ends up exposing: the declared ones plus every published
 * container port, as `docker run -p` adds them to the container's `ExposedPorts`.
 */
export function effectiveExposedPorts(service: ServiceSpec): ContainerPort[] {
  const ports = [...service.exposedPorts];
  for (const published of service.publishedPorts) {
    if (!ports.some((p) => p.equals(published.containerPort))) ports.push(published.containerPort);
  }
  return ports;
}
