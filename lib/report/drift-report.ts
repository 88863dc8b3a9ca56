import { markdownCode } from './markdown-text.js';
import { visibleText } from './visible-text.js';

/**
 * What `verify` found on a stack's hosts, as data, and the same in plain
 * text, Markdown and JSON. Every text in it comes from `topology.json` or from
 * a host, so the formats show it escaped (visibleText, markdownCode).
 */

/** One host object whose state differs from the plan. */
export interface DriftedObject {
  /** `static-attachment`, `fabric-bridge` or `fabric-tunnel`. */
  readonly kind: string;
  /** Its name on the host (veth host end, OVS bridge, tunnel port). */
  readonly name: string;
  /** What it is, in words: `static address 10.42.1.128/24 of web eth1`. */
  readonly subject: string;
  /** Construct path of the code that declares it. */
  readonly declaredBy: string;
  /** Each difference, in plain words. */
  readonly drift: readonly string[];
}

/** What one host's check found. */
export interface HostVerification {
  readonly host: string;
  /** How many of the host's objects were checked to the end. */
  readonly checkedObjects: number;
  /** The objects that drifted (found before the check stopped, if it stopped). */
  readonly objects: readonly DriftedObject[];
  /** Why the host could not be checked (completely); absent when it was. */
  readonly unchecked?: string;
  /** Containers that do not reach a planned address; absent unless reachability was checked. */
  readonly reachability?: readonly string[];
  /** Something the reader should know, e.g. that nothing was recorded to check. */
  readonly note?: string;
}

/** What `verify` found on every host of one stack. */
export interface StackVerification {
  readonly stack: string;
  readonly hosts: readonly HostVerification[];
}

/** `matches` (exit 0), `drift` (exit 1), or `unchecked` (exit 2: a host could not be checked). */
export type VerificationStatus = 'matches' | 'drift' | 'unchecked';

/** Whether one host drifted. */
export function hostHasDrift(host: HostVerification): boolean {
  return host.objects.length > 0 || (host.reachability?.length ?? 0) > 0;
}

/** The stack's status: a host that could not be checked outweighs drift, which outweighs a match. */
export function verificationStatus(verification: StackVerification): VerificationStatus {
  if (verification.hosts.some((h) => h.unchecked !== undefined)) return 'unchecked';
  return verification.hosts.some(hostHasDrift) ? 'drift' : 'matches';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

/** One line that sums the stack up. */
export function verificationSummary(verification: StackVerification): string {
  const hosts = verification.hosts;
  const drifted = hosts.filter(hostHasDrift);
  const objects = hosts.reduce((n, h) => n + h.objects.length, 0);
  const unreached = hosts.reduce((n, h) => n + (h.reachability?.length ?? 0), 0);
  const unchecked = hosts.filter((h) => h.unchecked !== undefined).length;
  const checked = hosts.reduce((n, h) => n + h.checkedObjects, 0);
  const reachability = hosts.some((h) => h.reachability !== undefined);
  const parts: string[] = [];
  if (drifted.length === 0) {
    parts.push(`no drift: ${plural(checked, 'object')} on ${plural(hosts.length - unchecked, 'host')} as planned`);
    if (reachability && unchecked === 0) parts.push('every container reaches every planned address of its networks');
  } else {
    const what = [...(objects ? [`${plural(objects, 'drifted object')}`] : []), ...(unreached ? [`${plural(unreached, 'unreachable address')}`] : [])];
    parts.push(`${what.join(' and ')} on ${plural(drifted.length, 'host')}`);
  }
  if (unchecked) parts.push(`${plural(unchecked, 'host')} could not be checked`);
  return parts.join('; ');
}

/** Plain text grouped by host, like `diff`: each drifted object, then what differs. */
export function formatVerificationText(verification: StackVerification): string {
  const out = [`stack ${visibleText(verification.stack)}`];
  for (const host of verification.hosts) {
    const name = visibleText(host.host);
    if (!hostHasDrift(host) && host.unchecked === undefined) {
      out.push(`  host ${name}: ${host.note ? visibleText(host.note) : `${plural(host.checkedObjects, 'object')} as planned`}`);
      continue;
    }
    out.push(`  host ${name}`);
    for (const object of host.objects) {
      out.push(`    ${visibleText(object.subject)}`);
      for (const drift of object.drift) out.push(`      ! ${visibleText(drift)}`);
    }
    if (host.reachability?.length) {
      out.push('    reachability');
      for (const drift of host.reachability) out.push(`      ! ${visibleText(drift)}`);
    }
    if (host.unchecked !== undefined) out.push(`    could not check: ${visibleText(host.unchecked)}`);
  }
  out.push('', verificationSummary(verification));
  return `${out.join('\n')}\n`;
}

/** Markdown for a pull-request comment or a ticket: every text from the topology or a host is a code span. */
export function formatVerificationMarkdown(verification: StackVerification): string {
  const out = ['### Network drift', '', `#### Stack ${markdownCode(verification.stack)}`, ''];
  for (const host of verification.hosts) {
    if (!hostHasDrift(host) && host.unchecked === undefined) {
      out.push(`**host** ${markdownCode(host.host)}: ${host.note ? markdownCode(host.note) : `${plural(host.checkedObjects, 'object')} as planned`}`, '');
      continue;
    }
    out.push(`**host** ${markdownCode(host.host)}`, '');
    for (const object of host.objects) {
      out.push(`- ${markdownCode(object.subject)}`);
      for (const drift of object.drift) out.push(`  - ${markdownCode(drift)}`);
    }
    if (host.reachability?.length) {
      out.push('- reachability');
      for (const drift of host.reachability) out.push(`  - ${markdownCode(drift)}`);
    }
    if (host.unchecked !== undefined) out.push(`- ⚠️ could not check: ${markdownCode(host.unchecked)}`);
    out.push('');
  }
  out.push(`${verificationStatus(verification) === 'matches' ? '✅' : '⚠️'} ${verificationSummary(verification)}.`, '');
  return out.join('\n');
}

/** JSON: the verification as data, with its status. */
export function formatVerificationJson(verification: StackVerification): string {
  return `${JSON.stringify({ status: verificationStatus(verification), ...verification }, null, 2)}\n`;
}
