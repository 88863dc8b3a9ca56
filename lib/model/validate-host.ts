import { parseDockerEndpoint } from './docker-endpoint.js';
import { hostNameProblem } from './docker-names.js';
import { hostIpsOverlap } from './host-ip.js';
import type { Problem } from './problem.js';
import type { HostSpec, ServiceSpec, TopologySpec } from './topology.js';

/**
 * Checks that need every service of one host at once: unique host and container
 * names, no host port published twice on overlapping addresses, link aliases
 * that resolve to one container, and no link cycles.
 */
export function validateHost(host: HostSpec, topology: TopologySpec): Problem[] {
  const at = (path: string, message: string): Problem => ({ path, message });
  const problems: Problem[] = [];
  const services = topology.services.filter((s) => s.host === host.name);

  const nameProblem = hostNameProblem(host.name);
  if (nameProblem) problems.push(at(host.path, nameProblem));
  const { problem: endpointProblem } = parseDockerEndpoint(host.endpoint);
  if (endpointProblem) problems.push(at(host.path, endpointProblem));

  const firstHost = topology.hosts.find((h) => h.name === host.name);
  if (firstHost && firstHost.path !== host.path) {
    problems.push(at(host.path, `host name "${host.name}" is already used by ${firstHost.path}. Give each host its own name`));
  }

  problems.push(...duplicateServiceNames(services));
  problems.push(...portClashes(services));
  problems.push(...aliasConflicts(services));
  problems.push(...linkCycles(services));
  return problems;
}

function duplicateServiceNames(services: readonly ServiceSpec[]): Problem[] {
  const problems: Problem[] = [];
  for (const service of services) {
    const first = services.find((s) => s.name === service.name);
    if (first && first !== service) {
      problems.push({
        path: service.path,
        message:
          `container name "${service.name}" is already used on host "${service.host}" by ${first.path}. ` +
          'Container names must be unique per Docker host; rename one of the services',
      });
    }
  }
  return problems;
}

function portClashes(services: readonly ServiceSpec[]): Problem[] {
  const problems: Problem[] = [];
  const seen: Array<{ service: ServiceSpec; hostPort: number; hostIp: string; protocol: string }> = [];
  for (const service of services) {
    for (const published of service.publishedPorts) {
      const protocol = published.containerPort.protocol;
      const clash = seen.find(
        (other) =>
          other.hostPort === published.hostPort &&
          other.protocol === protocol &&
          hostIpsOverlap(other.hostIp, published.hostIp),
      );
      if (clash) {
        problems.push({
          path: service.path,
          message:
            `host port ${published.hostIp}:${published.hostPort}/${protocol} is already published ` +
            `by ${clash.service.path} (${clash.hostIp}:${clash.hostPort}/${protocol}) on host "${service.host}". ` +
            'Publish on another host port, or bind each to a different host IP',
        });
      }
      seen.push({ service, hostPort: published.hostPort, hostIp: published.hostIp, protocol });
    }
  }
  return problems;
}

/** On the host's link network an alias must name one container, and must not shadow another container's name. */
function aliasConflicts(services: readonly ServiceSpec[]): Problem[] {
  const problems: Problem[] = [];
  const targetOfAlias = new Map<string, { target: string; path: string }>();
  const names = new Set(services.map((s) => s.name.toLowerCase()));
  for (const service of services) {
    for (const link of service.links) {
      const key = link.alias.toLowerCase();
      const earlier = targetOfAlias.get(key);
      if (earlier && earlier.target !== link.target) {
        problems.push({
          path: service.path,
          message:
            `alias "${link.alias}" already points at "${earlier.target}" (linked by ${earlier.path}), ` +
            `so it cannot also name "${link.target}" on the host's link network. Choose another alias`,
        });
      } else if (!earlier) {
        targetOfAlias.set(key, { target: link.target, path: service.path });
      }
      if (names.has(key) && key !== link.target.toLowerCase()) {
        problems.push({
          path: service.path,
          message:
            `alias "${link.alias}" for "${link.target}" is the name of another container on host ` +
            `"${service.host}", so the name would resolve to two containers. Choose another alias`,
        });
      }
    }
  }
  return problems;
}

/** Docker cannot start containers whose links form a cycle, and Terraform cannot order them. */
function linkCycles(services: readonly ServiceSpec[]): Problem[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const problems: Problem[] = [];

  const visit = (service: ServiceSpec, trail: string[]): void => {
    state.set(service.name, 'visiting');
    for (const link of service.links) {
      const target = byName.get(link.target);
      if (!target || target === service) continue;
      if (state.get(target.name) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(target.name)), service.name, target.name];
        problems.push({
          path: service.path,
          message:
            `links form a cycle (${cycle.join(' → ')}); Docker and Terraform must start a target before its recipient. ` +
            'Remove one of the links in the cycle',
        });
      } else if (!state.has(target.name)) {
        visit(target, [...trail, service.name]);
      }
    }
    state.set(service.name, 'done');
  };
  for (const service of services) if (!state.has(service.name)) visit(service, []);
  return problems;
}
