import { readScriptFile } from './script-file.js';

/**
 * Shell functions the OVN scripts share, joined after the prelude by the
 * scripts that use them.
 */

/**
 * `scripts/ovn-tools.sh`: `nbctl`, `nbctl_any`, `ovn_appctl` and `db_client`
 * with a bounded wait, `ovs_text`, and `daemon_alive` (a daemon found by its own
 * pid file). Reads and asks only, so the read-only checks use it too.
 */
export const OVN_TOOL_FUNCTIONS = readScriptFile(new URL('./scripts/ovn-tools.sh', import.meta.url));

/**
 * `scripts/ovn-daemons.sh` (after {@link OVN_TOOL_FUNCTIONS}): stopping the
 * daemons the library starts through their control sockets, removing an OVN
 * central's directory, and taking an OVN chassis's settings back off Open vSwitch.
 */
export const OVN_DAEMON_FUNCTIONS = readScriptFile(new URL('./scripts/ovn-daemons.sh', import.meta.url));
