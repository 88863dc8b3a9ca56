import { Construct } from './cdktf.js';
import type { StaticAttachmentSpec } from '../model/static-attachment.js';
import {
  ATTACH_STATIC_ADDRESS_SCRIPT,
  DETACH_STATIC_ADDRESS_SCRIPT,
  STATIC_ADDRESS_VARIABLE_NAMES,
  staticAddressVariables,
} from '../shell/static-address-scripts.js';
import type { DockerHost } from './docker-host.js';
import { HostScriptResource } from './host-script-resource.js';
import type { Service } from './service.js';

/** Properties of a {@link StaticAddressAttachment}. */
export interface StaticAddressAttachmentProps {
  readonly host: DockerHost;
  readonly service: Service;
  /** The attachment's settings, read at synth once the address plan is complete. */
  readonly spec: () => StaticAttachmentSpec;
}

/**
 * One provisioner-mode static address: the attach script when created, the
 * teardown script when destroyed. `triggers_replace` also holds the container's
 * identity, so a new container re-attaches.
 */
export class StaticAddressAttachment extends Construct {
  /** The `terraform_data` resource. */
  public readonly resource;

  public constructor(scope: Construct, id: string, props: StaticAddressAttachmentProps) {
    super(scope, id);
    const { service } = props;
    this.resource = new HostScriptResource(this, 'attachment', {
      host: props.host,
      createScript: ATTACH_STATIC_ADDRESS_SCRIPT,
      teardownScript: DETACH_STATIC_ADDRESS_SCRIPT,
      variableNames: STATIC_ADDRESS_VARIABLE_NAMES,
      variables: () => staticAddressVariables(props.spec(), props.host.marks()),
      hostObject: { kind: 'static-attachment', nameVariable: 'CDN_HOST_IF' },
      // A managed container's id changes when Terraform replaces it; an external one is known only by name.
      identity: () => ({ container: service.container?.id ?? service.name }),
    }).resource;
  }
}
