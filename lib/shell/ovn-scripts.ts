import { HOST_MARK_VARIABLE_NAMES, type HostMarkVariables } from './host-marks.js';
import { OVN_DAEMON_FUNCTIONS, OVN_TOOL_FUNCTIONS } from './ovn-helpers.js';
import { readScriptFile } from './script-file.js';
import { SCRIPT_PRELUDE } from './script-prelude.js';
import { UNDERLAY_BRIDGE_FUNCTIONS } from './underlay-bridge.js';

/**
 * The host side of an OVN fabric as fixed scripts: the control plane on the
 * central hosts (northbound and southbound databases, standalone or Raft
 * clustered, and `ovn-northd`), and every host as a chassis (`ovn-controller`
 * with its integration bridge, reaching the others by Geneve or VXLAN tunnels
 * it makes itself). A container joins as a static attachment with an OVN
 * logical port (see `StaticAttachmentSpec.ovn`). Every value enters through
 * `CDN_*` variables; the text lives in `scripts/ovn-*.sh`.
 */

/** Variables of the OVN central scripts (host object kind `ovn-central`, named by `CDN_OVN_CENTRAL`). */
export interface OvnCentralVariables extends HostMarkVariables {
  readonly CDN_SUBJECT: string;
  readonly CDN_FABRIC: string;
  /**
   * Name of the control plane, e.g. `cdnc-1a2b3c4d`; its files (databases,
   * sockets, pid files, logs) live in `$CDN_STATE_DIR/$CDN_OWNER/ovn-central/$CDN_OVN_CENTRAL/`.
   */
  readonly CDN_OVN_CENTRAL: string;
  /** This host's underlay IPv4 address: the databases listen on it (NB 6641, SB 6642, Raft 6643/6644). */
  readonly CDN_OVN_LISTEN_IP: string;
  /**
   * The underlay addresses of all central hosts, space-separated, in the same
   * order on every host: one makes standalone databases; more make Raft
   * clusters that the first bootstraps and the others join.
   */
  readonly CDN_OVN_CLUSTER: string;
  /** The fabric's logical switch. */
  readonly CDN_OVN_SWITCH: string;
}

/** Variables of the OVN chassis scripts (host object kind `ovn-chassis`, named by `CDN_OVS_BRIDGE`). */
export interface OvnChassisVariables extends HostMarkVariables {
  readonly CDN_SUBJECT: string;
  readonly CDN_FABRIC: string;
  /** The integration bridge, e.g. `br-int`. */
  readonly CDN_OVS_BRIDGE: string;
  readonly CDN_DATAPATH: 'system' | 'netdev';
  readonly CDN_UNDERLAY_MTU: string;
  /** `yes` to raise the underlay interface's MTU (raise-underlay policy). */
  readonly CDN_RAISE_UNDERLAY: 'yes' | 'no';
  readonly CDN_UNDERLAY_IF: string;
  /** Underlay address with prefix; moved onto the physical OVS bridge with the netdev datapath. */
  readonly CDN_UNDERLAY_ADDRESS: string;
  readonly CDN_PHY_BRIDGE: string;
  /** The chassis name (`external_ids:system-id`). */
  readonly CDN_OVN_SYSTEM_ID: string;
  /** Southbound database remotes, comma-separated: `tcp:192.168.77.11:6642,tcp:192.168.77.12:6642`. */
  readonly CDN_OVN_REMOTE: string;
  readonly CDN_OVN_ENCAP_TYPE: 'geneve' | 'vxlan';
  /** This host's underlay address without prefix: the tunnels' endpoint. */
  readonly CDN_OVN_ENCAP_IP: string;
}

export const OVN_CENTRAL_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVN_CENTRAL', 'CDN_OVN_LISTEN_IP', 'CDN_OVN_CLUSTER', 'CDN_OVN_SWITCH', ...HOST_MARK_VARIABLE_NAMES,
] as const satisfies ReadonlyArray<keyof OvnCentralVariables>;

export const OVN_CHASSIS_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVS_BRIDGE', 'CDN_DATAPATH', 'CDN_UNDERLAY_MTU', 'CDN_RAISE_UNDERLAY', 'CDN_UNDERLAY_IF',
  'CDN_UNDERLAY_ADDRESS', 'CDN_PHY_BRIDGE', 'CDN_OVN_SYSTEM_ID', 'CDN_OVN_REMOTE', 'CDN_OVN_ENCAP_TYPE', 'CDN_OVN_ENCAP_IP',
  ...HOST_MARK_VARIABLE_NAMES,
] as const satisfies ReadonlyArray<keyof OvnChassisVariables>;

/**
 * Create (idempotent): the NB and SB databases (made once; clustered: the first
 * central host bootstraps, the others join), their `ovsdb-server`s and
 * `ovn-northd`, each started only when its pid file names no live process; waits
 * (bounded) until both databases are connected to their cluster, then adds the
 * fabric's logical switch.
 */
export const OVN_CENTRAL_CREATE_SCRIPT = SCRIPT_PRELUDE + OVN_TOOL_FUNCTIONS + readScriptFile(new URL('./scripts/ovn-central-create.sh', import.meta.url));

/** Teardown: stops `ovn-northd`, the SB and the NB database server, and removes their directory. Succeeds when they are gone. */
export const OVN_CENTRAL_TEARDOWN_SCRIPT = SCRIPT_PRELUDE + OVN_TOOL_FUNCTIONS + OVN_DAEMON_FUNCTIONS + readScriptFile(new URL('./scripts/ovn-central-teardown.sh', import.meta.url));

/**
 * Create (idempotent): the underlay as the mesh has it (MTU, physical bridge,
 * which here takes the underlay interface's MAC address so peers keep reaching
 * the host while its address moves), the integration bridge, the Open vSwitch
 * settings `ovn-controller` reads (a system-id that was there before is kept in
 * the bridge's `external_ids` and put back by teardown), and `ovn-controller`
 * itself; waits (bounded) until it is connected to the southbound database.
 * Refuses a host where an `ovn-controller` the library did not start serves the
 * same Open vSwitch.
 */
export const OVN_CHASSIS_CREATE_SCRIPT =
  SCRIPT_PRELUDE + UNDERLAY_BRIDGE_FUNCTIONS + OVN_TOOL_FUNCTIONS + readScriptFile(new URL('./scripts/ovn-chassis-create.sh', import.meta.url));

/**
 * Teardown: `ovn-controller` exits (deleting its chassis and, everywhere, the
 * tunnels to it), the OVN settings and the integration bridge go, the underlay
 * is put back. Succeeds when they are gone.
 */
export const OVN_CHASSIS_TEARDOWN_SCRIPT =
  SCRIPT_PRELUDE + UNDERLAY_BRIDGE_FUNCTIONS + OVN_TOOL_FUNCTIONS + OVN_DAEMON_FUNCTIONS + readScriptFile(new URL('./scripts/ovn-chassis-teardown.sh', import.meta.url));
