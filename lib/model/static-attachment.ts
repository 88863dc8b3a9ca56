import { Address4 } from 'ip-address';
import { containerNameProblem } from './docker-names.js';
import { interfaceNameProblem } from './linux-interface-names.js';
import type { Problem } from './problem.js';

/** The kind of bridge the host end of a veth pair joins. */
export type BridgeKind = 'linux' | 'ovs';

/** A static address given to a running container from outside Docker (pipework's job). */
export interface StaticAttachmentSpec {
  /** Where it is declared, for messages. */
  readonly path: string;
  /**
   * Who owns the attachment (its network and service, as construct paths): the
   * host-side names derive from it, so two attachments never share a veth.
   */
  readonly owner: string;
  /** Name of the host in the topology. */
  readonly host: string;
  /** Container name. */
  readonly container: string;
  /** The bridge on the host the container joins. */
  readonly bridge: { readonly kind: BridgeKind; readonly name: string };
  /** Interface name inside the container. */
  readonly interfaceName: string;
  /** The planned address. */
  readonly address: string;
  /** Prefix length of the subnet. */
  readonly prefixLength: number;
  /** Default route through this gateway, or none. */
  readonly gateway?: string;
  /** MTU of both ends; `undefined` copies the bridge's MTU as the article does. */
  readonly mtu?: number;
  /** MAC address of the container interface; `undefined` lets the kernel choose. */
  readonly mac?: string;
  /**
   * OVN fabrics: the logical switch port this interface is (the host end joins the
   * integration bridge with `external_ids:iface-id` = `port`). @default not an OVN port
   */
  readonly ovn?: StaticAttachmentOvnPort;
}

/** The OVN side of an attachment: its logical switch port in the northbound database. */
export interface StaticAttachmentOvnPort {
  /** Northbound database remotes, comma-separated, e.g. `tcp:192.168.0.11:6641,tcp:192.168.0.12:6641`. */
  readonly northbound: string;
  /** The fabric's logical switch. */
  readonly logicalSwitch: string;
  /** The logical switch port's name, also the interface's `iface-id`. */
  readonly port: string;
}

/** The smallest MTU an IPv4 interface may have (RFC 791). */
export const MIN_IPV4_MTU = 68;
/** The largest MTU a veth pair accepts. */
export const MAX_VETH_MTU = 65535;

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
/** OVN names the scripts pass on (logical switch and port): letters, digits, `_`, `.`, `-`, not starting with `-` or `.`. */
const OVN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** One OVSDB remote as the library writes them: `tcp:IPv4:port`. */
const TCP_REMOTE = /^tcp:([^:]+):([0-9]{1,5})$/;

/** Every check of one attachment's settings; all these values reach a shell script. */
export function validateStaticAttachment(spec: StaticAttachmentSpec): Problem[] {
  const problems: Problem[] = [];
  const push = (message: string | undefined) => message && problems.push({ path: spec.path, message });

  push(containerNameProblem(spec.container));
  push(interfaceNameProblem(spec.bridge.name, 'bridge name'));
  push(interfaceNameProblem(spec.interfaceName, 'container interface name'));
  if (spec.interfaceName === 'eth0' || spec.interfaceName === 'lo') {
    push(`container interface name "${spec.interfaceName}" belongs to Docker's own networking. Use another name, e.g. "eth1"`);
  }
  if (!Address4.isValid(spec.address) || spec.address.includes('/')) push(`address ${JSON.stringify(spec.address)} is not an IPv4 address`);
  if (!Number.isInteger(spec.prefixLength) || spec.prefixLength < 1 || spec.prefixLength > 30) {
    push(`prefix length ${spec.prefixLength} is outside 1–30. Use the subnet's prefix, e.g. 24`);
  }
  if (spec.gateway !== undefined && (!Address4.isValid(spec.gateway) || spec.gateway.includes('/'))) {
    push(`gateway ${JSON.stringify(spec.gateway)} is not an IPv4 address`);
  }
  if (spec.mtu !== undefined && (!Number.isInteger(spec.mtu) || spec.mtu < MIN_IPV4_MTU || spec.mtu > MAX_VETH_MTU)) {
    push(`MTU ${spec.mtu} is outside ${MIN_IPV4_MTU}–${MAX_VETH_MTU}. Leave it unset to copy the bridge's MTU`);
  }
  if (spec.mac !== undefined) {
    if (!MAC.test(spec.mac)) {
      push(`MAC address ${JSON.stringify(spec.mac)} is not six colon-separated hex bytes. Use e.g. "02:42:0a:2a:00:0a"`);
    } else if (parseInt(spec.mac.slice(0, 2), 16) & 1) {
      push(`MAC address ${spec.mac} is a multicast address. Use a unicast one: the first byte must be even, e.g. "02:…"`);
    } else if (/^(00:){5}00$/.test(spec.mac)) {
      push('MAC address 00:00:00:00:00:00 is not usable. Use a locally administered one, e.g. "02:42:0a:2a:00:0a"');
    }
  }
  if (spec.ovn !== undefined) problems.push(...validateOvnPort(spec).map((message) => ({ path: spec.path, message })));
  return problems;
}

/** The checks of an attachment's OVN side. */
function validateOvnPort(spec: StaticAttachmentSpec): string[] {
  const ovn = spec.ovn!;
  const problems: string[] = [];
  for (const [what, name] of [['logical switch', ovn.logicalSwitch], ['logical switch port', ovn.port]] as const) {
    if (!OVN_NAME.test(name)) {
      problems.push(`OVN ${what} name ${JSON.stringify(name)} is not usable: use 1–64 letters, digits, '_', '.' and '-', starting with a letter, digit or '_'`);
    }
  }
  const remotes = ovn.northbound.split(',');
  const bad = remotes.filter((remote) => {
    const match = TCP_REMOTE.exec(remote);
    if (!match) return true;
    const port = Number(match[2]);
    return !Address4.isValid(match[1]!) || match[1]!.includes('/') || port < 1 || port > 65535;
  });
  if (bad.length > 0) {
    problems.push(
      `OVN northbound database ${JSON.stringify(ovn.northbound)} is not a comma-separated list of tcp:IPv4:port remotes ` +
        `(${bad.map((r) => JSON.stringify(r)).join(', ')}). Use e.g. "tcp:192.168.0.11:6641,tcp:192.168.0.12:6641"`,
    );
  }
  if (spec.mac === undefined) {
    problems.push(`OVN port ${JSON.stringify(ovn.port)} has no MAC address: a logical switch port needs the interface's MAC. Plan one, e.g. "02:42:0a:2a:00:0a"`);
  }
  if (spec.bridge.kind !== 'ovs') {
    problems.push(`OVN port ${JSON.stringify(ovn.port)} joins bridge ${spec.bridge.name} of kind ${spec.bridge.kind}: an OVN port joins the chassis's integration bridge, an Open vSwitch bridge (kind "ovs")`);
  }
  return problems;
}
