import { rewriteExpressions } from './terraform-template.js';

/**
 * The Docker provider plugin cannot be downloaded here, so Terraform cannot load
 * a configuration with `docker_*` resources. The nearest real thing is the same
 * configuration with every `docker_*` resource replaced by a `terraform_data`
 * stand-in (`terraform_data.<type>__<name>`) that keeps its arguments, its
 * explicit `depends_on` and every reference to it. Terraform then orders the
 * stand-ins itself, exactly where it would order the provider's resources.
 *
 * What a stand-in does is up to its mode: for `terraform graph` it only keeps
 * the edges ({@link withDockerStandIns}); for the lab it runs the docker CLI
 * (see docker-provider-stand-in.ts).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A synthesized Terraform JSON configuration (`cdk.tf.json`). */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, JsonObject>>;
  readonly [key: string]: unknown;
}

export const DOCKER_RESOURCE_TYPES = ['docker_container', 'docker_image', 'docker_network'] as const;
export type DockerResourceType = (typeof DOCKER_RESOURCE_TYPES)[number];

/** One Docker resource of the configuration, as its stand-in is made from it. */
export interface DockerResource {
  readonly type: DockerResourceType;
  readonly id: string;
  /** `docker_container.x (stack/path/of/construct)`, for messages. */
  readonly label: string;
  /** Its arguments, with references to other Docker resources rewritten to their stand-ins. */
  readonly args: JsonObject;
  /** Its `provider` meta-argument (`docker`, `docker.<alias>`), when set. */
  readonly provider?: string;
  /** Meta-arguments a stand-in does not carry over (`lifecycle`, `count`, `for_each`, `provisioner`, `connection`). */
  readonly otherMetaArguments: readonly string[];
}

/** A reference to an attribute of a Docker resource, e.g. `docker_container.x.hostname`. */
export interface DockerReference {
  readonly type: DockerResourceType;
  readonly id: string;
  /** The attribute right after the resource (`hostname`), or `''` for the resource as a whole. */
  readonly attribute: string;
  /** The traversal after the attribute, e.g. `[0].ip_address`. */
  readonly rest: string;
}

/** What the stand-ins of one mode are made of. */
export interface StandInMode {
  /**
   * The expression for a reference to an attribute the provider computes (not
   * `id`, not one of the resource's arguments), or an error. `label` and `path`
   * name the resource and argument that refer to it.
   */
  computedAttribute(reference: DockerReference, label: string, path: string): string;
  /** The stand-in's body for `resource`, without `depends_on` (added here). */
  standIn(resource: DockerResource): JsonObject;
}

/** Meta-arguments: everything in a resource body that is not an argument of the resource type. */
const META_ARGUMENTS = new Set(['//', 'depends_on', 'provider', 'lifecycle', 'count', 'for_each', 'provisioner', 'connection']);
const REFERENCE = /(?<![\w.-])(docker_container|docker_image|docker_network)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)/g;
const DEPENDS_ON_ENTRY = /^(docker_container|docker_image|docker_network)\.([A-Za-z_][\w-]*)$/;
const STAND_IN_NAME = /^(docker_container|docker_image|docker_network)__/;

/** The stand-in's address for a Docker resource (`docker_container.x` → `terraform_data.docker_container__x`). */
export function standInAddress(type: string, id: string): string {
  return `terraform_data.${type}__${id}`;
}

/** True for the name of a stand-in `terraform_data` (as `terraform show` reports it). */
export function isDockerStandIn(name: string): boolean {
  return STAND_IN_NAME.test(name);
}

function isDockerType(type: string): type is DockerResourceType {
  return (DOCKER_RESOURCE_TYPES as readonly string[]).includes(type);
}

/** For `terraform graph`: stand-ins that keep the arguments and every edge, and run nothing. */
export function withDockerStandIns(config: TerraformJson): TerraformJson {
  return replaceDockerResources(config, {
    computedAttribute: (reference) => `${standInAddress(reference.type, reference.id)}.id`,
    standIn: (resource) => ({ input: { arguments: resource.args } }),
  });
}

/**
 * `config` with the Docker provider gone and each Docker resource replaced by
 * the stand-in `mode` makes. A reference to a stand-in's `id` reads the
 * stand-in's id (new when it is replaced, like a container's); one to an
 * argument reads it from the stand-in's `input.arguments`.
 */
export function replaceDockerResources(config: TerraformJson, mode: StandInMode): TerraformJson {
  const dockerData = Object.keys((config.data as Record<string, unknown> | undefined) ?? {}).filter(isDockerType);
  if (dockerData.length) throw new Error(`Docker data sources have no stand-in: ${dockerData.join(', ')}`);
  const resources = config.resource ?? {};
  const references = new ReferenceRewriter(resources, mode);
  const resource: Record<string, Record<string, JsonObject>> = {};
  const put = (type: string, id: string, body: JsonObject) => {
    resource[type] ??= {};
    resource[type][id] = body;
  };
  for (const [type, byId] of Object.entries(resources)) {
    for (const [id, body] of Object.entries(byId)) {
      const label = labelOf(type, id, body);
      const dependsOn = rewriteDependsOn(body.depends_on);
      if (!isDockerType(type)) {
        const kept = Object.fromEntries(
          Object.entries(body).map(([key, value]) => [key, key === '//' ? value : key === 'depends_on' ? (dependsOn ?? value) : references.rewrite(value, label, key)]),
        );
        put(type, id, kept);
        continue;
      }
      const args: JsonObject = {};
      for (const [key, value] of Object.entries(body)) {
        if (!META_ARGUMENTS.has(key)) args[key] = references.rewrite(value, label, key);
      }
      const otherMetaArguments = Object.keys(body).filter((key) => META_ARGUMENTS.has(key) && !['//', 'depends_on', 'provider'].includes(key));
      const provider = typeof body.provider === 'string' ? { provider: body.provider } : {};
      const standIn = mode.standIn({ type, id, label, args, otherMetaArguments, ...provider });
      put('terraform_data', `${type}__${id}`, { ...standIn, ...(dependsOn ? { depends_on: dependsOn } : {}) });
    }
  }
  const rewritten: Record<string, unknown> = { ...config, resource };
  for (const block of ['data', 'output', 'locals']) {
    if (config[block] !== undefined) rewritten[block] = references.rewrite(config[block] as Json, block, '');
  }
  return withoutDockerProvider(rewritten);
}

/** Rewrites references to Docker resources inside the expressions of a value. */
class ReferenceRewriter {
  public constructor(
    private readonly resources: Record<string, Record<string, JsonObject>>,
    private readonly mode: StandInMode,
  ) {}

  /** `value` (at `path` of the resource `label`) with its references to Docker resources rewritten. */
  public rewrite(value: Json, label: string, path: string): Json {
    if (typeof value === 'string') {
      return rewriteExpressions(value, (expression) =>
        expression.replace(REFERENCE, (_match, type: DockerResourceType, id: string, traversal: string) => this.reference(type, id, traversal, label, path)),
      );
    }
    if (Array.isArray(value)) return value.map((item, i) => this.rewrite(item, label, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.rewrite(item, label, path ? `${path}.${key}` : key)]));
    }
    return value;
  }

  private reference(type: DockerResourceType, id: string, traversal: string, label: string, path: string): string {
    const attribute = /^\.([A-Za-z_][\w-]*)/.exec(traversal)?.[1] ?? '';
    const rest = traversal.slice(attribute ? attribute.length + 1 : 0);
    const standIn = standInAddress(type, id);
    if (attribute === 'id') return `${standIn}.id${rest}`;
    const target = this.resources[type]?.[id];
    if (target && attribute in target && !META_ARGUMENTS.has(attribute)) return `${standIn}.input.arguments.${attribute}${rest}`;
    return this.mode.computedAttribute({ type, id, attribute, rest }, label, path);
  }
}

function rewriteDependsOn(list: Json | undefined): Json[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((entry) => {
    const match = DEPENDS_ON_ENTRY.exec(String(entry));
    return match ? standInAddress(match[1]!, match[2]!) : entry;
  });
}

/** `type.id (construct path)`: the construct path cdktf records is what a user recognizes. */
function labelOf(type: string, id: string, body: JsonObject): string {
  const metadata = (body['//'] as { metadata?: { path?: unknown } } | undefined)?.metadata;
  return typeof metadata?.path === 'string' ? `${type}.${id} (${metadata.path})` : `${type}.${id}`;
}

/** The configuration without the Docker provider's block and requirement, which Terraform would try to install. */
function withoutDockerProvider(config: Record<string, unknown>): TerraformJson {
  const { provider, terraform, ...rest } = config as { provider?: Record<string, unknown>; terraform?: Record<string, unknown> };
  const result: Record<string, unknown> = { ...rest };
  const otherProviders = Object.fromEntries(Object.entries(provider ?? {}).filter(([name]) => name !== 'docker'));
  if (Object.keys(otherProviders).length) result.provider = otherProviders;
  if (terraform) {
    const { required_providers: required, ...settings } = terraform as { required_providers?: Record<string, unknown> };
    const otherRequired = Object.fromEntries(Object.entries(required ?? {}).filter(([name]) => name !== 'docker'));
    result.terraform = { ...settings, ...(Object.keys(otherRequired).length ? { required_providers: otherRequired } : {}) };
  }
  return result;
}
