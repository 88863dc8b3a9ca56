import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from './lab.js';
import { terraformIn } from './terraform.js';

/** One resource a saved plan changes, with the lab host it lives on. */
export interface PlannedChange {
  readonly address: string;
  /** `create`, `update`, `delete+create`, … */
  readonly actions: string;
  /** The lab host it runs on or deploys to, or `?` when it names none. */
  readonly host: string;
}

/**
 * What a saved plan in `stackDir` changes, resource by resource, and on which
 * host: a host script's `input.host`, a Docker stand-in's `docker_host`
 * matched to the lab host whose dockerd it is. Resources left as they are
 * (no-op) are not listed. This is how the lab checks that adding a host to a
 * fabric touches only that host.
 */
export async function plannedChanges(lab: Lab, stackDir: string, planFile: string): Promise<PlannedChange[]> {
  const shown = JSON.parse((await terraformIn(stackDir, ['show', '-json', planFile])).stdout) as {
    resource_changes: Array<{ address: string; type: string; name: string; change: { actions: string[] } }>;
  };
  const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, { input?: Record<string, unknown> }>> };
  const byDockerHost = new Map([...lab.hosts.values()].map((h) => [h.dockerHost, h.name]));
  const hostOf = (type: string, name: string): string => {
    const input = config.resource[type]?.[name]?.input ?? {};
    if (typeof input.host === 'string') return input.host;
    if (typeof input.docker_host === 'string') return byDockerHost.get(input.docker_host) ?? '?';
    return '?';
  };
  return shown.resource_changes
    .filter((c) => !c.change.actions.includes('no-op'))
    .map((c) => ({ address: c.address, actions: c.change.actions.join('+'), host: hostOf(c.type, c.name) }));
}
