import type { HostSpec, ServiceSpec, TopologySpec } from '../../lib/model/topology.js';

/** A valid service on host "h1"; override what a test is about. */
export function service(overrides: Partial<ServiceSpec> & { name: string }): ServiceSpec {
  return {
    path: `app/${overrides.name}`,
    host: 'h1',
    image: 'busybox:1.36',
    environment: [],
    exposedPorts: [],
    publishedPorts: [],
    links: [],
    extraHosts: [],
    ...overrides,
  };
}

/** A valid host; override what a test is about. */
export function host(overrides: Partial<HostSpec> = {}): HostSpec {
  const name = overrides.name ?? 'h1';
  return { path: `app/${name}`, name, endpoint: 'unix:///var/run/docker.sock', ...overrides };
}

export function topology(services: ServiceSpec[], hosts: HostSpec[] = [host()]): TopologySpec {
  return { hosts, services };
}
