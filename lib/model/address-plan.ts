import { Address4 } from 'ip-address';

/**
 * Address planning for one IPv4 subnet: the network and broadcast addresses
 * and the gateway are reserved, requested addresses are honoured, the rest are
 * handed out in order from the lowest free address. Addresses inside the
 * dynamic range (Docker's `ip_range` / `--fixed-cidr`) are never planned, so a
 * planned address cannot collide with one Docker hands out by itself.
 */

/** One service that needs an address. */
export interface AddressRequest {
  /** Who asks (a construct path), for messages. */
  readonly path: string;
  /** A specific address, or `undefined` to take the next free one. */
  readonly address?: string;
}

/** The subnet and its reserved parts. */
export interface SubnetSpec {
  /** Where the subnet is declared (a construct path), for messages. */
  readonly path: string;
  /** CIDR, e.g. `10.42.0.0/24`. */
  readonly subnet: string;
  /** Gateway address inside the subnet. @default the first usable address */
  readonly gateway?: string;
  /** Docker's dynamic range inside the subnet, kept free of planned addresses. @default none */
  readonly dynamicRange?: string;
  /**
   * The part of the subnet addresses are planned from; requested addresses must
   * lie in it too (a fabric host owns only its slice of the shared subnet).
   * @default the whole subnet
   */
  readonly pool?: string;
}

/** The outcome: an address per request (same order) or the problems that prevent it. */
export interface AddressPlan {
  /** Network address and prefix length, e.g. `10.42.0.0` and 24. */
  readonly network?: { readonly address: string; readonly prefixLength: number };
  readonly gateway?: string;
  /** Planned address per request, in request order (`undefined` where it failed). */
  readonly addresses: ReadonlyArray<string | undefined>;
  readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

/** A subnet as start/end numbers, or `undefined` if `cidr` is not an IPv4 CIDR. */
export function parseSubnet(cidr: string): { first: bigint; last: bigint; prefixLength: number; network: string } | undefined {
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr) || !Address4.isValid(cidr)) return undefined;
  const parsed = new Address4(cidr);
  const first = parsed.startAddress();
  return { first: first.bigInt(), last: parsed.endAddress().bigInt(), prefixLength: parsed.subnetMask, network: first.correctForm() };
}

/** The address as a number, or `undefined` unless it is a plain dotted-quad IPv4 address. */
function parseAddress(address: string): bigint | undefined {
  if (address.includes('/') || !Address4.isValid(address)) return undefined;
  return new Address4(address).bigInt();
}

const show = (n: bigint) => Address4.fromBigInt(n).correctForm();

/** True when two CIDRs share at least one address. */
export function subnetsOverlap(a: string, b: string): boolean {
  const pa = parseSubnet(a);
  const pb = parseSubnet(b);
  return !!pa && !!pb && pa.first <= pb.last && pb.first <= pa.last;
}

export function planAddresses(spec: SubnetSpec, requests: readonly AddressRequest[]): AddressPlan {
  const problems: Array<{ path: string; message: string }> = [];
  const subnet = parseSubnet(spec.subnet);
  if (!subnet) {
    return {
      addresses: requests.map(() => undefined),
      problems: [{ path: spec.path, message: `subnet ${JSON.stringify(spec.subnet)} is not an IPv4 CIDR. Write it as network/prefix, e.g. "10.42.0.0/24"` }],
    };
  }
  if (subnet.network !== spec.subnet.split('/')[0]) {
    problems.push({
      path: spec.path,
      message: `subnet ${spec.subnet} has host bits set. Write the network address: "${subnet.network}/${subnet.prefixLength}"`,
    });
  }
  if (subnet.prefixLength > 30) {
    problems.push({
      path: spec.path,
      message: `subnet ${spec.subnet} has no room for a gateway and a container. Use a prefix of /30 or shorter, e.g. "${subnet.network}/24"`,
    });
    return { addresses: requests.map(() => undefined), problems };
  }

  const usableFirst = subnet.first + 1n;
  const usableLast = subnet.last - 1n;
  const inSubnet = (n: bigint) => n >= usableFirst && n <= usableLast;

  let gateway = usableFirst;
  if (spec.gateway !== undefined) {
    const parsed = parseAddress(spec.gateway);
    if (parsed === undefined) {
      problems.push({ path: spec.path, message: `gateway ${JSON.stringify(spec.gateway)} is not an IPv4 address. Use e.g. "${show(usableFirst)}"` });
    } else if (!inSubnet(parsed)) {
      problems.push({
        path: spec.path,
        message: `gateway ${spec.gateway} is outside subnet ${spec.subnet} (usable ${show(usableFirst)}–${show(usableLast)}). Choose a gateway inside the subnet`,
      });
    } else {
      gateway = parsed;
    }
  }

  let dynamic: { first: bigint; last: bigint } | undefined;
  if (spec.dynamicRange !== undefined) {
    const range = parseSubnet(spec.dynamicRange);
    if (!range) {
      problems.push({ path: spec.path, message: `dynamic range ${JSON.stringify(spec.dynamicRange)} is not an IPv4 CIDR. Use e.g. "${subnet.network}/${subnet.prefixLength + 1}"` });
    } else if (range.first < subnet.first || range.last > subnet.last) {
      problems.push({ path: spec.path, message: `dynamic range ${spec.dynamicRange} is not inside subnet ${spec.subnet}. Choose a range within the subnet` });
    } else {
      dynamic = range;
    }
  }
  const inDynamic = (n: bigint) => !!dynamic && n >= dynamic.first && n <= dynamic.last;

  let pool = { first: usableFirst, last: usableLast };
  if (spec.pool !== undefined) {
    const range = parseSubnet(spec.pool);
    if (!range || range.first < subnet.first || range.last > subnet.last) {
      problems.push({ path: spec.path, message: `address pool ${JSON.stringify(spec.pool)} is not a CIDR inside subnet ${spec.subnet}` });
    } else {
      pool = { first: range.first > usableFirst ? range.first : usableFirst, last: range.last < usableLast ? range.last : usableLast };
    }
  }

  const taken = new Map<bigint, string>([[gateway, 'the gateway']]);
  const addresses: Array<bigint | undefined> = requests.map(() => undefined);
  const requestedProblem = (address: string, parsed: bigint | undefined): string | undefined => {
    const range = `Choose an address between ${show(usableFirst)} and ${show(usableLast)}`;
    if (parsed === undefined) return `address ${JSON.stringify(address)} is not an IPv4 address. Use e.g. "${show(usableFirst + 9n)}"`;
    if (parsed === subnet.first) return `address ${address} is the network address of ${spec.subnet}. ${range}`;
    if (parsed === subnet.last) return `address ${address} is the broadcast address of ${spec.subnet}. ${range}`;
    if (!inSubnet(parsed)) return `address ${address} is outside subnet ${spec.subnet}. ${range}`;
    if (parsed < pool.first || parsed > pool.last) {
      return `address ${address} is outside ${spec.pool}, the part of ${spec.subnet} this host plans from. Choose an address between ${show(pool.first)} and ${show(pool.last)}`;
    }
    if (inDynamic(parsed)) {
      return `address ${address} is inside the dynamic range ${spec.dynamicRange}, where Docker hands out addresses itself. Choose an address outside it`;
    }
    const holder = taken.get(parsed);
    if (holder !== undefined) return `address ${address} is already taken by ${holder}. Give each service its own address`;
    return undefined;
  };
  requests.forEach((request, i) => {
    if (request.address === undefined) return;
    const parsed = parseAddress(request.address);
    const problem = requestedProblem(request.address, parsed);
    if (problem !== undefined || parsed === undefined) {
      if (problem) problems.push({ path: request.path, message: problem });
      return;
    }
    taken.set(parsed, request.path);
    addresses[i] = parsed;
  });

  let next = pool.first;
  const free = () => {
    while (next <= pool.last && (taken.has(next) || inDynamic(next))) next++;
    return next <= pool.last ? next : undefined;
  };
  const needed = requests.filter((r) => r.address === undefined).length;
  requests.forEach((request, i) => {
    if (request.address !== undefined) return;
    const candidate = free();
    if (candidate === undefined) {
      problems.push({
        path: request.path,
        message: `${spec.pool ? `address pool ${spec.pool} of subnet ${spec.subnet}` : `subnet ${spec.subnet}`} has no free address left (${needed} services need one besides the requested addresses and the gateway${dynamic ? ' and the dynamic range' : ''}). Use a larger ${spec.pool ? 'pool' : 'subnet'}`,
      });
      return;
    }
    taken.set(candidate, request.path);
    addresses[i] = candidate;
  });

  return {
    network: { address: subnet.network, prefixLength: subnet.prefixLength },
    gateway: show(gateway),
    addresses: addresses.map((n) => (n === undefined ? undefined : show(n))),
    problems,
  };
}
