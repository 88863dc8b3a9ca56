import { Construct, DataResource, Lazy } from './cdktf.js';
import type { StaticAttachmentSpec } from '../model/static-attachment.js';
import {
  ATTACH_STATIC_ADDRESS_SCRIPT,
  DETACH_STATIC_ADDRESS_SCRIPT,
  STATIC_ADDRESS_VARIABLE_NAMES,
  staticAddressVariables,
} from '../shell/static-address-scripts.js';
import type { DockerHost } from './docker-host.js';
import type { Service } from './service.js';

/** Properties of a {@link StaticAddressAttachment}. */
export interface StaticAddressAttachmentProps {
  readonly host: DockerHost;
  readonly service: Service;
  /** The attachment's settings, read at synth once the address plan is complete. */
  readonly spec: () => StaticAttachmentSpec;
}

/**
 * One provisioner-mode static address: a `terraform_data` whose create-time
 * provisioner runs the attach script on the host and whose destroy-time
 * provisioner runs the teardown script. Scripts and values live in the
 * resource's `input`, because a destroy-time provisioner may read only `self` —
 * and must tear down what was made, not what the new configuration says.
 * `triggers_replace` holds the container's identity and every setting, so a new
 * container or a changed setting re-attaches.
 */
export class StaticAddressAttachment extends Construct {
  /** The `terraform_data` resource. */
  public readonly resource: DataResource;

  public constructor(scope: Construct, id: string, props: StaticAddressAttachmentProps) {
    super(scope, id);
    const { host, service } = props;
    const variables = () => staticAddressVariables(props.spec());
    const fromInput = Object.fromEntries(STATIC_ADDRESS_VARIABLE_NAMES.map((name) => [name, `\${self.input.variables.${name}}`]));

    this.resource = new DataResource(this, 'attachment', {
      input: Lazy.anyValue({
        produce: () => ({
          variables: variables(),
          create: host.access.renderScript(ATTACH_STATIC_ADDRESS_SCRIPT, variables()),
          teardown: host.access.renderScript(DETACH_STATIC_ADDRESS_SCRIPT, variables()),
          ...host.access.inputValues(host.sshPrivateKey?.stringValue),
        }),
      }) as unknown as Record<string, string>,
      triggersReplace: Lazy.anyValue({
        produce: () => ({
          // A managed container's id changes when Terraform replaces it; an
          // external one is known only by name.
          container: service.container?.id ?? service.name,
          ...variables(),
        }),
      }) as unknown as Record<string, string>,
      provisioners: [
        host.access.provisioner({ script: '${self.input.create}', variables: fromInput }, 'create'),
        host.access.provisioner({ script: '${self.input.teardown}', variables: fromInput }, 'destroy'),
      ],
    });
  }
}
