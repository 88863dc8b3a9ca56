import {
  anyToHclTerraform,
  anyToTerraform,
  hashMapper,
  hashMapperHcl,
  TerraformResource,
  TerraformStack,
  type Construct,
  type TerraformMetaArguments,
} from './cdktf.js';

/** Settings of a {@link TerraformData}. */
export interface TerraformDataConfig extends Pick<TerraformMetaArguments, 'dependsOn' | 'provisioners'> {
  /**
   * Stored in the state; destroy-time provisioners read it as `self.input`. A
   * function is called at synth, once every declaration is known (cheaper than
   * a cdktf `Lazy`, which records a stack trace when made).
   */
  readonly input: Record<string, unknown> | (() => Record<string, unknown>);
  /** A change of these values replaces the resource (teardown, then create); a function as for `input`. */
  readonly triggersReplace: Record<string, unknown> | (() => Record<string, unknown>);
}

const valueOf = (value: TerraformDataConfig['input']) => (typeof value === 'function' ? value() : value);

/**
 * Terraform's built-in `terraform_data` resource (Terraform ≥ 1.4), as cdktf's
 * `DataResource` renders it — without its validation, which runs
 * `terraform version` as a child process once per resource at every synth
 * (~90 ms each: minutes for a large fabric, and a failed synth wherever
 * Terraform is not installed, such as a pull-request diff job). The stack
 * declares `required_version` instead, which Terraform itself checks once.
 */
export class TerraformData extends TerraformResource {
  private readonly config: TerraformDataConfig;

  public constructor(scope: Construct, id: string, config: TerraformDataConfig) {
    requireTerraformData(TerraformStack.of(scope));
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      ...(config.dependsOn ? { dependsOn: config.dependsOn } : {}),
      ...(config.provisioners ? { provisioners: config.provisioners } : {}),
    });
    this.config = config;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      input: hashMapper(anyToTerraform)(valueOf(this.config.input)),
      triggers_replace: hashMapper(anyToTerraform)(valueOf(this.config.triggersReplace)),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      input: hashMapperHcl(anyToHclTerraform)(valueOf(this.config.input)),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(valueOf(this.config.triggersReplace)),
    };
  }
}

/** The first Terraform with `terraform_data`. */
export const TERRAFORM_DATA_REQUIRED_VERSION = '>= 1.4';

const declared = new WeakSet<TerraformStack>();

/**
 * Declares `terraform { required_version = ">= 1.4" }` once per stack. A stack
 * that needs a stricter constraint sets its own afterwards:
 * `stack.addOverride('terraform.required_version', '>= 1.9')`.
 */
function requireTerraformData(stack: TerraformStack): void {
  if (declared.has(stack)) return;
  declared.add(stack);
  stack.addOverride('terraform.required_version', TERRAFORM_DATA_REQUIRED_VERSION);
}
