/**
 * The scale benchmark's baseline: the Terraform resources the library
 * synthesized, declared again as a hand-written plain cdktf program would and
 * with nothing of the library — the Docker resources through the provider
 * bindings (`Container`, `Image`, `Network`, `DockerProvider`) with the same
 * settings, each `terraform_data` as a `TerraformResource` with its body
 * (cdktf's own `DataResource` runs `terraform version` once per resource at
 * synth), provisioners through the escape hatch, and the same logical ids,
 * backend and `required_version`. Synthesizing it costs what cdktf itself
 * costs for these resources, so library ÷ baseline is what the library adds:
 * planning, validation, scripts, topology files. bench/scale.ts checks that
 * both synthesize the same configuration.
 */
import { Container, DockerProvider, Image, LocalBackend, Network, TerraformResource, type Construct, type TerraformStack } from '../../lib/constructs/cdktf.js';

/** The parts of a synthesized `cdk.tf.json` the baseline declares again. */
export interface SynthesizedConfig {
  readonly provider?: { readonly docker?: ReadonlyArray<{ readonly alias?: string; readonly host?: string }> };
  readonly terraform: { readonly backend?: { readonly local?: { readonly path?: string } }; readonly required_version?: string };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

/** A resource whose body is given as Terraform JSON. */
class DeclaredResource extends TerraformResource {
  public constructor(
    scope: Construct,
    id: string,
    type: string,
    private readonly body: Record<string, unknown>,
  ) {
    super(scope, id, { terraformResourceType: type });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.body;
  }
}

/** The bindings' classes, by resource type. */
const BINDINGS = { docker_container: Container, docker_image: Image, docker_network: Network } as const;

/** Arguments whose values are maps: their keys are data (`com.docker.network.driver.mtu`), not argument names. */
const MAP_ARGUMENTS = new Set(['options', 'ipam_options', 'log_opts', 'sysctls', 'storage_opts', 'tmpfs', 'triggers']);

/** Terraform JSON arguments as a binding's config: snake_case names in camelCase, map values as they are. */
function bindingConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bindingConfig);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), MAP_ARGUMENTS.has(key) ? inner : bindingConfig(inner)]),
  );
}

/** Declares every resource, provider block and backend setting of `config` in `stack`. */
export function declareBaseline(stack: TerraformStack, config: SynthesizedConfig): void {
  const providers = new Map<string, DockerProvider>();
  for (const block of config.provider?.docker ?? []) {
    providers.set(`docker.${block.alias}`, new DockerProvider(stack, `provider-${block.alias}`, { alias: block.alias, host: block.host }));
  }
  if (config.terraform.backend?.local) new LocalBackend(stack, { path: config.terraform.backend.local.path });
  if (config.terraform.required_version) stack.addOverride('terraform.required_version', config.terraform.required_version);
  for (const [type, byId] of Object.entries(config.resource)) {
    const Binding = BINDINGS[type as keyof typeof BINDINGS] as (new (scope: Construct, id: string, config: never) => TerraformResource) | undefined;
    for (const [id, full] of Object.entries(byId)) {
      // Meta-arguments go where cdktf keeps them: it drops them from a body.
      const { '//': _metadata, depends_on: dependsOn, provider, provisioner, ...body } = full;
      const resource = Binding ? new Binding(stack, id, bindingConfig(body) as never) : new DeclaredResource(stack, id, type, body);
      resource.overrideLogicalId(id);
      if (dependsOn) resource.dependsOn = dependsOn as string[];
      if (provider) resource.provider = providers.get(provider as string);
      // Provisioners as plain cdktf users add raw blocks: through the escape hatch.
      if (provisioner) resource.addOverride('provisioner', provisioner);
    }
  }
}
