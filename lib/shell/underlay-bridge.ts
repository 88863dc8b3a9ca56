import { readScriptFile } from './script-file.js';

/**
 * Shell functions for a host's underlay (`scripts/underlay-bridge.sh`), shared by
 * the mesh's fabric bridge and an OVN chassis: the raised underlay MTU (with the
 * original kept in a bridge's `external_ids` for teardown) and, with the netdev
 * datapath, the physical OVS bridge that takes the underlay address. Joined
 * after the prelude by the scripts that use it.
 */
export const UNDERLAY_BRIDGE_FUNCTIONS = readScriptFile(new URL('./scripts/underlay-bridge.sh', import.meta.url));
