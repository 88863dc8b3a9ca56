import type { HostObjectKind } from '../model/host-objects.js';
import { FABRIC_HOST_CREATE_SCRIPT, FABRIC_HOST_VARIABLE_NAMES, FABRIC_TUNNEL_CREATE_SCRIPT, FABRIC_TUNNEL_VARIABLE_NAMES } from './fabric-scripts.js';
import { OVN_TOOL_FUNCTIONS } from './ovn-helpers.js';
import {
  OVN_CENTRAL_CREATE_SCRIPT,
  OVN_CENTRAL_VARIABLE_NAMES,
  OVN_CHASSIS_CREATE_SCRIPT,
  OVN_CHASSIS_VARIABLE_NAMES,
} from './ovn-scripts.js';
import { readScriptFile } from './script-file.js';
import { SCRIPT_PRELUDE } from './script-prelude.js';
import { ATTACH_STATIC_ADDRESS_SCRIPT, STATIC_ADDRESS_VARIABLE_NAMES } from './static-address-scripts.js';

/**
 * The read-only checks of `verify`: one fixed script per kind of host object,
 * reading the same `CDN_*` values as the object's create script and comparing
 * what is on the host with them. They change nothing (no `ip link set`, no
 * `ovs-vsctl set/add/del`, no files, no namespace links) and report on standard
 * output, one line per finding (see `parseCheckOutput`).
 */

const CHECK_HELPERS = readScriptFile(new URL('./scripts/check-helpers.sh', import.meta.url));
const CHECK_CONTAINER = readScriptFile(new URL('./scripts/check-container.sh', import.meta.url));
const CHECK_UNDERLAY = readScriptFile(new URL('./scripts/check-underlay.sh', import.meta.url));
/** The prelude, the check helpers, `parts` (shared functions), then the check's own file. */
const check = (file: string, ...parts: string[]) =>
  SCRIPT_PRELUDE + CHECK_HELPERS + parts.join('') + readScriptFile(new URL(`./scripts/${file}`, import.meta.url));

/** Checks a static address: veth ends, bridge membership, MTU, MAC, address and default route in the container. */
export const CHECK_STATIC_ADDRESS_SCRIPT = check('check-static-address.sh', CHECK_CONTAINER);

/** Checks a host's part of a fabric: OVS bridge, datapath, STP/RSTP, mtu_request, Docker bridge membership, underlay. */
export const CHECK_FABRIC_HOST_SCRIPT = check('check-fabric-host.sh', CHECK_UNDERLAY);

/** Checks one tunnel port: present on the fabric bridge, type, remote_ip, key, protected. */
export const CHECK_FABRIC_TUNNEL_SCRIPT = check('check-fabric-tunnel.sh');

/** Pings each planned address in `CDN_TARGETS` from inside the network namespace of `CDN_CONTAINER`. */
export const CHECK_REACHABILITY_SCRIPT = check('check-reachability.sh', CHECK_CONTAINER);

/**
 * Checks a host's part of an OVN control plane: its NB and SB database servers
 * and ovn-northd running by their pid files, cluster membership (clustered), the
 * fabric's logical switch with the stack's mark.
 */
export const CHECK_OVN_CENTRAL_SCRIPT = check('check-ovn-central.sh', OVN_TOOL_FUNCTIONS);

/**
 * Checks a host as an OVN chassis: integration bridge (datapath, fail-mode
 * secure, in-band off, mark), the OVN settings in Open vSwitch, ovn-controller
 * running and connected to the southbound database, the underlay.
 */
export const CHECK_OVN_CHASSIS_SCRIPT = check('check-ovn-chassis.sh', OVN_TOOL_FUNCTIONS, CHECK_UNDERLAY);

/** Variables of {@link CHECK_REACHABILITY_SCRIPT}. */
export interface ReachabilityVariables {
  readonly CDN_SUBJECT: string;
  /** The container the pings start from. */
  readonly CDN_CONTAINER: string;
  /** Space-separated IPv4 addresses to ping, each a planned address from the topology. */
  readonly CDN_TARGETS: string;
}

export const REACHABILITY_VARIABLE_NAMES = ['CDN_SUBJECT', 'CDN_CONTAINER', 'CDN_TARGETS'] as const satisfies ReadonlyArray<keyof ReachabilityVariables>;

/** What verifies and what repairs one kind of host object. */
export interface HostObjectScripts {
  /** The read-only check. */
  readonly check: string;
  /** The idempotent create script Terraform runs; `repair` runs it again. */
  readonly create: string;
  /** The variables both read: exactly the object's recorded `variables`. */
  readonly variableNames: readonly string[];
}

/** The check and the create script of each kind of host object. */
export const HOST_OBJECT_SCRIPTS: Readonly<Record<HostObjectKind, HostObjectScripts>> = {
  'static-attachment': { check: CHECK_STATIC_ADDRESS_SCRIPT, create: ATTACH_STATIC_ADDRESS_SCRIPT, variableNames: STATIC_ADDRESS_VARIABLE_NAMES },
  'fabric-bridge': { check: CHECK_FABRIC_HOST_SCRIPT, create: FABRIC_HOST_CREATE_SCRIPT, variableNames: FABRIC_HOST_VARIABLE_NAMES },
  'fabric-tunnel': { check: CHECK_FABRIC_TUNNEL_SCRIPT, create: FABRIC_TUNNEL_CREATE_SCRIPT, variableNames: FABRIC_TUNNEL_VARIABLE_NAMES },
  'ovn-central': { check: CHECK_OVN_CENTRAL_SCRIPT, create: OVN_CENTRAL_CREATE_SCRIPT, variableNames: OVN_CENTRAL_VARIABLE_NAMES },
  'ovn-chassis': { check: CHECK_OVN_CHASSIS_SCRIPT, create: OVN_CHASSIS_CREATE_SCRIPT, variableNames: OVN_CHASSIS_VARIABLE_NAMES },
};
