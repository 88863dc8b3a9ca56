import { Address4 } from 'ip-address';
import { parseSubnet } from './address-plan.js';
import type { Problem } from './problem.js';

/**
 * Collision-free addressing for a multi-host overlay: one fabric subnet (one L2
 * domain) split into a disjoint block per host. In each block the first address
 * is the host's gateway, the lower half is Docker's dynamic range and the upper
 * half is planned for static addresses — so two hosts can never hand out the
 * same address, the flaw the 2014 article could only work around by hand.
 */

/** One host of the fabric. */
export interface FabricHostSpec {
  /** Where the host joins the fabric, for messages. */
  readonly path: string;
  readonly name: string;
  /** The host's address on the underlay with its prefix, e.g. `192.168.77.11/24`. */
  readonly underlayAddress?: string;
  /** Which block of the fabric subnet the host owns. @default its position in the list */
  readonly slot?: number;
}

export interface FabricBlocksSpec {
  readonly path: string;
  /** The fabric's subnet, e.g. `10.50.0.0/16`. */
  readonly subnet: string;
  /** Prefix length of each host's block. @default 24 */
  readonly hostPrefixLength?: number;
  readonly hosts: readonly FabricHostSpec[];
}

/** What one host gets. */
export interface FabricHostPlan {
  readonly name: string;
  readonly slot: number;
  /** The host's block, e.g. `10.50.1.0/24`. */
  readonly block: string;
  /** Gateway address of the host's Docker network: the block's first address after its start. */
  readonly gateway: string;
  /** Docker's `ip_range` on this host: the block's lower half. */
  readonly dynamicRange: string;
  /** Where this host's static addresses are planned: the block's upper half. */
  readonly staticPool: string;
  /** Underlay IP without prefix (tunnel endpoint). */
  readonly underlayIp?: string;
}

export interface FabricBlocksPlan {
  readonly prefixLength?: number;
  readonly hosts: readonly FabricHostPlan[];
  readonly problems: readonly Problem[];
}

const show = (n: bigint) => Address4.fromBigInt(n).correctForm();

/** Parses `a.b.c.d/len` into the address and the prefix length. */
export function parseInterfaceAddress(value: string): { ip: string; prefixLength: number } | undefined {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(value);
  if (!match || !Address4.isValid(match[1]!)) return undefined;
  const prefixLength = Number(match[2]);
  if (prefixLength < 1 || prefixLength > 32) return undefined;
  return { ip: new Address4(match[1]!).correctForm(), prefixLength };
}

/** Splits the fabric subnet into one block per host (a part of planOverlayFabric). */
export function planHostBlocks(spec: FabricBlocksSpec): FabricBlocksPlan {
  const problems: Problem[] = [];
  const at = (path: string, message: string) => problems.push({ path, message });
  const subnet = parseSubnet(spec.subnet);
  const hostPrefixLength = spec.hostPrefixLength ?? 24;

  if (!subnet) {
    at(spec.path, `fabric subnet ${JSON.stringify(spec.subnet)} is not an IPv4 CIDR. Write it as network/prefix, e.g. "10.50.0.0/16"`);
  } else if (subnet.network !== spec.subnet.split('/')[0]) {
    at(spec.path, `fabric subnet ${spec.subnet} has host bits set. Write the network address: "${subnet.network}/${subnet.prefixLength}"`);
  }
  const blocks = subnet ? 2 ** Math.max(0, hostPrefixLength - subnet.prefixLength) : 0;
  if (subnet && (!Number.isInteger(hostPrefixLength) || hostPrefixLength <= subnet.prefixLength || hostPrefixLength > 29)) {
    at(spec.path, `host prefix length ${hostPrefixLength} must be longer than the fabric's /${subnet.prefixLength} and at most /29 (each host's block needs a gateway, a dynamic half and a static half). Use e.g. ${Math.min(29, subnet.prefixLength + 8)}`);
  }

  const slots = new Map<number, string>();
  const underlays = new Map<string, string>();
  const names = new Map<string, string>();
  const hosts: FabricHostPlan[] = [];
  spec.hosts.forEach((host, index) => {
    const earlierName = names.get(host.name);
    if (earlierName !== undefined) {
      at(host.path, `host "${host.name}" joins the fabric twice (also at ${earlierName}), which would make a tunnel from the host to itself. Add each host once`);
      return;
    }
    names.set(host.name, host.path);

    const slot = host.slot ?? index;
    if (!Number.isInteger(slot) || slot < 0 || (blocks > 0 && slot >= blocks)) {
      at(host.path, `slot ${slot} of host "${host.name}" is outside 0–${Math.max(0, blocks - 1)}: the fabric subnet has ${blocks} blocks of /${hostPrefixLength}. Use a free slot or a larger subnet`);
    } else if (slots.has(slot)) {
      at(host.path, `slot ${slot} of host "${host.name}" is already owned by host "${slots.get(slot)}". Give each host its own slot`);
    } else {
      slots.set(slot, host.name);
    }

    let underlayIp: string | undefined;
    if (host.underlayAddress === undefined) {
      at(host.path, `host "${host.name}" has no underlay address, and the fabric's tunnels end there. Set underlayAddress, e.g. "192.168.0.11/24"`);
    } else {
      const parsed = parseInterfaceAddress(host.underlayAddress);
      if (!parsed) {
        at(host.path, `underlay address ${JSON.stringify(host.underlayAddress)} of host "${host.name}" is not an IPv4 address with prefix length, e.g. "192.168.0.11/24"`);
      } else {
        underlayIp = parsed.ip;
        const other = underlays.get(parsed.ip);
        if (other !== undefined) {
          at(host.path, `underlay address ${parsed.ip} of host "${host.name}" is also the underlay address of host "${other}", so tunnels between them would loop back. Give each host its own underlay address`);
        } else {
          underlays.set(parsed.ip, host.name);
        }
        const ipNumber = new Address4(parsed.ip).bigInt();
        if (subnet && ipNumber >= subnet.first && ipNumber <= subnet.last) {
          at(host.path, `underlay address ${parsed.ip} of host "${host.name}" is inside the fabric subnet ${spec.subnet}: tunnel packets would be routed into the overlay they carry. Use separate subnets`);
        }
      }
    }

    if (subnet && blocks > 0 && Number.isInteger(slot) && slot >= 0 && slot < blocks && hostPrefixLength <= 29) {
      const size = 2n ** BigInt(32 - hostPrefixLength);
      const start = subnet.first + BigInt(slot) * size;
      const half = size / 2n;
      hosts.push({
        name: host.name,
        slot,
        block: `${show(start)}/${hostPrefixLength}`,
        gateway: show(start + 1n),
        dynamicRange: `${show(start)}/${hostPrefixLength + 1}`,
        staticPool: `${show(start + half)}/${hostPrefixLength + 1}`,
        ...(underlayIp !== undefined ? { underlayIp } : {}),
      });
    }
  });
  return { ...(subnet ? { prefixLength: subnet.prefixLength } : {}), hosts, problems };
}
