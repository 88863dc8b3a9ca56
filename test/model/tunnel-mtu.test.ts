import { planMtu } from '../../lib/model/tunnel-mtu.js';
import { encapsulationOverhead, TUNNEL_TYPES, tunnelKeyProblem, tunnelTypesOf } from '../../lib/model/tunnel-types.js';

describe('encapsulationOverhead', () => {
  it.each([
    ['gre', 42], // outer IPv4 20 + GRE 4 + key 4 + inner Ethernet 14: the article's 1542
    ['vxlan', 50], // outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14
    ['geneve', 58], // outer IPv4 20 + UDP 8 + Geneve 8 + OVN's option 8 + inner Ethernet 14
  ] as const)('%s adds %d bytes', (tunnel, bytes) => {
    expect(encapsulationOverhead(tunnel)).toBe(bytes);
  });
});

describe('the tunnel type table', () => {
  it('says which engine builds which type', () => {
    expect(tunnelTypesOf('mesh')).toEqual(['gre', 'vxlan']);
    expect(tunnelTypesOf('ovn')).toEqual(['vxlan', 'geneve']);
  });

  it('checks keys against each type\'s range: 32 bits for GRE, 24 for VXLAN and Geneve', () => {
    expect(tunnelKeyProblem('gre', 4_294_967_295)).toBeUndefined();
    expect(tunnelKeyProblem('vxlan', 16_777_216)).toMatch(/^key 16777216 is outside 1–16777215 for VXLAN\./);
    expect(tunnelKeyProblem('geneve', 0)).toMatch(/^key 0 is outside 1–16777215 for Geneve\./);
    expect(tunnelKeyProblem('gre', 1.5)).toMatch(/outside/);
  });

  it('gives every type distinct port-name prefixes that fit an interface name with an 8-digit hash', () => {
    const prefixes = Object.values(TUNNEL_TYPES).map((t) => t.portPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const prefix of prefixes) expect(prefix.length + 1 + 8).toBeLessThanOrEqual(15);
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
      'an underlay MTU of 100 leaves 50 for containers after 50 bytes of VXLAN overhead, below the minimum of 68. Raise the underlay MTU',
    ]);
  });

  it('rejects an underlay MTU above what Linux allows, and settings of the other policy', () => {
    expect(planMtu({ tunnel: 'gre', policy: 'raise-underlay', containerMtu: 65535 }).problems).toEqual([
      'container MTU 65535 plus 42 bytes of GRE overhead needs an underlay MTU of 65577, above 65535. Lower containerMtu',
    ]);
    expect(planMtu({ tunnel: 'gre', policy: 'raise-underlay', underlayMtu: 9000 }).problems).toEqual([
      'underlayMtu is computed under the raise-underlay policy. Set containerMtu instead, or use lower-containers',
    ]);
    expect(planMtu({ tunnel: 'gre', policy: 'lower-containers', containerMtu: 1400 }).problems).toEqual([
      'containerMtu is computed under the lower-containers policy. Set underlayMtu instead, or use raise-underlay',
    ]);
  });
});
