/**
 * The Docker provider plugin cannot be downloaded here, so Terraform cannot
 * load a configuration with `docker_*` resources. For questions about the
 * resource graph — what Terraform creates before what — the nearest real thing
 * is the same configuration with every `docker_*` resource replaced by a
 * `terraform_data` stand-in that keeps its arguments as `input`, its explicit
 * `depends_on`, and every reference to it (as a reference to the stand-in's
 * `id`). Terraform then builds the graph itself from the references and
 * `depends_on` lists, exactly as it would with the provider.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Config = { resource: Record<string, Record<string, Record<string, Json>>>; [key: string]: Json | unknown };

const DOCKER_REFERENCE = /\bdocker_(container|image|network)\.([A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_]+(?:\[[^\]]*\])*)*/g;

/** The stand-in's address for a Docker resource's address (`docker_container.x` → `terraform_data.docker_container__x`). */
export function standInAddress(type: string, id: string): string {
  return `terraform_data.${type}__${id}`;
}

function rewriteReferences(value: Json): Json {
  if (typeof value === 'string') return value.replace(DOCKER_REFERENCE, (_, type: string, id: string) => `${standInAddress(`docker_${type}`, id)}.id`);
  if (Array.isArray(value)) return value.map(rewriteReferences);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteReferences(v)]));
  return value;
}

function rewriteDependsOn(list: Json | undefined): Json[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((entry) => {
    const match = /^docker_(container|image|network)\.([A-Za-z0-9_-]+)$/.exec(String(entry));
    return match ? standInAddress(`docker_${match[1]}`, match[2]!) : entry;
  });
}

/** `config` (a synthesized cdk.tf.json) with the Docker provider and its resources replaced by stand-ins. */
export function withDockerStandIns(config: Config): Config {
  const { provider: _provider, ...rest } = config as Config & { provider?: unknown };
  const terraform = { ...((rest.terraform as Record<string, Json> | undefined) ?? {}) };
  delete terraform.required_providers;
  const resource: Config['resource'] = {};
  for (const [type, byId] of Object.entries(config.resource)) {
    for (const [id, body] of Object.entries(byId)) {
      const { depends_on, provider: _p, lifecycle: _l, '//': _meta, ...args } = body;
      const dependsOn = rewriteDependsOn(depends_on);
      if (type.startsWith('docker_')) {
        resource.terraform_data ??= {};
        resource.terraform_data[`${type}__${id}`] = { input: rewriteReferences(args), ...(dependsOn ? { depends_on: dependsOn } : {}) };
      } else {
        resource[type] ??= {};
        resource[type][id] = { ...(rewriteReferences(args) as Record<string, Json>), ...(dependsOn ? { depends_on: dependsOn } : {}) };
      }
    }
  }
  return { ...rest, terraform, resource };
}

/** The edges of `terraform graph` output: node → the nodes it depends on directly. */
export function parseTerraformGraph(dot: string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const match of dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)"/gm)) {
    if (!edges.has(match[1]!)) edges.set(match[1]!, new Set());
    edges.get(match[1]!)!.add(match[2]!);
  }
  return edges;
}

/** Every node `from` depends on, directly or through others. */
export function dependenciesOf(graph: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    for (const next of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}
