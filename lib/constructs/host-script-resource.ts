import { createHash } from 'node:crypto';
import { Construct, Token, type ITerraformDependable } from './cdktf.js';
import type { HostObject, HostObjectKind } from '../model/host-objects.js';
import type { DockerHost } from './docker-host.js';
import { TerraformData } from './terraform-data.js';
import { terraformLiteral, terraformLiterals } from './terraform-literal.js';

/** Properties of a {@link HostScriptResource}. */
export interface HostScriptResourceProps {
  /** The host the scripts run on (through its `access`). */
  readonly host: DockerHost;
  /** Fixed script text run when the resource is created. */
  readonly createScript: string;
  /** Fixed script text run when the resource is destroyed; must succeed when there is nothing left. */
  readonly teardownScript: string;
  /** Names of the variables both scripts read. */
  readonly variableNames: readonly string[];
  /** The variables' values, read at synth (after validation). */
  readonly variables: () => Record<string, string>;
  /** More values that force a replacement when they change (e.g. a container id). @default none */
  readonly identity?: () => Record<string, string>;
  /** Resources to create first. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * What the create script makes on the host, for the host's ledger (which
   * restores and prunes it) and for `verify`: its kind, and the variable that
   * holds its name. @default none: the resource makes no lasting host object
   */
  readonly hostObject?: { readonly kind: HostObjectKind; readonly nameVariable: string };
}

/**
 * A `terraform_data` that runs a fixed script on a host when created and
 * another when destroyed. Scripts and values live in the resource's `input`:
 * a destroy-time provisioner may read only `self`, and must tear down what was
 * made, not what the configuration says now. `triggers_replace` holds the values
 * (and any identity), so a changed setting runs teardown, then create; a long
 * value (a script the watcher runs, a ledger) only as its digest, since
 * Terraform's plan time grows with the text it holds.
 */
export class HostScriptResource extends Construct {
  /** The `terraform_data` resource. */
  public readonly resource: TerraformData;

  private readonly props: HostScriptResourceProps;

  public constructor(scope: Construct, id: string, props: HostScriptResourceProps) {
    super(scope, id);
    this.props = props;
    const { host } = props;
    const fromInput = Object.fromEntries(props.variableNames.map((name) => [name, `\${self.input.variables.${name}}`]));

    // Everything in input and triggers_replace reaches Terraform as literal text (see terraformLiteral).
    if (props.hostObject) host.declareHostObject(this);

    this.resource = new TerraformData(this, 'resource', {
      input: () => {
        const variables = props.variables();
        return {
          // Which host the scripts run on, for people reading a plan (and the lab's plan-shape checks).
          host: host.name,
          variables: terraformLiterals(variables),
          create: terraformLiteral(host.access.renderScript(props.createScript, variables)),
          teardown: terraformLiteral(host.access.renderScript(props.teardownScript, variables)),
          ...terraformLiterals(host.access.inputValues(host.sshPrivateKey?.stringValue)),
        };
      },
      triggersReplace: () => terraformLiterals(digestLongValues({ ...(props.identity?.() ?? {}), ...props.variables() })),
      provisioners: [
        host.access.provisioner({ script: '${self.input.create}', variables: fromInput }, 'create'),
        host.access.provisioner({ script: '${self.input.teardown}', variables: fromInput }, 'destroy'),
      ],
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
  }

  /** The object the create script makes on the host, if it makes one (read at synth). */
  public hostObject(): HostObject | undefined {
    const { hostObject } = this.props;
    if (!hostObject) return undefined;
    const variables = this.props.variables();
    return { kind: hostObject.kind, name: variables[hostObject.nameVariable] ?? '', declaredBy: this.node.path, variables };
  }
}

/** Values at least this long stand in `triggers_replace` as their digest. */
const DIGEST_FROM_LENGTH = 256;

/**
 * `values` with each long literal replaced by `sha256:<hex>`: a change still
 * forces the replacement, and the text is planned once (in `input`), not twice.
 * Values holding cdktf tokens stay as they are: their text is known only to Terraform.
 */
export function digestLongValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      value.length >= DIGEST_FROM_LENGTH && !Token.isUnresolved(value) ? `sha256:${createHash('sha256').update(value).digest('hex')}` : value,
    ]),
  );
}
