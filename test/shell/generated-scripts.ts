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
import {
  CHECK_FABRIC_HOST_SCRIPT,
  CHECK_FABRIC_TUNNEL_SCRIPT,
  CHECK_OVN_CENTRAL_SCRIPT,
  CHECK_OVN_CHASSIS_SCRIPT,
  CHECK_REACHABILITY_SCRIPT,
  CHECK_STATIC_ADDRESS_SCRIPT,
  REACHABILITY_VARIABLE_NAMES,
} from '../../lib/shell/check-scripts.js';
import {
  OVN_CENTRAL_CREATE_SCRIPT,
  OVN_CENTRAL_TEARDOWN_SCRIPT,
  OVN_CENTRAL_VARIABLE_NAMES,
  OVN_CHASSIS_CREATE_SCRIPT,
  OVN_CHASSIS_TEARDOWN_SCRIPT,
  OVN_CHASSIS_VARIABLE_NAMES,
} from '../../lib/shell/ovn-scripts.js';
import { HOST_AGENT_REMOVE_SCRIPT, HOST_AGENT_VARIABLE_NAMES, HOST_RECONCILE_SCRIPT, HOST_WATCH_SCRIPT } from '../../lib/shell/host-agent-scripts.js';

/** A complete generated script as a provisioner runs it, with the file its body comes from. */
export interface GeneratedScript {
  readonly name: string;
  readonly text: string;
  /** The bodies under lib/shell/scripts/: the text is the prelude followed by them, in order. */
  readonly files: readonly string[];
  /** The `CDN_*` variables the provisioner hands it. */
  readonly variables: readonly string[];
  /** A read-only check of `verify`: it must change nothing on the host. */
  readonly readOnly?: boolean;
}

/** Every script the library generates: the tests over "every script" iterate this. */
export const GENERATED_SCRIPTS: readonly GeneratedScript[] = [
  { name: 'ATTACH_STATIC_ADDRESS_SCRIPT', text: ATTACH_STATIC_ADDRESS_SCRIPT, files: ['ovn-tools.sh', 'attach-static-address.sh'], variables: STATIC_ADDRESS_VARIABLE_NAMES },
  { name: 'DETACH_STATIC_ADDRESS_SCRIPT', text: DETACH_STATIC_ADDRESS_SCRIPT, files: ['ovn-tools.sh', 'detach-static-address.sh'], variables: STATIC_ADDRESS_VARIABLE_NAMES },
  { name: 'FABRIC_HOST_CREATE_SCRIPT', text: FABRIC_HOST_CREATE_SCRIPT, files: ['underlay-bridge.sh', 'fabric-host-create.sh'], variables: FABRIC_HOST_VARIABLE_NAMES },
  { name: 'FABRIC_HOST_TEARDOWN_SCRIPT', text: FABRIC_HOST_TEARDOWN_SCRIPT, files: ['underlay-bridge.sh', 'fabric-host-teardown.sh'], variables: FABRIC_HOST_VARIABLE_NAMES },
  { name: 'FABRIC_TUNNEL_CREATE_SCRIPT', text: FABRIC_TUNNEL_CREATE_SCRIPT, files: ['fabric-tunnel-create.sh'], variables: FABRIC_TUNNEL_VARIABLE_NAMES },
  { name: 'FABRIC_TUNNEL_TEARDOWN_SCRIPT', text: FABRIC_TUNNEL_TEARDOWN_SCRIPT, files: ['fabric-tunnel-teardown.sh'], variables: FABRIC_TUNNEL_VARIABLE_NAMES },
  { name: 'OVN_CENTRAL_CREATE_SCRIPT', text: OVN_CENTRAL_CREATE_SCRIPT, files: ['ovn-tools.sh', 'ovn-central-create.sh'], variables: OVN_CENTRAL_VARIABLE_NAMES },
  { name: 'OVN_CENTRAL_TEARDOWN_SCRIPT', text: OVN_CENTRAL_TEARDOWN_SCRIPT, files: ['ovn-tools.sh', 'ovn-daemons.sh', 'ovn-central-teardown.sh'], variables: OVN_CENTRAL_VARIABLE_NAMES },
  { name: 'OVN_CHASSIS_CREATE_SCRIPT', text: OVN_CHASSIS_CREATE_SCRIPT, files: ['underlay-bridge.sh', 'ovn-tools.sh', 'ovn-chassis-create.sh'], variables: OVN_CHASSIS_VARIABLE_NAMES },
  {
    name: 'OVN_CHASSIS_TEARDOWN_SCRIPT',
    text: OVN_CHASSIS_TEARDOWN_SCRIPT,
    files: ['underlay-bridge.sh', 'ovn-tools.sh', 'ovn-daemons.sh', 'ovn-chassis-teardown.sh'],
    variables: OVN_CHASSIS_VARIABLE_NAMES,
  },
  { name: 'HOST_RECONCILE_SCRIPT', text: HOST_RECONCILE_SCRIPT, files: ['host-watcher-control.sh', 'ovn-tools.sh', 'ovn-daemons.sh', 'host-reconcile.sh'], variables: HOST_AGENT_VARIABLE_NAMES },
  { name: 'HOST_AGENT_REMOVE_SCRIPT', text: HOST_AGENT_REMOVE_SCRIPT, files: ['host-watcher-control.sh', 'host-agent-remove.sh'], variables: HOST_AGENT_VARIABLE_NAMES },
  { name: 'CHECK_STATIC_ADDRESS_SCRIPT', text: CHECK_STATIC_ADDRESS_SCRIPT, files: ['check-helpers.sh', 'check-container.sh', 'check-static-address.sh'], variables: STATIC_ADDRESS_VARIABLE_NAMES, readOnly: true },
  { name: 'CHECK_FABRIC_HOST_SCRIPT', text: CHECK_FABRIC_HOST_SCRIPT, files: ['check-helpers.sh', 'check-underlay.sh', 'check-fabric-host.sh'], variables: FABRIC_HOST_VARIABLE_NAMES, readOnly: true },
  { name: 'CHECK_FABRIC_TUNNEL_SCRIPT', text: CHECK_FABRIC_TUNNEL_SCRIPT, files: ['check-helpers.sh', 'check-fabric-tunnel.sh'], variables: FABRIC_TUNNEL_VARIABLE_NAMES, readOnly: true },
  { name: 'CHECK_REACHABILITY_SCRIPT', text: CHECK_REACHABILITY_SCRIPT, files: ['check-helpers.sh', 'check-container.sh', 'check-reachability.sh'], variables: REACHABILITY_VARIABLE_NAMES, readOnly: true },
  { name: 'CHECK_OVN_CENTRAL_SCRIPT', text: CHECK_OVN_CENTRAL_SCRIPT, files: ['check-helpers.sh', 'ovn-tools.sh', 'check-ovn-central.sh'], variables: OVN_CENTRAL_VARIABLE_NAMES, readOnly: true },
  {
    name: 'CHECK_OVN_CHASSIS_SCRIPT',
    text: CHECK_OVN_CHASSIS_SCRIPT,
    files: ['check-helpers.sh', 'ovn-tools.sh', 'check-underlay.sh', 'check-ovn-chassis.sh'],
    variables: OVN_CHASSIS_VARIABLE_NAMES,
    readOnly: true,
  },
];

/** The host's watcher: a file of its own, run by a unit or as a process, long-running, values from its ledger. */
export const WATCHER_SCRIPT = { name: 'HOST_WATCH_SCRIPT', text: HOST_WATCH_SCRIPT, file: 'host-watch.sh' } as const;

export { SCRIPT_PRELUDE };
