import fc from 'fast-check';
import { parseSubnet } from '../../lib/model/address-plan.js';
import { planHostBlocks, type FabricHostSpec } from '../../lib/model/fabric-host-blocks.js';

const host = (name: string, i: number, overrides: Partial<FabricHostSpec> = {}): FabricHostSpec => ({
  path: `fabric/${name}`,
  name,
  underlayAddress: `192.168.0.${11 + i}/24`,
  ...overrides,
});
const fabric = (hosts: FabricHostSpec[], overrides = {}) => planHostBlocks({ path: 'fabric', subnet: '10.50.0.0/16', hosts, ...overrides });
const messages = (hosts: FabricHostSpec[], overrides = {}) => fabric(hosts, overrides).problems.map((p) => `${p.path}: ${p.message}`);

describe('planHostBlocks', () => {
  it('gives each host its own block: gateway, a dynamic half for Docker, a static half', () => {
    expect(fabric([host('a', 0), host('b', 1)])).toEqual({
      prefixLength: 16,
      hosts: [
        { name: 'a', slot: 0, block: '10.50.0.0/24', gateway: '10.50.0.1', dynamicRange: '10.50.0.0/25', staticPool: '10.50.0.128/25', underlayIp: '192.168.0.11' },
        { name: 'b', slot: 1, block: '10.50.1.0/24', gateway: '10.50.1.1', dynamicRange: '10.50.1.0/25', staticPool: '10.50.1.128/25', underlayIp: '192.168.0.12' },
      ],
      problems: [],
    });
  });

  it('keeps explicit slots when hosts come and go', () => {
    const plan = fabric([host('a', 0, { slot: 5 }), host('c', 2, { slot: 2 })], { hostPrefixLength: 20 });
    expect(plan.hosts.map((h) => [h.name, h.block])).toEqual([
      ['a', '10.50.80.0/20'],
      ['c', '10.50.32.0/20'],
    ]);
  });

  it('for any set of hosts: blocks never overlap and stay inside the subnet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 17, max: 29 }), fc.integer({ min: 1, max: 12 }), (hostPrefixLength, wanted) => {
        const count = Math.min(wanted, 2 ** (hostPrefixLength - 16));
        const hosts = Array.from({ length: count }, (_, i) => host(`h${i}`, i, { underlayAddress: `192.168.${i}.1/24` }));
        const plan = fabric(hosts, { hostPrefixLength });
        expect(plan.problems).toEqual([]);
        const ranges = plan.hosts.map((h) => parseSubnet(h.block)!);
        const subnet = parseSubnet('10.50.0.0/16')!;
        ranges.forEach((r, i) => {
          expect(r.first >= subnet.first && r.last <= subnet.last).toBe(true);
          ranges.slice(i + 1).forEach((other) => expect(r.last < other.first || other.last < r.first).toBe(true));
        });
      }),
    );
  });

  it('rejects a host without underlay address', () => {
    expect(messages([host('a', 0), host('b', 1, { underlayAddress: undefined })])).toEqual([
      'fabric/b: host "b" has no underlay address, and the fabric\'s tunnels end there. Set underlayAddress, e.g. "192.168.0.11/24"',
    ]);
  });

  it('rejects an underlay address without prefix', () => {
    expect(messages([host('a', 0, { underlayAddress: '192.168.0.11' })])).toEqual([
      'fabric/a: underlay address "192.168.0.11" of host "a" is not an IPv4 address with prefix length, e.g. "192.168.0.11/24"',
    ]);
  });

  it('rejects a tunnel to itself: one host joining twice', () => {
    expect(messages([host('a', 0), host('a', 1)])).toEqual([
      'fabric/a: host "a" joins the fabric twice (also at fabric/a), which would make a tunnel from the host to itself. Add each host once',
    ]);
  });

  it('rejects duplicate underlay addresses', () => {
    expect(messages([host('a', 0), host('b', 0)])).toEqual([
      'fabric/b: underlay address 192.168.0.11 of host "b" is also the underlay address of host "a", so tunnels between them would loop back. Give each host its own underlay address',
    ]);
  });

  it('rejects an underlay inside the fabric subnet (overlap)', () => {
    expect(messages([host('a', 0, { underlayAddress: '10.50.200.1/24' })])).toEqual([
      'fabric/a: underlay address 10.50.200.1 of host "a" is inside the fabric subnet 10.50.0.0/16: tunnel packets would be routed into the overlay they carry. Use separate subnets',
    ]);
  });

  it('rejects slots taken twice or outside the subnet', () => {
    expect(messages([host('a', 0, { slot: 1 }), host('b', 1, { slot: 1 }), host('c', 2, { slot: 256 })])).toEqual([
      'fabric/b: slot 1 of host "b" is already owned by host "a". Give each host its own slot',
      'fabric/c: slot 256 of host "c" is outside 0–255: the fabric subnet has 256 blocks of /24. Use a free slot or a larger subnet',
    ]);
  });

  it('rejects a bad subnet or host prefix', () => {
    expect(messages([], { subnet: '10.50.0.1/16' })).toEqual(['fabric: fabric subnet 10.50.0.1/16 has host bits set. Write the network address: "10.50.0.0/16"']);
    expect(messages([], { subnet: 'fd00::/64' })).toEqual(['fabric: fabric subnet "fd00::/64" is not an IPv4 CIDR. Write it as network/prefix, e.g. "10.50.0.0/16"']);
    expect(messages([], { hostPrefixLength: 16 })).toEqual([
      'fabric: host prefix length 16 must be longer than the fabric\'s /16 and at most /29 (each host\'s block needs a gateway, a dynamic half and a static half). Use e.g. 24',
    ]);
  });
});
