import { attachmentNames } from '../model/linux-interface-names.js';
import type { StaticAttachmentSpec } from '../model/static-attachment.js';
import { HOST_MARK_VARIABLE_NAMES, type HostMarkVariables } from './host-marks.js';
import { OVN_TOOL_FUNCTIONS } from './ovn-helpers.js';
import { readScriptFile } from './script-file.js';
import { SCRIPT_PRELUDE } from './script-prelude.js';

/**
 * The article's veth/netns commands as two fixed scripts, create and teardown.
 * They never contain a value: everything enters through the `CDN_*` variables
 * of {@link staticAddressVariables} and is used as `"$VAR"`. The text lives in
 * `scripts/*.sh` and holds no `${` or `%{`, so Terraform passes it through
 * without interpolating.
 */

/** The names of the variables both scripts read. */
export const STATIC_ADDRESS_VARIABLE_NAMES = [
  'CDN_SUBJECT',
  'CDN_CONTAINER',
  'CDN_IFNAME',
  'CDN_BRIDGE',
  'CDN_BRIDGE_KIND',
  'CDN_HOST_IF',
  'CDN_PEER_IF',
  'CDN_NETNS',
  'CDN_ADDRESS',
  'CDN_GATEWAY',
  'CDN_MTU',
  'CDN_MAC',
  'CDN_OVN_NB',
  'CDN_OVN_SWITCH',
  'CDN_OVN_PORT',
  ...HOST_MARK_VARIABLE_NAMES,
] as const;

/** The values both scripts read, from an attachment that passed validation. */
export function staticAddressVariables(spec: StaticAttachmentSpec, marks: HostMarkVariables): Record<(typeof STATIC_ADDRESS_VARIABLE_NAMES)[number], string> {
  const names = attachmentNames(spec);
  return {
    CDN_SUBJECT: `${spec.container} ${spec.interfaceName}`,
    CDN_CONTAINER: spec.container,
    CDN_IFNAME: spec.interfaceName,
    CDN_BRIDGE: spec.bridge.name,
    CDN_BRIDGE_KIND: spec.bridge.kind,
    CDN_HOST_IF: names.hostInterface,
    CDN_PEER_IF: names.peerInterface,
    CDN_NETNS: names.namespace,
    CDN_ADDRESS: `${spec.address}/${spec.prefixLength}`,
    CDN_GATEWAY: spec.gateway ?? '',
    CDN_MTU: spec.mtu === undefined ? '' : String(spec.mtu),
    CDN_MAC: spec.mac ?? '',
    // Empty for an attachment that is not an OVN port: the scripts then do exactly what they do on a plain bridge.
    CDN_OVN_NB: spec.ovn?.northbound ?? '',
    CDN_OVN_SWITCH: spec.ovn?.logicalSwitch ?? '',
    CDN_OVN_PORT: spec.ovn?.port ?? '',
    ...marks,
  };
}

/**
 * Create (idempotent): find the running container, expose its namespace, make
 * the veth pair unless it is already in place, join the bridge, then converge
 * name, MAC, MTU, address, route and link state, and announce the address.
 * For an OVN port (`CDN_OVN_NB` set) also the logical switch port with the
 * planned MAC and IP, the interface's `iface-id`, and a bounded wait until
 * `ovn-controller` has bound it (`external_ids:ovn-installed`).
 */
export const ATTACH_STATIC_ADDRESS_SCRIPT = SCRIPT_PRELUDE + OVN_TOOL_FUNCTIONS + readScriptFile(new URL('./scripts/attach-static-address.sh', import.meta.url));

/**
 * Teardown: remove the host end (its peer in the container goes with it), any
 * Open vSwitch port tagged for this container and interface, and the namespace
 * link; for an OVN port first its logical switch port, with a warning only when
 * the northbound database does not answer (the central may be gone already).
 * Succeeds when everything is already gone, e.g. after the container was
 * removed or restarted.
 */
export const DETACH_STATIC_ADDRESS_SCRIPT = SCRIPT_PRELUDE + OVN_TOOL_FUNCTIONS + readScriptFile(new URL('./scripts/detach-static-address.sh', import.meta.url));
