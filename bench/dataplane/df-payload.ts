/**
 * The largest ICMP echo payload that crosses the fabric with don't-fragment set
 * (iputils ping in the sender's namespace): checked first at the planned size
 * and one byte more, then found by bisection when the plan is not what the
 * path carries (the uncorrected 1500-everywhere setup).
 */
import { dontFragmentPing, type LabEndpoint } from '../../lab/connectivity.js';

/** The largest payload in [lowest, highest] that crosses, or null when even `lowest` does not. */
export async function largestDfPayload(from: LabEndpoint, to: LabEndpoint, expected: number, lowest = 500, highest = 9000): Promise<number | null> {
  const crosses = (payload: number) => dontFragmentPing(from, to, payload, 2);
  if ((await crosses(expected)) && !(await crosses(expected + 1))) return expected;
  if (!(await crosses(lowest))) return null;
  let good = lowest;
  let bad = highest + 1;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (await crosses(middle)) good = middle;
    else bad = middle;
  }
  return good;
}
