import { TerraformStack, type IConstruct } from './cdktf.js';
import { claimConflicts, type HostClaim } from '../model/host-claims.js';
import type { Problem } from '../model/problem.js';

/** A construct that occupies named objects on hosts (see {@link HostClaim}). */
export interface HostClaimant {
  hostClaims(): HostClaim[];
}

function isClaimant(c: IConstruct): c is IConstruct & HostClaimant {
  return typeof (c as Partial<HostClaimant>).hostClaims === 'function';
}

/**
 * Conflicts of `mine` (the claims of `construct`) with those of every claimant
 * before it in its stack, so each conflict is reported once, on the later one.
 */
export function hostClaimProblems(construct: IConstruct, mine: readonly HostClaim[]): Problem[] {
  const all = TerraformStack.of(construct).node.findAll();
  const earlier = all.slice(0, all.indexOf(construct)).filter(isClaimant).flatMap((c) => c.hostClaims());
  return claimConflicts(mine, earlier);
}
