import { markdownCode } from './markdown-text.js';
import { compare, type TopologyDocument, type TopologyFabric, type TopologyFabricEngine, type TopologyMeshEngine, type TopologyOvnEngine, type TopologyService } from './topology-document.js';
import { visibleText } from './visible-text.js';

/**
 * A topology diff in the words a network reviewer uses: what changed for which
 * service on which host, with the changes that can break traffic flagged.
 */

/** Why a change deserves a second look. */
export const RISKS = [
  'address change of an existing service',
  'port newly published on all interfaces',
  'tunnel removal',
  'MTU change',
  'loop-prevention change',
  // OVN's central databases move, come or go: every chassis reconnects to them.
  'control-plane change',
  // Mesh to OVN or back: every host's fabric objects are re-made.
  'engine change',
] as const;
export type Risk = (typeof RISKS)[number];

export interface TopologyChange {
  readonly stack: string;
  /** What the change is filed under: `host <name>` or `fabric <name>`. */
  readonly scope: string;
  /** `+` added, `-` removed, `~` changed. */
  readonly sign: '+' | '-' | '~';
  readonly text: string;
  readonly risk?: Risk;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);
const portText = (p: { hostIp: string; hostPort: number; containerPort: string }) => `${p.containerPort} on ${p.hostIp}:${p.hostPort}`;
const portKey = (p: { hostIp: string; hostPort: number; containerPort: string }) => `${p.hostIp} ${p.hostPort} ${p.containerPort}`;
const pairKey = (between: readonly [string, string]) => [...between].sort(compare).join(' ↔ ');

/** Every change from `before` to `after` (either may be missing: a stack added or removed). */
export function diffTopologies(before: TopologyDocument | undefined, after: TopologyDocument | undefined): TopologyChange[] {
  const stack = after?.stack ?? before?.stack ?? '';
  const changes: TopologyChange[] = [];
  const push = (scope: string, sign: TopologyChange['sign'], text: string, risk?: Risk) =>
    changes.push({ stack, scope, sign, text, ...(risk ? { risk } : {}) });
  const old = before ?? { hosts: [], services: [], networks: [], fabrics: [] };
  const now = after ?? { hosts: [], services: [], networks: [], fabrics: [] };

  for (const host of now.hosts) {
    const was = old.hosts.find((h) => h.name === host.name);
    if (!was) push(`host ${host.name}`, '+', `host ${host.name} (${host.endpoint})`);
    else if (was.endpoint !== host.endpoint) push(`host ${host.name}`, '~', `host ${host.name}: endpoint ${was.endpoint} → ${host.endpoint}`);
  }
  for (const host of old.hosts) if (!now.hosts.some((h) => h.name === host.name)) push(`host ${host.name}`, '-', `host ${host.name} (${host.endpoint})`);

  for (const network of now.networks) {
    const was = old.networks.find((n) => n.name === network.name && n.host === network.host);
    const scope = `host ${network.host}`;
    if (!was) push(scope, '+', `network ${network.name} (${network.kind}${network.subnet ? `, ${network.subnet}` : ''})`);
    else if (was.subnet !== network.subnet) push(scope, '~', `network ${network.name}: subnet ${was.subnet ?? 'none'} → ${network.subnet ?? 'none'}`);
  }
  for (const network of old.networks) {
    if (!now.networks.some((n) => n.name === network.name && n.host === network.host)) push(`host ${network.host}`, '-', `network ${network.name} (${network.kind})`);
  }

  // A service is the same service when its name and host match, or — moved — when its name
  // matches an old service whose host no longer has one of that name.
  const matched = new Set<TopologyService>();
  const stays = (s: TopologyService) => now.services.some((n) => n.name === s.name && n.host === s.host);
  for (const service of now.services) {
    const was =
      old.services.find((s) => s.name === service.name && s.host === service.host) ??
      old.services.find((s) => s.name === service.name && !stays(s) && !matched.has(s));
    if (!was) {
      push(`host ${service.host}`, '+', `service ${service.name} (${service.image})${addressSuffix(service)}`);
      continue;
    }
    matched.add(was);
    diffService(was, service, push);
  }
  for (const service of old.services) {
    if (!matched.has(service)) push(`host ${service.host}`, '-', `service ${service.name} (${service.image})${addressSuffix(service)}`);
  }

  for (const fabric of now.fabrics) diffFabric(old.fabrics.find((f) => f.name === fabric.name), fabric, push);
  for (const fabric of old.fabrics) if (!now.fabrics.some((f) => f.name === fabric.name)) diffFabric(fabric, undefined, push);
  return changes;
}

function addressSuffix(service: TopologyService): string {
  const fixed = service.addresses.filter((a) => a.address !== 'dynamic').map((a) => a.address);
  return fixed.length ? ` at ${fixed.join(', ')}` : '';
}

type Push = (scope: string, sign: TopologyChange['sign'], text: string, risk?: Risk) => void;

function diffService(was: TopologyService, now: TopologyService, push: Push): void {
  const scope = `host ${now.host}`;
  const oldFixed = was.addresses.filter((a) => a.address !== 'dynamic');
  const newFixed = now.addresses.filter((a) => a.address !== 'dynamic');
  const moved = was.host !== now.host ? ` (moved from ${was.host} to ${now.host})` : '';
  const oldText = oldFixed.map((a) => a.address).join(', ') || 'dynamic';
  const newText = newFixed.map((a) => a.address).join(', ') || 'dynamic';
  if (oldText !== newText) push(scope, '~', `${now.name}: ${oldText} → ${newText}${moved}`, 'address change of an existing service');
  else if (moved) push(scope, '~', `${now.name}: moved from ${was.host} to ${now.host}`);
  if (was.image !== now.image) push(scope, '~', `${now.name}: image ${was.image} → ${now.image}`);

  for (const port of now.publishedPorts) {
    if (was.publishedPorts.some((p) => portKey(p) === portKey(port))) continue;
    const everywhere = WILDCARDS.has(port.hostIp);
    const number = port.containerPort.replace(/\/tcp$/, '');
    push(scope, '+', everywhere ? `${now.name}: port ${number} now published on ${port.hostIp}:${port.hostPort}` : `${now.name}: port ${portText(port)}`, everywhere ? 'port newly published on all interfaces' : undefined);
  }
  for (const port of was.publishedPorts) {
    if (!now.publishedPorts.some((p) => portKey(p) === portKey(port))) push(scope, '-', `${now.name}: port ${portText(port)} no longer published`);
  }
  for (const link of now.links) {
    if (!was.links.some((l) => l.alias === link.alias && l.target === link.target)) push(scope, '+', `link ${now.name} → ${link.target} as ${link.alias}`);
  }
  for (const link of was.links) {
    if (!now.links.some((l) => l.alias === link.alias && l.target === link.target)) push(scope, '-', `link ${now.name} → ${link.target} as ${link.alias}`);
  }
}

function diffFabric(was: TopologyFabric | undefined, now: TopologyFabric | undefined, push: Push): void {
  const fabric = (now ?? was)!;
  const scope = `fabric ${fabric.name}`;
  const at = (sign: TopologyChange['sign'], text: string, risk?: Risk) => push(scope, sign, text, risk);
  if (!was) at('+', `fabric ${fabric.name} (${fabric.subnet}, ${engineSummary(fabric.engine)})`);
  if (!now) at('-', `fabric ${fabric.name} (${fabric.subnet}, ${engineSummary(fabric.engine)})`);
  if (was && now) {
    if (was.subnet !== now.subnet) at('~', `subnet ${was.subnet} → ${now.subnet}`, 'address change of an existing service');
    if (was.mtu.container !== now.mtu.container || was.mtu.underlay !== now.mtu.underlay) {
      at('~', `MTU ${was.mtu.container} → ${now.mtu.container} in containers, ${was.mtu.underlay} → ${now.mtu.underlay} on the underlay`, 'MTU change');
    }
    if (was.engine.type !== now.engine.type) {
      at('~', `engine ${was.engine.type} → ${now.engine.type}: every host's fabric objects are re-made`, 'engine change');
    }
  }
  // The engine's own settings, compared when both sides have that engine (a new engine's parts show as added below).
  const [oldMesh, newMesh, oldOvn, newOvn] = [meshOf(was), meshOf(now), ovnOf(was), ovnOf(now)];
  if (oldMesh && newMesh) diffMeshSettings(oldMesh, newMesh, at);
  if (oldOvn && newOvn) diffOvnSettings(oldOvn, newOvn, at);
  // A host joining or leaving a fabric that stays: its block, and the underlay MTU the fabric sets there.
  if (was && now) {
    const underlayMtu = now.mtu.underlay !== 1500 ? `, underlay MTU ${now.mtu.underlay}` : '';
    for (const host of now.hosts) {
      if (!was.hosts.some((h) => h.name === host.name)) at('+', `${host.name} joins: block ${host.block}, underlay ${host.underlayAddress}${underlayMtu}`);
    }
    for (const host of was.hosts) {
      if (!now.hosts.some((h) => h.name === host.name)) at('-', `${host.name} leaves: block ${host.block}, underlay ${host.underlayAddress}`);
    }
  }
  for (const host of now?.hosts ?? []) {
    const previous = was?.hosts.find((h) => h.name === host.name);
    if (!previous) continue;
    if (previous.underlayAddress !== host.underlayAddress) {
      at('~', `${host.name}: underlay ${previous.underlayAddress} → ${host.underlayAddress} (its tunnels are re-made)`);
    }
    if (previous.block !== host.block) at('~', `${host.name}: block ${previous.block} → ${host.block}`, 'address change of an existing service');
  }
  // What each engine makes per host or pair of hosts: with a new engine, all of the old one's goes and all of the new one's comes.
  diffMeshTunnels(oldMesh, newMesh, at);
  diffOvnMembers(oldOvn, newOvn, at);
}

const meshOf = (fabric: TopologyFabric | undefined) => (fabric?.engine.type === 'mesh' ? fabric.engine : undefined);
const ovnOf = (fabric: TopologyFabric | undefined) => (fabric?.engine.type === 'ovn' ? fabric.engine : undefined);

type At = (sign: TopologyChange['sign'], text: string, risk?: Risk) => void;

/** `gre`; `ovn geneve`: what a fabric's first line says about its engine. */
function engineSummary(engine: TopologyFabricEngine): string {
  return engine.type === 'mesh' ? engine.tunnel : `ovn ${engine.encapsulation}`;
}

function diffMeshSettings(was: TopologyMeshEngine, now: TopologyMeshEngine, at: At): void {
  if (was.loopPrevention !== now.loopPrevention) at('~', `loop prevention ${was.loopPrevention} → ${now.loopPrevention}`, 'loop-prevention change');
  if (was.tunnel !== now.tunnel || was.key !== now.key) at('~', `tunnels ${was.tunnel} key ${was.key} → ${now.tunnel} key ${now.key}`);
}

function diffMeshTunnels(was: TopologyMeshEngine | undefined, now: TopologyMeshEngine | undefined, at: At): void {
  const oldTunnels = new Map((was?.tunnels ?? []).map((t) => [pairKey(t.between), t]));
  const newTunnels = new Map((now?.tunnels ?? []).map((t) => [pairKey(t.between), t]));
  for (const [pair, tunnel] of newTunnels) if (!oldTunnels.has(pair)) at('+', `tunnel ${pair} (${tunnel.type})`);
  for (const [pair, tunnel] of oldTunnels) if (!newTunnels.has(pair)) at('-', `tunnel ${pair} (${tunnel.type})`, 'tunnel removal');
}

/** `host-a at 192.0.2.11`; `host-a, host-b, host-c at …, clustered`; `external at 198.51.100.7`. */
function centralText(central: TopologyOvnEngine['central']): string {
  const where = central.hosts.length > 0 ? central.hosts.join(', ') : 'external';
  return `${where} at ${central.addresses.join(', ')}${central.clustered ? ', clustered' : ''}`;
}
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function diffOvnSettings(was: TopologyOvnEngine, now: TopologyOvnEngine, at: At): void {
  if (was.encapsulation !== now.encapsulation) at('~', `encapsulation ${was.encapsulation} → ${now.encapsulation} (every chassis's tunnels are re-made)`);
  if (was.logicalSwitch !== now.logicalSwitch) at('~', `logical switch ${was.logicalSwitch} → ${now.logicalSwitch} (every container's logical port is re-made)`);
  const { central: a } = was;
  const { central: b } = now;
  if (!sameList(a.hosts, b.hosts) || !sameList(a.addresses, b.addresses) || a.clustered !== b.clustered) {
    at('~', `OVN central ${centralText(a)} → ${centralText(b)}`, 'control-plane change');
  }
}

/** The central databases and the chassis, as parts an OVN engine adds or removes. */
function diffOvnMembers(was: TopologyOvnEngine | undefined, now: TopologyOvnEngine | undefined, at: At): void {
  if (now && !was) at('+', `OVN central ${centralText(now.central)}`);
  if (was && !now) at('-', `OVN central ${centralText(was.central)}`, 'control-plane change');
  const chassisText = (engine: TopologyOvnEngine, c: TopologyOvnEngine['chassis'][number]) => `chassis ${c.host} (${engine.encapsulation} ${c.encapIp})`;
  for (const chassis of now?.chassis ?? []) {
    const previous = was?.chassis.find((c) => c.host === chassis.host);
    if (!previous) {
      at('+', chassisText(now!, chassis));
      continue;
    }
    if (previous.encapIp !== chassis.encapIp) at('~', `chassis ${chassis.host}: encap IP ${previous.encapIp} → ${chassis.encapIp} (its tunnels are re-made)`);
    if (previous.systemId !== chassis.systemId) at('~', `chassis ${chassis.host}: system-id ${previous.systemId} → ${chassis.systemId} (it registers again)`);
  }
  for (const chassis of was?.chassis ?? []) {
    if (!now?.chassis.some((c) => c.host === chassis.host)) at('-', chassisText(was!, chassis), 'tunnel removal');
  }
}

/**
 * Plain text, grouped by stack and scope, risky changes marked. Names are
 * printed with their invisible characters escaped (visibleText): a name cannot
 * break a line of the report or send control sequences to a terminal.
 */
export function formatChangesText(changes: readonly TopologyChange[]): string {
  if (changes.length === 0) return 'no network changes\n';
  const out: string[] = [];
  for (const [stack, scopes] of group(changes)) {
    out.push(`stack ${visibleText(stack)}`);
    for (const [scope, items] of scopes) {
      out.push(`  ${visibleText(scope)}`);
      for (const c of items) out.push(`    ${visibleText(c.sign)} ${visibleText(c.text)}${c.risk ? `   [risk: ${visibleText(c.risk)}]` : ''}`);
    }
  }
  const risky = changes.filter((c) => c.risk).length;
  out.push('', `${changes.length} change${changes.length === 1 ? '' : 's'}, ${risky} risky`);
  return `${out.join('\n')}\n`;
}

/**
 * Markdown for a pull-request comment, safe whatever the names hold: every text
 * that comes from a topology (stack, scope name, change) is a code span built by
 * markdownCode (see there for why code spans); only this function's own words
 * (headings, signs, the known risks) are Markdown.
 */
export function formatChangesMarkdown(changes: readonly TopologyChange[]): string {
  if (changes.length === 0) return '### Network changes\n\nNo network changes.\n';
  const risky = changes.filter((c) => c.risk);
  const out = ['### Network changes', ''];
  if (risky.length) {
    const risks = [...new Set(risky.map((c) => c.risk!))].map((risk) => markdownRisk(risk, ''));
    out.push(`> ⚠️ ${risky.length} risky change${risky.length === 1 ? '' : 's'}: ${risks.join(', ')}.`, '');
  }
  for (const [stack, scopes] of group(changes)) {
    out.push(`#### Stack ${markdownCode(stack)}`, '');
    for (const [scope, items] of scopes) {
      out.push(markdownScope(scope), '');
      for (const c of items) out.push(`- ${markdownCode(c.sign)} ${markdownCode(c.text)}${c.risk ? ` ⚠️ ${markdownRisk(c.risk)}` : ''}`);
      out.push('');
    }
  }
  return `${out.join('\n')}`;
}

/** A scope as its kind in bold (our word) and its name (from the topology) as code. */
function markdownScope(scope: string): string {
  const [, kind, name] = /^(host|fabric) (.+)$/s.exec(scope) ?? [];
  return kind && name ? `**${kind}** ${markdownCode(name)}` : `**${markdownCode(scope)}**`;
}

/** A known risk as it is (in `emphasis`); anything else (changes can come from JSON) as code. */
function markdownRisk(risk: string, emphasis = '*'): string {
  return (RISKS as readonly string[]).includes(risk) ? `${emphasis}${risk}${emphasis}` : markdownCode(risk);
}

/** JSON: the changes as data. */
export function formatChangesJson(changes: readonly TopologyChange[]): string {
  return `${JSON.stringify({ changes, risky: changes.filter((c) => c.risk).length }, null, 2)}\n`;
}

function group(changes: readonly TopologyChange[]): Map<string, Map<string, TopologyChange[]>> {
  const stacks = new Map<string, Map<string, TopologyChange[]>>();
  for (const change of changes) {
    const scopes = stacks.get(change.stack) ?? new Map<string, TopologyChange[]>();
    stacks.set(change.stack, scopes);
    scopes.set(change.scope, [...(scopes.get(change.scope) ?? []), change]);
  }
  return stacks;
}
