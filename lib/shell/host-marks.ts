/**
 * What every host script knows besides its own values: which stack owns what
 * it makes (the ownership mark written onto OVS `external_ids` and veth
 * aliases), and where the host keeps that stack's ledger, locks and watcher.
 */
export interface HostMarkVariables {
  /** The owning stack's mark (see `ownerProblem`). */
  readonly CDN_OWNER: string;
  /** The host's state directory; the stack's files live in `$CDN_STATE_DIR/$CDN_OWNER`. */
  readonly CDN_STATE_DIR: string;
}

export const HOST_MARK_VARIABLE_NAMES = ['CDN_OWNER', 'CDN_STATE_DIR'] as const satisfies ReadonlyArray<keyof HostMarkVariables>;
