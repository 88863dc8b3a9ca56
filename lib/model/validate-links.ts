import { linkEnvironmentPrefix } from './legacy-link-environment.js';
import type { Problem } from './problem.js';
import type { ServiceSpec, TopologySpec } from './topology.js';

/**
 * Checks of one service's links against the rest of the topology: each target
 * must exist on the same host (a link is host-local, as in Docker), must not be
 * the service itself, and two links must not produce the same variables.
 */
export function validateLinks(service: ServiceSpec, topology: TopologySpec): Problem[] {
  const at = (message: string): Problem => ({ path: service.path, message });
  const problems: Problem[] = [];
  const prefixes = new Map<string, string>();

  for (const link of service.links) {
    const described = `link ${link.target}:${link.alias}`;
    if (link.target === service.name) {
      problems.push(at(`${described} points at the service itself. Link to another service`));
      continue;
    }
    const candidates = topology.services.filter((s) => s.name === link.target);
    const local = candidates.find((s) => s.host === service.host);
    if (!local) {
      if (candidates.length > 0) {
        const elsewhere = candidates.map((s) => `${s.path} on host "${s.host}"`).join(', ');
        problems.push(
          at(
            `${described} targets a service on another host (${elsewhere}), but links only work on one host. ` +
              `Move one of the services to host "${service.host}", or reach it over a multi-host network`,
          ),
        );
      } else {
        const known = topology.services.filter((s) => s.host === service.host).map((s) => s.name).sort();
        problems.push(
          at(
            `${described} targets an unknown service "${link.target}". ` +
              `Services on host "${service.host}": ${known.length ? known.join(', ') : '(none)'}; check the spelling or declare the service`,
          ),
        );
      }
    }
    const prefix = linkEnvironmentPrefix(link.alias);
    const earlier = prefixes.get(prefix);
    if (earlier !== undefined) {
      problems.push(
        at(`link aliases "${earlier}" and "${link.alias}" both produce variables named ${prefix}_*. Give one of the links another alias`),
      );
    } else {
      prefixes.set(prefix, link.alias);
    }
  }
  return problems;
}
