import { HOST_MARK_VARIABLE_NAMES, type HostMarkVariables } from './host-marks.js';
import { readScriptFile } from './script-file.js';
import { SCRIPT_PRELUDE } from './script-prelude.js';
import { UNDERLAY_BRIDGE_FUNCTIONS } from './underlay-bridge.js';

/**
 * The article's multi-host commands as fixed scripts: per host, an Open vSwitch
 * bridge joined to the host's Docker bridge (`brctl addif docker0 br0`) with the
 * underlay MTU raised (`ifconfig eth0 mtu 1542`) and loop prevention set
 * (`stp_enable=true`, or protected tunnel ports); per pair of hosts, one tunnel
 * port on each side (`add-port br0 gre0 -- set interface gre0 type=gre
 * options:remote_ip=…`). Every value enters through `CDN_*` variables; the
 * text lives in `scripts/fabric-*.sh`.
 */

/** Variables of the per-host bridge scripts. */
export interface FabricHostVariables extends HostMarkVariables {
  readonly CDN_SUBJECT: string;
  readonly CDN_FABRIC: string;
  readonly CDN_OVS_BRIDGE: string;
  readonly CDN_DATAPATH: 'system' | 'netdev';
  readonly CDN_DOCKER_BRIDGE: string;
  readonly CDN_LOOP: 'protected' | 'stp' | 'rstp';
  readonly CDN_CONTAINER_MTU: string;
  readonly CDN_UNDERLAY_MTU: string;
  /** `yes` to raise the underlay interface's MTU (raise-underlay policy). */
  readonly CDN_RAISE_UNDERLAY: 'yes' | 'no';
  readonly CDN_UNDERLAY_IF: string;
  /** Underlay address with prefix; moved onto the physical OVS bridge with the netdev datapath. */
  readonly CDN_UNDERLAY_ADDRESS: string;
  readonly CDN_PHY_BRIDGE: string;
}

/** Variables of the per-tunnel scripts. */
export interface FabricTunnelVariables extends HostMarkVariables {
  readonly CDN_SUBJECT: string;
  readonly CDN_FABRIC: string;
  readonly CDN_OVS_BRIDGE: string;
  readonly CDN_TUNNEL_PORT: string;
  readonly CDN_TUNNEL_TYPE: 'gre' | 'vxlan';
  readonly CDN_REMOTE_IP: string;
  readonly CDN_REMOTE_HOST: string;
  readonly CDN_TUNNEL_KEY: string;
  readonly CDN_LOOP: 'protected' | 'stp' | 'rstp';
}

export const FABRIC_HOST_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVS_BRIDGE', 'CDN_DATAPATH', 'CDN_DOCKER_BRIDGE', 'CDN_LOOP', 'CDN_CONTAINER_MTU',
  'CDN_UNDERLAY_MTU', 'CDN_RAISE_UNDERLAY', 'CDN_UNDERLAY_IF', 'CDN_UNDERLAY_ADDRESS', 'CDN_PHY_BRIDGE', ...HOST_MARK_VARIABLE_NAMES,
] as const satisfies ReadonlyArray<keyof FabricHostVariables>;

export const FABRIC_TUNNEL_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVS_BRIDGE', 'CDN_TUNNEL_PORT', 'CDN_TUNNEL_TYPE', 'CDN_REMOTE_IP', 'CDN_REMOTE_HOST',
  'CDN_TUNNEL_KEY', 'CDN_LOOP', ...HOST_MARK_VARIABLE_NAMES,
] as const satisfies ReadonlyArray<keyof FabricTunnelVariables>;

/**
 * Create (idempotent): underlay MTU, the physical OVS bridge for the netdev
 * datapath (userspace tunnels need the underlay address on an OVS bridge), the
 * fabric bridge with its loop prevention and MTU, joined to the Docker bridge.
 */
export const FABRIC_HOST_CREATE_SCRIPT = SCRIPT_PRELUDE + UNDERLAY_BRIDGE_FUNCTIONS + readScriptFile(new URL('./scripts/fabric-host-create.sh', import.meta.url));

/**
 * Teardown: the fabric bridge (with every tunnel port on it), the physical
 * bridge with the underlay address moved back, the underlay MTU restored.
 * Succeeds when they are already gone.
 */
export const FABRIC_HOST_TEARDOWN_SCRIPT = SCRIPT_PRELUDE + UNDERLAY_BRIDGE_FUNCTIONS + readScriptFile(new URL('./scripts/fabric-host-teardown.sh', import.meta.url));

/** Create (idempotent): one tunnel port towards one remote host, options converged on every run. */
export const FABRIC_TUNNEL_CREATE_SCRIPT = SCRIPT_PRELUDE + readScriptFile(new URL('./scripts/fabric-tunnel-create.sh', import.meta.url));

/** Teardown: removes the tunnel port; succeeds when it (or the bridge) is gone. */
export const FABRIC_TUNNEL_TEARDOWN_SCRIPT = SCRIPT_PRELUDE + readScriptFile(new URL('./scripts/fabric-tunnel-teardown.sh', import.meta.url));
