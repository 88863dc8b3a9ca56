import fc from 'fast-check';
import { planAddresses, subnetsOverlap } from '../../lib/model/address-plan.js';

const subnet = (overrides: Partial<Parameters<typeof planAddresses>[0]> = {}) => ({ path: 'net', subnet: '10.42.0.0/24', ...overrides });
const asks = (...addresses: Array<string | undefined>) => addresses.map((address, i) => ({ path: `s${i}`, ...(address ? { address } : {}) }));

describe('planAddresses', () => {
  it('reserves network, gateway and broadcast, and hands out the lowest free addresses in order', () => {
    const plan = planAddresses(subnet(), asks(undefined, undefined));
    expect(plan).toEqual({
      network: { address: '10.42.0.0', prefixLength: 24 },
      gateway: '10.42.0.1',
      addresses: ['10.42.0.2', '10.42.0.3'],
      problems: [],
    });
  });

  it('honours requested addresses and plans around them', () => {
    const plan = planAddresses(subnet({ gateway: '10.42.0.254' }), asks(undefined, '10.42.0.1', undefined, '10.42.0.3'));
    expect(plan.addresses).toEqual(['10.42.0.2', '10.42.0.1', '10.42.0.4', '10.42.0.3']);
    expect(plan.gateway).toBe('10.42.0.254');
  });

  it('keeps planned addresses out of the dynamic range', () => {
    const plan = planAddresses(subnet({ dynamicRange: '10.42.0.0/25' }), asks(undefined));
    expect(plan.addresses).toEqual(['10.42.0.128']);
  });

  it.each([
    ['10.43.0.5', 'address 10.43.0.5 is outside subnet 10.42.0.0/24. Choose an address between 10.42.0.1 and 10.42.0.254'],
    ['10.42.0.0', 'address 10.42.0.0 is the network address of 10.42.0.0/24. Choose an address between 10.42.0.1 and 10.42.0.254'],
    ['10.42.0.255', 'address 10.42.0.255 is the broadcast address of 10.42.0.0/24. Choose an address between 10.42.0.1 and 10.42.0.254'],
    ['10.42.0.1', 'address 10.42.0.1 is already taken by the gateway. Give each service its own address'],
    ['10.42.0.300', 'address "10.42.0.300" is not an IPv4 address. Use e.g. "10.42.0.10"'],
    ['10.42.0.5/24', 'address "10.42.0.5/24" is not an IPv4 address. Use e.g. "10.42.0.10"'],
  ])('rejects requested address %s', (address, message) => {
    expect(planAddresses(subnet(), asks(address)).problems).toEqual([{ path: 's0', message }]);
  });

  it('rejects the same address twice, naming the first holder', () => {
    expect(planAddresses(subnet(), asks('10.42.0.9', '10.42.0.9')).problems).toEqual([
      { path: 's1', message: 'address 10.42.0.9 is already taken by s0. Give each service its own address' },
    ]);
  });

  it('rejects an address inside the dynamic range', () => {
    expect(planAddresses(subnet({ dynamicRange: '10.42.0.128/25' }), asks('10.42.0.200')).problems).toEqual([
      {
        path: 's0',
        message: 'address 10.42.0.200 is inside the dynamic range 10.42.0.128/25, where Docker hands out addresses itself. Choose an address outside it',
      },
    ]);
  });

  it('rejects a gateway outside the subnet', () => {
    expect(planAddresses(subnet({ gateway: '10.42.1.1' }), []).problems).toEqual([
      { path: 'net', message: 'gateway 10.42.1.1 is outside subnet 10.42.0.0/24 (usable 10.42.0.1–10.42.0.254). Choose a gateway inside the subnet' },
    ]);
  });

  it('rejects a subnet too small for its services', () => {
    const plan = planAddresses(subnet({ subnet: '10.42.0.0/30' }), asks(undefined, undefined));
    expect(plan.addresses).toEqual(['10.42.0.2', undefined]);
    expect(plan.problems).toEqual([
      { path: 's1', message: 'subnet 10.42.0.0/30 has no free address left (2 services need one besides the requested addresses and the gateway). Use a larger subnet' },
    ]);
  });

  it.each([
    ['10.42.0.0/31', 'subnet 10.42.0.0/31 has no room for a gateway and a container. Use a prefix of /30 or shorter, e.g. "10.42.0.0/24"'],
    ['10.42.0.0', 'subnet "10.42.0.0" is not an IPv4 CIDR. Write it as network/prefix, e.g. "10.42.0.0/24"'],
    ['fd00::/64', 'subnet "fd00::/64" is not an IPv4 CIDR. Write it as network/prefix, e.g. "10.42.0.0/24"'],
  ])('rejects subnet %s', (cidr, message) => {
    expect(planAddresses(subnet({ subnet: cidr }), []).problems).toEqual([{ path: 'net', message }]);
  });

  it('rejects a subnet with host bits set, saying the network address', () => {
    expect(planAddresses(subnet({ subnet: '10.42.0.7/24' }), []).problems).toEqual([
      { path: 'net', message: 'subnet 10.42.0.7/24 has host bits set. Write the network address: "10.42.0.0/24"' },
    ]);
  });

  it('for any requests that fit: distinct addresses inside the subnet, never the reserved ones', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 2, max: 254 }), { nil: undefined }), { maxLength: 40 }), (wanted) => {
        const unique = wanted.filter((n, i) => n === undefined || wanted.indexOf(n) === i);
        const plan = planAddresses(subnet(), asks(...unique.map((n) => (n === undefined ? undefined : `10.42.0.${n}`))));
        expect(plan.problems).toEqual([]);
        const got = plan.addresses as string[];
        expect(new Set(got).size).toBe(got.length);
        for (const a of got) expect(a).toMatch(/^10\.42\.0\.(\d+)$/);
        expect(got).not.toContain('10.42.0.0');
        expect(got).not.toContain('10.42.0.1');
        expect(got).not.toContain('10.42.0.255');
        unique.forEach((n, i) => n !== undefined && expect(got[i]).toBe(`10.42.0.${n}`));
      }),
    );
  });
});

describe('subnetsOverlap', () => {
  it.each([
    ['10.42.0.0/24', '10.42.0.128/25', true],
    ['10.42.0.0/16', '10.42.7.0/24', true],
    ['10.42.0.0/24', '10.42.1.0/24', false],
    ['10.42.0.0/24', 'not-a-subnet', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(subnetsOverlap(a, b)).toBe(expected);
    expect(subnetsOverlap(b, a)).toBe(expected);
  });
});
