import type { DriftedObject, HostVerification, StackVerification } from '../report/drift-report.js';
import { parseCheckOutput } from '../shell/check-output.js';
import { CHECK_REACHABILITY_SCRIPT, HOST_OBJECT_SCRIPTS } from '../shell/check-scripts.js';
import { lastWords, runOnHost, type HostScriptResult } from './host-runner.js';
import type { HostPlan } from './verify-plan.js';

/** How `verify` runs. */
export interface VerifyOptions {
  /** Also ping, from inside each container with a planned address, every other planned address of its networks. */
  readonly reachability: boolean;
  /** The most time one host's checks may take together, in seconds. */
  readonly timeoutSeconds: number;
}

/**
 * Checks every host of a stack, read-only, all hosts at once. A host's checks
 * stop at the first thing that keeps the host from being checked (it cannot be
 * reached, a tool is missing, time is up), which the result says in words.
 */
export async function verifyStack(stack: string, plans: readonly HostPlan[], options: VerifyOptions): Promise<StackVerification> {
  return { stack, hosts: await Promise.all(plans.map((plan) => verifyHost(plan, options))) };
}

async function verifyHost(plan: HostPlan, options: VerifyOptions): Promise<HostVerification> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const objects: DriftedObject[] = [];
  let checkedObjects = 0;
  const result = (extra: Partial<HostVerification>): HostVerification => ({
    host: plan.host,
    checkedObjects,
    objects,
    ...(plan.note ? { note: plan.note } : {}),
    ...extra,
  });
  /** Runs one check; a finding list, or why the host could not be checked. */
  const check = async (what: string, script: string, variables: Readonly<Record<string, string>>): Promise<readonly string[] | { unchecked: string }> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { unchecked: `the checks did not finish within ${options.timeoutSeconds} s (--timeout)` };
    return findings(what, await runOnHost(plan.reach, script, variables, remaining));
  };

  for (const object of plan.objects) {
    const found = await check(object.subject, HOST_OBJECT_SCRIPTS[object.kind].check, object.variables);
    if ('unchecked' in found) return result(found);
    checkedObjects++;
    if (found.length) objects.push({ kind: object.kind, name: object.name, subject: object.subject, declaredBy: object.declaredBy, drift: found });
  }
  if (!options.reachability) return result({});
  const unreached: string[] = [];
  for (const { container, targets } of plan.reachability) {
    const variables = { CDN_SUBJECT: `reachability from ${container}`, CDN_CONTAINER: container, CDN_TARGETS: targets.join(' ') };
    const found = await check(`the reachability from ${container}`, CHECK_REACHABILITY_SCRIPT, variables);
    if ('unchecked' in found) return result({ ...found, reachability: unreached });
    unreached.push(...found);
  }
  return result({ reachability: unreached });
}

/** The findings of one check run, or why it says nothing about the host. */
function findings(what: string, run: HostScriptResult): readonly string[] | { unchecked: string } {
  if (!run.ran) return { unchecked: run.reason };
  const outcome = parseCheckOutput(run.stdout);
  if (outcome.kind === 'cannot-check') return { unchecked: outcome.reason };
  if (outcome.kind === 'incomplete') return { unchecked: `the check of ${what} stopped (exit ${run.exitCode})${lastWords(run.stderr)}` };
  return outcome.drift;
}
