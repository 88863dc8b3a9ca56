import { dependable, TerraformStack, type IConstruct, type TerraformResource } from './cdktf.js';

/**
 * `depends_on` entries for `dependencies`, as seen from `from`. Within one stack
 * the plain address (`terraform_data.x`) is written directly: cdktf's
 * `dependable()` token records a stack trace when made, which cost seconds at
 * synth for a large fabric's thousands of edges. Across stacks its token is
 * needed, so cdktf can wire the cross-stack reference.
 */
export function dependsOnEntries(from: IConstruct, dependencies: readonly TerraformResource[]): string[] {
  const stack = TerraformStack.of(from);
  return dependencies.map((resource) =>
    TerraformStack.of(resource) === stack ? `${resource.terraformResourceType}.${resource.friendlyUniqueId}` : dependable(resource),
  );
}
