import { encapsulationOverhead, planMtu } from '../../lib/model/tunnel-mtu.js';

describe('encapsulationOverhead', () => {
  it.each([
    ['gre', {}, 42], // outer IPv4 20 + GRE 4 + key 4 + inner Ethernet 14: the article's 1542
    ['gre', { greKey: false }, 38],
    ['vxlan', {}, 50], // outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14
  ] as const)('%s %j adds %d bytes', (tunnel, options, bytes) => {
    expect(encapsulationOverhead(tunnel, options)).toBe(bytes);
  });
});

describe('planMtu', () => {
  it("raises the underlay for 1500-byte containers: GRE gives the article's 1542", () => {
    expect(planMtu({ tunnel: 'gre', policy: 'raise-underlay' })).toEqual({
      overhead: 42,
      containerMtu: 1500,
      underlayMtu: 1542,
      largestPingPayload: 1472,
      problems: [],
    });
  });

  it('lowers the containers under a fixed underlay', () => {
    expect(planMtu({ tunnel: 'vxlan', policy: 'lower-containers', underlayMtu: 1500 })).toMatchObject({
      containerMtu: 1450,
      underlayMtu: 1500,
      largestPingPayload: 1422,
      problems: [],
    });
  });

  it('rejects an MTU below the minimum', () => {
    expect(planMtu({ tunnel: 'gre', policy: 'raise-underlay', containerMtu: 60 }).problems).toEqual([
      'container MTU 60 is outside 68–65535. Use e.g. 1500',
    ]);
    expect(planMtu({ tunnel: 'vxlan', policy: 'lower-containers', underlayMtu: 100 }).problems).toEqual([
      'an underlay MTU of 100 leaves 50 for containers after 50 bytes of vxlan overhead, below the minimum of 68. Raise the underlay MTU',
    ]);
  });

  it('rejects an underlay MTU above what Linux allows, and settings of the other policy', () => {
    expect(planMtu({ tunnel: 'gre', policy: 'raise-underlay', containerMtu: 65535 }).problems).toEqual([
      'container MTU 65535 plus 42 bytes of gre overhead needs an underlay MTU of 65577, above 65535. Lower containerMtu',
    ]);
    expect(planMtu({ tunnel: 'gre', policy: 'raise-underlay', underlayMtu: 9000 }).problems).toEqual([
      'underlayMtu is computed under the raise-underlay policy. Set containerMtu instead, or use lower-containers',
    ]);
    expect(planMtu({ tunnel: 'gre', policy: 'lower-containers', containerMtu: 1400 }).problems).toEqual([
      'containerMtu is computed under the lower-containers policy. Set underlayMtu instead, or use raise-underlay',
    ]);
  });
});
