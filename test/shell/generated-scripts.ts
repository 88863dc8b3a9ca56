import { SCRIPT_PRELUDE } from '../../lib/shell/script-prelude.js';
import {
  ATTACH_STATIC_ADDRESS_SCRIPT,
  DETACH_STATIC_ADDRESS_SCRIPT,
  STATIC_ADDRESS_VARIABLE_NAMES,
} from '../../lib/shell/static-address-scripts.js';
import {
  FABRIC_HOST_CREATE_SCRIPT,
  FABRIC_HOST_TEARDOWN_SCRIPT,
  FABRIC_HOST_VARIABLE_NAMES,
  FABRIC_TUNNEL_CREATE_SCRIPT,
  FABRIC_TUNNEL_TEARDOWN_SCRIPT,
  FABRIC_TUNNEL_VARIABLE_NAMES,
} from '../../lib/shell/fabric-scripts.js';

/** A complete generated script as a provisioner runs it, with the file its body comes from. */
export interface GeneratedScript {
  readonly name: string;
  readonly text: string;
  /** The body under lib/shell/scripts/ (the text is the prelude followed by it). */
  readonly file: string;
  /** The `CDN_*` variables the provisioner hands it. */
  readonly variables: readonly string[];
}

/** Every script the library generates: the tests over "every script" iterate this. */
export const GENERATED_SCRIPTS: readonly GeneratedScript[] = [
  { name: 'ATTACH_STATIC_ADDRESS_SCRIPT', text: ATTACH_STATIC_ADDRESS_SCRIPT, file: 'attach-static-address.sh', variables: STATIC_ADDRESS_VARIABLE_NAMES },
  { name: 'DETACH_STATIC_ADDRESS_SCRIPT', text: DETACH_STATIC_ADDRESS_SCRIPT, file: 'detach-static-address.sh', variables: STATIC_ADDRESS_VARIABLE_NAMES },
  { name: 'FABRIC_HOST_CREATE_SCRIPT', text: FABRIC_HOST_CREATE_SCRIPT, file: 'fabric-host-create.sh', variables: FABRIC_HOST_VARIABLE_NAMES },
  { name: 'FABRIC_HOST_TEARDOWN_SCRIPT', text: FABRIC_HOST_TEARDOWN_SCRIPT, file: 'fabric-host-teardown.sh', variables: FABRIC_HOST_VARIABLE_NAMES },
  { name: 'FABRIC_TUNNEL_CREATE_SCRIPT', text: FABRIC_TUNNEL_CREATE_SCRIPT, file: 'fabric-tunnel-create.sh', variables: FABRIC_TUNNEL_VARIABLE_NAMES },
  { name: 'FABRIC_TUNNEL_TEARDOWN_SCRIPT', text: FABRIC_TUNNEL_TEARDOWN_SCRIPT, file: 'fabric-tunnel-teardown.sh', variables: FABRIC_TUNNEL_VARIABLE_NAMES },
];

export { SCRIPT_PRELUDE };
