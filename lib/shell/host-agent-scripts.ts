import { declaredNames, type HostObject, type HostObjectKind } from '../model/host-objects.js';
import { FABRIC_HOST_CREATE_SCRIPT } from './fabric-scripts.js';
import { HOST_MARK_VARIABLE_NAMES, type HostMarkVariables } from './host-marks.js';
import { OVN_DAEMON_FUNCTIONS, OVN_TOOL_FUNCTIONS } from './ovn-helpers.js';
import { OVN_CENTRAL_CREATE_SCRIPT, OVN_CHASSIS_CREATE_SCRIPT } from './ovn-scripts.js';
import { readScriptFile } from './script-file.js';
import { SCRIPT_PRELUDE } from './script-prelude.js';
import { assignmentLines } from './shell-quote.js';
import { ATTACH_STATIC_ADDRESS_SCRIPT } from './static-address-scripts.js';

/**
 * The per-host agent of a stack: a ledger of what the code declares on the
 * host, a reconcile step that removes what the stack made there and no longer
 * declares, and a watcher that restores the declared objects after restarts
 * and reboots. Like every other script, fixed text with values in `CDN_*`.
 */

/** Variables of the reconcile and remove scripts. */
export interface HostAgentVariables extends HostMarkVariables {
  readonly CDN_SUBJECT: string;
  /** The agent's Terraform address, for messages that ask to run it again. */
  readonly CDN_AGENT_ADDRESS: string;
  /** One line per object: `<kind> <name> <base64 of its NAME='value' lines>`. */
  readonly CDN_LEDGER: string;
  /** Space-separated names the reconcile step keeps, by where they live. */
  readonly CDN_DECLARED_LINKS: string;
  readonly CDN_DECLARED_PORTS: string;
  readonly CDN_DECLARED_BRIDGES: string;
  /** OVN control planes, by name (directories under `$CDN_STATE_DIR/$CDN_OWNER/ovn-central/`). */
  readonly CDN_DECLARED_CENTRALS: string;
  /** Scripts the watcher runs, written next to the ledger; each empty unless the ledger holds an object it makes. */
  readonly CDN_ATTACH_SCRIPT: string;
  readonly CDN_FABRIC_HOST_SCRIPT: string;
  readonly CDN_OVN_CENTRAL_SCRIPT: string;
  readonly CDN_OVN_CHASSIS_SCRIPT: string;
  readonly CDN_WATCH_SCRIPT: string;
}

export const HOST_AGENT_VARIABLE_NAMES = [
  'CDN_SUBJECT', 'CDN_AGENT_ADDRESS', 'CDN_LEDGER', 'CDN_DECLARED_LINKS', 'CDN_DECLARED_PORTS', 'CDN_DECLARED_BRIDGES',
  'CDN_DECLARED_CENTRALS', 'CDN_ATTACH_SCRIPT', 'CDN_FABRIC_HOST_SCRIPT', 'CDN_OVN_CENTRAL_SCRIPT', 'CDN_OVN_CHASSIS_SCRIPT',
  'CDN_WATCH_SCRIPT', ...HOST_MARK_VARIABLE_NAMES,
] as const satisfies ReadonlyArray<keyof HostAgentVariables>;

/**
 * The watcher, run on the host as `sh <state dir>/<owner>/watch.sh` (by a
 * systemd unit, or as a process where there is no systemd).
 */
export const HOST_WATCH_SCRIPT = readScriptFile(new URL('./scripts/host-watch.sh', import.meta.url));

/** Starting and stopping the watcher, with its systemd unit (`write_unit <file>`): shared by the reconcile and remove scripts. */
export const WATCHER_CONTROL = readScriptFile(new URL('./scripts/host-watcher-control.sh', import.meta.url));

/**
 * Create (idempotent, run on every change of the ledger): ledger, pruning by
 * ownership mark (an OVN port's logical port, an OVN chassis and an OVN control
 * plane included), watcher.
 */
export const HOST_RECONCILE_SCRIPT = SCRIPT_PRELUDE + WATCHER_CONTROL + OVN_TOOL_FUNCTIONS + OVN_DAEMON_FUNCTIONS + readScriptFile(new URL('./scripts/host-reconcile.sh', import.meta.url));

/** Teardown: the watcher and the ledger (the objects go with their own resources). */
export const HOST_AGENT_REMOVE_SCRIPT = SCRIPT_PRELUDE + WATCHER_CONTROL + readScriptFile(new URL('./scripts/host-agent-remove.sh', import.meta.url));

/** One ledger line per object; the record is base64, so the line holds no quote or space of its own. */
export function ledgerLines(objects: readonly HostObject[]): string[] {
  return objects.map((o) => `${o.kind} ${o.name} ${Buffer.from(`${assignmentLines(o.variables).join('\n')}\n`).toString('base64')}`);
}

/** The agent's values for one host of one stack. */
export function hostAgentVariables(
  agent: { readonly subject: string; readonly address: string },
  marks: HostMarkVariables,
  objects: readonly HostObject[],
): HostAgentVariables {
  const names = declaredNames(objects);
  // The watcher's repair scripts, each only where the ledger holds an object it
  // makes: they travel in the agent's Terraform input, and a host without OVN
  // should not carry (and re-plan) the OVN scripts.
  const scriptFor = (kind: HostObjectKind, script: string) => (objects.some((o) => o.kind === kind) ? script : '');
  return {
    CDN_SUBJECT: agent.subject,
    CDN_AGENT_ADDRESS: agent.address,
    ...marks,
    CDN_LEDGER: ledgerLines(objects).join('\n'),
    CDN_DECLARED_LINKS: names.links.join(' '),
    CDN_DECLARED_PORTS: names.ports.join(' '),
    CDN_DECLARED_BRIDGES: names.bridges.join(' '),
    CDN_DECLARED_CENTRALS: names.centrals.join(' '),
    CDN_ATTACH_SCRIPT: scriptFor('static-attachment', ATTACH_STATIC_ADDRESS_SCRIPT),
    CDN_FABRIC_HOST_SCRIPT: scriptFor('fabric-bridge', FABRIC_HOST_CREATE_SCRIPT),
    CDN_OVN_CENTRAL_SCRIPT: scriptFor('ovn-central', OVN_CENTRAL_CREATE_SCRIPT),
    CDN_OVN_CHASSIS_SCRIPT: scriptFor('ovn-chassis', OVN_CHASSIS_CREATE_SCRIPT),
    CDN_WATCH_SCRIPT: HOST_WATCH_SCRIPT,
  };
}
