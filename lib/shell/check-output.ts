/**
 * What a read-only check script reported, read from its standard output (see
 * `scripts/check-helpers.sh`): `drift<TAB>words` per difference from the plan,
 * `cannot-check<TAB>words` when the host could not be checked, and `checked`
 * as the last line when the check ran to its end.
 */
export type CheckOutcome =
  /** The check ran to its end; `drift` lists the differences (none: it matches). */
  | { readonly kind: 'checked'; readonly drift: readonly string[] }
  /** The check could not run on this host (a missing tool, a daemon that does not answer). */
  | { readonly kind: 'cannot-check'; readonly reason: string }
  /** The output stopped before `checked`: the script failed or was cut short. */
  | { readonly kind: 'incomplete'; readonly drift: readonly string[] };

/** Reads a check script's output. Lines of any other form are ignored. */
export function parseCheckOutput(stdout: string): CheckOutcome {
  const drift: string[] = [];
  let last = '';
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    last = line;
    const tab = line.indexOf('\t');
    const tag = tab < 0 ? line : line.slice(0, tab);
    const words = tab < 0 ? '' : line.slice(tab + 1);
    if (tag === 'cannot-check') return { kind: 'cannot-check', reason: words };
    if (tag === 'drift') drift.push(words);
  }
  return last === 'checked' ? { kind: 'checked', drift } : { kind: 'incomplete', drift };
}
