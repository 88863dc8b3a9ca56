import { formatVerificationMarkdown, formatVerificationText, verificationStatus, type StackVerification } from './drift-report.js';
import { markdownCode } from './markdown-text.js';
import { visibleText } from './visible-text.js';

/**
 * What `repair` did: the verification before, the create script it ran for
 * each drifted object and how that went, and the verification after.
 */

/** One create script run again for one drifted object. */
export interface RepairAction {
  readonly host: string;
  readonly kind: string;
  readonly name: string;
  /** What the object is, in words (as in the verification). */
  readonly subject: string;
  /** `repaired`: the create script succeeded; `failed`: it did not (see `message`). */
  readonly outcome: 'repaired' | 'failed';
  /** Why it failed, in the script's words. */
  readonly message?: string;
}

/** A stack's repair. */
export interface StackRepair {
  readonly stack: string;
  readonly before: StackVerification;
  readonly actions: readonly RepairAction[];
  /** The verification after the repair; absent when nothing had drifted. */
  readonly after?: StackVerification;
}

/** What the repair leaves: the status of the verification after it (or before, when nothing was run). */
export function repairStatus(repair: StackRepair): ReturnType<typeof verificationStatus> {
  return verificationStatus(repair.after ?? repair.before);
}

function byHost(actions: readonly RepairAction[]): Map<string, RepairAction[]> {
  const hosts = new Map<string, RepairAction[]>();
  for (const action of actions) hosts.set(action.host, [...(hosts.get(action.host) ?? []), action]);
  return hosts;
}

/** Plain text: what was run per host, then the verification after. */
export function formatRepairText(repair: StackRepair): string {
  if (!repair.after) return `nothing to repair\n${formatVerificationText(repair.before)}`;
  const out = [`repair of stack ${visibleText(repair.stack)}`];
  for (const [host, actions] of byHost(repair.actions)) {
    out.push(`  host ${visibleText(host)}`);
    for (const action of actions) {
      out.push(
        action.outcome === 'repaired'
          ? `    repaired ${visibleText(action.subject)}`
          : `    could not repair ${visibleText(action.subject)}: ${visibleText(action.message ?? 'the create script failed')}`,
      );
    }
  }
  if (repair.actions.length === 0) out.push('  nothing could be run: no host with drift could be reached');
  out.push('', 'verify after the repair:', formatVerificationText(repair.after).trimEnd());
  return `${out.join('\n')}\n`;
}

/** Markdown: the repairs as a list per host, then the verification after. */
export function formatRepairMarkdown(repair: StackRepair): string {
  if (!repair.after) return `### Network repair\n\nNothing to repair.\n\n${formatVerificationMarkdown(repair.before)}`;
  const out = ['### Network repair', '', `#### Stack ${markdownCode(repair.stack)}`, ''];
  for (const [host, actions] of byHost(repair.actions)) {
    out.push(`**host** ${markdownCode(host)}`, '');
    for (const action of actions) {
      out.push(
        action.outcome === 'repaired'
          ? `- ✅ repaired ${markdownCode(action.subject)}`
          : `- ❌ could not repair ${markdownCode(action.subject)}: ${markdownCode(action.message ?? 'the create script failed')}`,
      );
    }
    out.push('');
  }
  out.push(formatVerificationMarkdown(repair.after).replace('### Network drift', '### Network drift after the repair'));
  return out.join('\n');
}

/** JSON: the repair as data, with the status it leaves. */
export function formatRepairJson(repair: StackRepair): string {
  return `${JSON.stringify({ status: repairStatus(repair), ...repair }, null, 2)}\n`;
}
