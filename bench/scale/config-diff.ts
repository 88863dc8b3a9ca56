/**
 * The resources adding a host changes, read off the two stand-in
 * configurations instead of a Terraform run — for the sizes where applying
 * and planning the stack would take longer than the benchmark may (Terraform
 * spends about 4.5 s per MiB of configuration here, and a 48-host stack has
 * about 30 MiB of scripts). It follows `terraform_data`'s rules: a new one is
 * created, a missing one deleted, one whose `triggers_replace` differs
 * replaced, one whose `input` alone differs updated; `depends_on` and
 * provisioners are not part of the state. bench/scale.ts checks it against
 * Terraform's own count on the sizes where both are made.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedChanges } from './terraform.js';

type Resources = Record<string, Record<string, { input?: unknown; triggers_replace?: unknown }>>;

function resourcesIn(dir: string): Resources {
  return (JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as { resource: Resources }).resource;
}

/** Changes from the configuration in stand-in directory `before` to the one in `after`. */
export function configChanges(before: string, after: string): PlannedChanges {
  const old = resourcesIn(before);
  const now = resourcesIn(after);
  const types = Object.keys({ ...old, ...now });
  if (types.some((type) => type !== 'terraform_data')) throw new Error(`only terraform_data is counted, not ${types.join(', ')}`);
  const was = old.terraform_data ?? {};
  const is = now.terraform_data ?? {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const [id, body] of Object.entries(is)) {
    const previous = was[id];
    if (!previous) counts.create++;
    else if (!same(previous.triggers_replace, body.triggers_replace)) counts.replace++;
    else if (!same(previous.input, body.input)) counts.update++;
  }
  counts.delete = Object.keys(was).filter((id) => !(id in is)).length;
  return { ...counts, total: counts.create + counts.update + counts.replace + counts.delete };
}
