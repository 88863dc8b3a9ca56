import type { HostObjectKind } from '../model/host-objects.js';
import type { RepairAction, StackRepair } from '../report/repair-report.js';
import { HOST_OBJECT_SCRIPTS } from '../shell/check-scripts.js';
import { lastWords, runOnHost } from './host-runner.js';
import type { HostPlan } from './verify-plan.js';
import { verifyStack, type VerifyOptions } from './verify-stack.js';

/** Bridges before the tunnels on them; static addresses last. */
const ORDER: readonly HostObjectKind[] = ['fabric-bridge', 'fabric-tunnel', 'static-attachment'];

/**
 * Verifies the stack, runs the idempotent create script of exactly each
 * drifted object again (with the values recorded for it, through the same way
 * in as the checks), then verifies again. Hosts that could not be checked are
 * left alone. Each create script may take `timeoutSeconds`.
 */
export async function repairStack(stack: string, plans: readonly HostPlan[], options: VerifyOptions): Promise<StackRepair> {
  const before = await verifyStack(stack, plans, options);
  const work = before.hosts
    .filter((host) => host.unchecked === undefined && host.objects.length > 0)
    .map((host) => ({ plan: plans.find((p) => p.host === host.host)!, drifted: host.objects }));
  if (work.length === 0) return { stack, before, actions: [] };

  const perHost = await Promise.all(
    work.map(async ({ plan, drifted }) => {
      const objects = plan.objects
        .filter((o) => drifted.some((d) => d.kind === o.kind && d.name === o.name))
        .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
      const actions: RepairAction[] = [];
      for (const object of objects) {
        const result = await runOnHost(plan.reach, HOST_OBJECT_SCRIPTS[object.kind].create, object.variables, options.timeoutSeconds * 1000);
        const base = { host: plan.host, kind: object.kind, name: object.name, subject: object.subject };
        if (result.ran && result.exitCode === 0) actions.push({ ...base, outcome: 'repaired' });
        else {
          const message = result.ran ? `the create script failed (exit ${result.exitCode})${lastWords(result.stderr)}` : result.reason;
          actions.push({ ...base, outcome: 'failed', message });
        }
      }
      return actions;
    }),
  );
  const after = await verifyStack(stack, plans, options);
  return { stack, before, actions: perHost.flat(), after };
}
