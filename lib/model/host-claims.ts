import type { Problem } from './problem.js';

/**
 * Something a construct occupies on a host under a name: a Docker network, a
 * bridge, an interface in a container, a tunnel key. Two owners must never
 * share one — on the host the second would silently take over the first's, and
 * tearing either down would remove both.
 */
export interface HostClaim {
  /** Name of the host in the topology. */
  readonly host: string;
  readonly kind: 'Docker network' | 'Linux bridge' | 'Open vSwitch bridge' | 'container interface' | 'underlay interface' | 'tunnel key' | 'OVN chassis';
  readonly name: string;
  /** Who claims it (a construct path). */
  readonly owner: string;
  /** How the owner can give way, e.g. "Set ovsBridge to a name of its own". */
  readonly fix: string;
}

/** A problem for each of `mine` that another owner already claimed in `earlier`. */
export function claimConflicts(mine: readonly HostClaim[], earlier: readonly HostClaim[]): Problem[] {
  const problems: Problem[] = [];
  for (const claim of mine) {
    const other = earlier.find((e) => e.owner !== claim.owner && e.host === claim.host && e.kind === claim.kind && e.name === claim.name);
    if (other) {
      problems.push({
        path: claim.owner,
        message: `${claim.kind} "${claim.name}" on host "${claim.host}" is already used by ${other.owner}. ${claim.fix}`,
      });
    }
  }
  return problems;
}
