import { Address4 } from 'ip-address';
import { isValidSshHost, isValidSshUser } from '../model/docker-endpoint.js';
import type { HostObjectKind } from '../model/host-objects.js';
import type { TopologyDocument, TopologyHostObject, TopologyHostReach } from '../report/topology-document.js';
import { HOST_OBJECT_SCRIPTS } from '../shell/check-scripts.js';
import { CliError } from './cli-error.js';
import { SYNTH_COMMAND } from './synth-command.js';

/**
 * What `verify` checks on each host of a stack, read from its `topology.json`
 * and checked like any input from a file: the way in (`reach`), each recorded
 * host object with exactly the values its scripts read, and, for reachability,
 * which container pings which planned addresses.
 */

/** One host object to check (and, if it drifted, to repair). */
export interface PlannedObject {
  readonly kind: HostObjectKind;
  readonly name: string;
  /** What it is, in words. */
  readonly subject: string;
  readonly declaredBy: string;
  /** The `CDN_*` values its check and create scripts read, and no others. */
  readonly variables: Readonly<Record<string, string>>;
}

/** Pings from one container to the planned addresses of the others on its networks. */
export interface PlannedReachability {
  readonly container: string;
  readonly targets: readonly string[];
}

/** Everything to check on one host. */
export interface HostPlan {
  readonly host: string;
  readonly reach: TopologyHostReach;
  readonly objects: readonly PlannedObject[];
  readonly reachability: readonly PlannedReachability[];
  /** Set when nothing was recorded to check on the host. */
  readonly note?: string;
}

const SYNTHESIZE_AGAIN = `Run ${SYNTH_COMMAND} again with this version and verify the new output`;
/** As in HostAccess: a lab's environment may only say where the host's daemons are. */
const LAB_ENVIRONMENT_NAME = /^(DOCKER|OVS)_[A-Z0-9_]+$/;
const NAMESPACE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** What no value of a host object may look like (see plannedObject). */
const UNSAFE_VALUE = /^-|[\u0000-\u001f\u007f]/;
/** Container names as Docker accepts them. */
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The plan of every host of `document` (read from `file`), or a CliError that says what to do. */
export function verifyPlanOf(document: TopologyDocument, file: string): HostPlan[] {
  const bad = (where: string, what: string, fix = SYNTHESIZE_AGAIN) => new CliError(`${file}: ${where} ${what}. ${fix}`);
  return document.hosts.map((host, h) => {
    const where = `hosts[${h}] (host ${JSON.stringify(host.name)})`;
    if (!host.reach) {
      throw bad(where, 'says nothing about how to reach the host ("reach"): the file was written by a cdktf-docker-network older than verify and repair');
    }
    checkReach(host.reach, (what) => bad(`${where}.reach`, what, `topology.json is written by ${SYNTH_COMMAND}: synthesize again rather than editing it by hand`));
    const objects = (host.objects ?? []).map((object, o) => plannedObject(object, (what) => bad(`${where}.objects[${o}]`, what)));
    return {
      host: host.name,
      reach: host.reach,
      objects,
      reachability: reachabilityOf(document, host.name),
      ...(host.objects === undefined
        ? { note: 'nothing recorded to check: the stack keeps no agent on this host (DockerHost agent: false), so topology.json lists none of its objects' }
        : {}),
    };
  });
}

function checkReach(reach: TopologyHostReach, bad: (what: string) => CliError): void {
  if (reach.kind === 'lab-namespace') {
    if (!NAMESPACE.test(reach.namespace)) throw bad(`names the lab namespace ${JSON.stringify(reach.namespace)}, which is not a network namespace name`);
    for (const name of Object.keys(reach.environment)) {
      if (!LAB_ENVIRONMENT_NAME.test(name)) throw bad(`sets the environment variable ${JSON.stringify(name)}: only DOCKER_* and OVS_* settings may be passed to a lab host's commands`);
    }
    for (const [name, value] of Object.entries(reach.environment)) {
      if (value.includes('\0')) throw bad(`sets ${name} to a value with a NUL byte`);
    }
  } else if (reach.kind === 'ssh') {
    if (!isValidSshHost(reach.host)) throw bad(`names the SSH host ${JSON.stringify(reach.host)}, which is not a host name or IP address`);
    if (!isValidSshUser(reach.user)) throw bad(`names the SSH user ${JSON.stringify(reach.user)}, which is not a user name`);
  }
}

function plannedObject(object: TopologyHostObject, bad: (what: string) => CliError): PlannedObject {
  const names = HOST_OBJECT_SCRIPTS[object.kind].variableNames;
  const missing = names.filter((name) => object.variables[name] === undefined);
  if (missing.length) throw bad(`(${object.kind} ${JSON.stringify(object.name)}) lacks ${missing.join(', ')}, which its scripts read`);
  const variables = Object.fromEntries(names.map((name) => [name, object.variables[name]!]));
  for (const [name, value] of Object.entries(variables)) {
    // The library writes names, numbers and addresses here: none starts with "-" (a tool would read an option) or holds a control character.
    if (UNSAFE_VALUE.test(value)) {
      throw bad(`(${object.kind} ${JSON.stringify(object.name)}) sets ${name} to ${JSON.stringify(value)}, which starts with "-" or holds a control character; the library writes no such value`);
    }
  }
  return { kind: object.kind, name: object.name, subject: subjectOf(object.kind, object.name, variables), declaredBy: object.declaredBy, variables };
}

/** What an object is, in words: `static address 10.42.1.128/24 of web eth1`, `fabric shop bridge cdno-…`, `fabric shop OVN chassis h1 (bridge br-int)`. */
export function subjectOf(kind: HostObjectKind, name: string, v: Readonly<Record<string, string>>): string {
  switch (kind) {
    case 'static-attachment':
      return `static address ${v.CDN_ADDRESS} of ${v.CDN_CONTAINER} ${v.CDN_IFNAME}`;
    case 'fabric-bridge':
      return `fabric ${v.CDN_FABRIC} bridge ${name}`;
    case 'fabric-tunnel':
      return `fabric ${v.CDN_FABRIC} tunnel ${name} to ${v.CDN_REMOTE_HOST}`;
    case 'ovn-central':
      return `fabric ${v.CDN_FABRIC} OVN central ${name}`;
    case 'ovn-chassis':
      return `fabric ${v.CDN_FABRIC} OVN chassis ${v.CDN_OVN_SYSTEM_ID} (bridge ${name})`;
  }
}

/**
 * For each container on `host` with a planned address, the planned addresses
 * of the other containers on the same networks: a static network is one
 * host's, a fabric spans its hosts. Addresses Docker chooses are not planned.
 */
export function reachabilityOf(document: TopologyDocument, host: string): PlannedReachability[] {
  const fabrics = new Set(document.fabrics.map((f) => f.name));
  const segment = (network: string, on: string) => (fabrics.has(network) ? `fabric ${network}` : `${on} ${network}`);
  const members = document.services.flatMap((service) =>
    service.addresses
      .filter((a) => isPlainIpv4(a.address) && CONTAINER_NAME.test(service.name))
      .map((a) => ({ container: service.name, host: service.host, segment: segment(a.network, service.host), address: a.address })),
  );
  const plans = new Map<string, Set<string>>();
  for (const member of members.filter((m) => m.host === host)) {
    const targets = plans.get(member.container) ?? new Set<string>();
    plans.set(member.container, targets);
    for (const other of members) {
      const itself = other.container === member.container && other.host === member.host;
      if (other.segment === member.segment && !itself) targets.add(other.address);
    }
  }
  return [...plans]
    .filter(([, targets]) => targets.size > 0)
    .map(([container, targets]) => ({ container, targets: [...targets] }));
}

/** Addresses the reachability check pings: a dotted-quad IPv4 address in its usual form, as the plan writes them (not `dynamic`). */
function isPlainIpv4(address: string): boolean {
  return !address.includes('/') && Address4.isValid(address) && new Address4(address).correctForm() === address;
}
