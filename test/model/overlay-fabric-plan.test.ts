import fc from 'fast-check';
import { planOverlayFabric, type FabricEngineSpec, type OverlayFabricPlanInput } from '../../lib/model/overlay-fabric-plan.js';
import type { MeshEnginePlan } from '../../lib/model/mesh-engine-plan.js';
import { macForAddress, type OvnEnginePlan } from '../../lib/model/ovn-engine-plan.js';

const MESH: FabricEngineSpec = { type: 'mesh', tunnel: 'gre', loopPrevention: 'protected' };
const OVN: FabricEngineSpec = { type: 'ovn', encapsulation: 'geneve', central: ['h1'], externalCentral: [] };

/** `count` hosts h1…hN on 192.168.0.11…, each running one service `app-hN`. */
function input(engine: FabricEngineSpec, count: number, more: Partial<OverlayFabricPlanInput> = {}): OverlayFabricPlanInput {
  const names = Array.from({ length: count }, (_, i) => `h${i + 1}`);
  return {
    path: 's/fab',
    name: 'fab',
    subnet: '10.50.0.0/16',
    datapath: 'netdev',
    mtuPolicy: 'raise-underlay',
    engine,
    hosts: names.map((name, i) => ({ path: `s/fab (host ${name})`, name, underlayAddress: `192.168.0.${11 + i}/24`, underlayInterface: 'u0' })),
    assignments: names.map((name) => ({ path: `s/app-${name}`, host: name, container: `app-${name}` })),
    ...more,
  };
}
const messages = (plan: { problems: readonly { path: string; message: string }[] }) => plan.problems.map((p) => `[${p.path}] ${p.message}`);

describe('planOverlayFabric', () => {
  it('plans blocks, addresses and MTU the same way for both engines', () => {
    const mesh = planOverlayFabric(input(MESH, 3));
    const ovn = planOverlayFabric(input(OVN, 3));
    expect(mesh.problems).toEqual([]);
    expect(ovn.problems).toEqual([]);
    expect([...ovn.addresses]).toEqual([...mesh.addresses]);
    expect([...mesh.addresses]).toEqual([['s/app-h1', '10.50.0.128'], ['s/app-h2', '10.50.1.128'], ['s/app-h3', '10.50.2.128']]);
    expect(ovn.hosts.map((h) => [h.name, h.block, h.underlayInterface])).toEqual([['h1', '10.50.0.0/24', 'u0'], ['h2', '10.50.1.0/24', 'u0'], ['h3', '10.50.2.0/24', 'u0']]);
  });

  it.each([
    ['mesh GRE', MESH, 'raise-underlay', { containerMtu: 1500, underlayMtu: 1542 }],
    ['OVN Geneve', OVN, 'raise-underlay', { containerMtu: 1500, underlayMtu: 1558 }],
    ['OVN Geneve', OVN, 'lower-containers', { containerMtu: 1442, underlayMtu: 1500 }],
    ['OVN VXLAN', { ...OVN, encapsulation: 'vxlan' } as FabricEngineSpec, 'lower-containers', { containerMtu: 1450, underlayMtu: 1500 }],
  ] as const)('%s under %s gives %j', (_, engine, mtuPolicy, expected) => {
    expect(planOverlayFabric(input(engine, 2, { mtuPolicy })).mtu).toMatchObject(expected);
  });

  it('the mesh plans a tunnel port for every ordered pair of hosts', () => {
    const engine = planOverlayFabric(input(MESH, 3)).engine as MeshEnginePlan;
    expect(engine.tunnels.map((t) => `${t.from}→${t.to} ${t.remoteIp}`)).toEqual([
      'h2→h1 192.168.0.11', 'h1→h2 192.168.0.12', 'h3→h1 192.168.0.11', 'h1→h3 192.168.0.13', 'h3→h2 192.168.0.12', 'h2→h3 192.168.0.13',
    ]);
    for (const t of engine.tunnels) expect(t.port).toMatch(/^gre-[0-9a-f]{8}$/);
    expect(new Set(engine.tunnels.map((t) => t.port)).size).toBe(6);
  });

  it('OVN plans a chassis per host, a port per service with a MAC from its address, and remotes of the control plane', () => {
    const engine = planOverlayFabric(input(OVN, 3)).engine as OvnEnginePlan;
    expect(engine).toMatchObject({
      logicalSwitch: 'fab',
      integrationBridge: 'br-int',
      central: { hosts: ['h1'], addresses: ['192.168.0.11'], clustered: false },
      northbound: 'tcp:192.168.0.11:6641',
      southbound: 'tcp:192.168.0.11:6642',
    });
    expect(engine.central.name).toMatch(/^cdnc-[0-9a-f]{8}$/);
    expect(engine.chassis).toEqual([
      { host: 'h1', systemId: 'h1', encapIp: '192.168.0.11' },
      { host: 'h2', systemId: 'h2', encapIp: '192.168.0.12' },
      { host: 'h3', systemId: 'h3', encapIp: '192.168.0.13' },
    ]);
    expect(engine.ports[1]).toEqual({ service: 's/app-h2', host: 'h2', port: 'h2_app-h2', mac: '0a:58:0a:32:01:80' });
  });

  it('OVN with three central hosts clusters the databases and lists every member in the remotes', () => {
    const engine = planOverlayFabric(input({ ...OVN, central: ['h1', 'h2', 'h3'] } as FabricEngineSpec, 4)).engine as OvnEnginePlan;
    expect(engine.central).toMatchObject({ hosts: ['h1', 'h2', 'h3'], addresses: ['192.168.0.11', '192.168.0.12', '192.168.0.13'], clustered: true });
    expect(engine.southbound).toBe('tcp:192.168.0.11:6642,tcp:192.168.0.12:6642,tcp:192.168.0.13:6642');
  });

  it('OVN with an external control plane runs none of its own', () => {
    const engine = planOverlayFabric(input({ ...OVN, central: [], externalCentral: ['192.168.9.5'] } as FabricEngineSpec, 2)).engine as OvnEnginePlan;
    expect(engine.central).toMatchObject({ hosts: [], addresses: ['192.168.9.5'], clustered: false });
    expect(engine.northbound).toBe('tcp:192.168.9.5:6641');
  });

  it('reports bad engine settings with the fabric path and the fix', () => {
    expect(messages(planOverlayFabric(input({ ...MESH, tunnel: 'geneve' } as FabricEngineSpec, 2)))).toEqual([
      "[s/fab] the mesh engine cannot build Geneve tunnels: Geneve is built by OVN's ovn-controller. Use FabricEngine.ovn({ encapsulation: 'geneve', central: … }), or a mesh tunnel: 'gre' or 'vxlan'",
    ]);
    expect(messages(planOverlayFabric(input({ ...OVN, encapsulation: 'gre' } as FabricEngineSpec, 2)))).toEqual([
      "[s/fab] OVN cannot carry a fabric over GRE: ovn-controller builds VXLAN or Geneve tunnels. Use encapsulation 'vxlan' or 'geneve', or FabricEngine.mesh({ tunnel: 'gre' })",
    ]);
    expect(messages(planOverlayFabric(input({ ...OVN, central: ['h9'] } as FabricEngineSpec, 2)))).toEqual([
      '[s/fab] central host "h9" is not part of the fabric: the control plane runs on fabric hosts and listens on their underlay address. Add it with addHost() first, or choose a host of the fabric',
    ]);
    expect(messages(planOverlayFabric(input({ ...OVN, central: ['h1', 'h1', 'h2'] } as FabricEngineSpec, 2)))).toEqual(['[s/fab] central hosts list "h1" twice. List each once']);
    expect(messages(planOverlayFabric(input({ ...MESH, key: 0 } as FabricEngineSpec, 2)))).toEqual([
      "[s/fab] key 0 is outside 1–4294967295 for GRE. Use a whole number in that range, or leave key unset to derive one from the fabric's name",
    ]);
  });

  it('derives the same MAC from the same address, locally administered and unicast', () => {
    expect(macForAddress('10.50.1.128')).toBe('0a:58:0a:32:01:80');
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        const mac = macForAddress(address);
        expect(mac).toMatch(/^0a:58(:[0-9a-f]{2}){4}$/);
        expect(parseInt(mac.slice(0, 2), 16) & 0b11).toBe(0b10);
      }),
    );
  });

  it("adding a host never changes another host's part of the plan (OVN), nor the tunnels among the others (mesh)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.constantFrom('mesh', 'ovn-1', 'ovn-3'), (count, kind) => {
        const engine: FabricEngineSpec =
          kind === 'mesh' ? MESH : { ...OVN, central: kind === 'ovn-1' ? ['h1'] : ['h1', 'h2', 'h3'] } as FabricEngineSpec;
        const hosts = kind === 'ovn-3' ? Math.max(count, 3) : count;
        const before = planOverlayFabric(input(engine, hosts));
        const after = planOverlayFabric(input(engine, hosts + 1));
        expect(after.problems).toEqual([]);
        expect(after.hosts.slice(0, hosts)).toEqual(before.hosts);
        for (const [service, address] of before.addresses) expect(after.addresses.get(service)).toBe(address);
        if (before.engine.type === 'ovn' && after.engine.type === 'ovn') {
          const { chassis, ports, ...shared } = after.engine;
          const { chassis: oldChassis, ports: oldPorts, ...oldShared } = before.engine;
          expect(shared).toEqual(oldShared);
          expect(chassis.slice(0, hosts)).toEqual(oldChassis);
          expect(ports.slice(0, hosts)).toEqual(oldPorts);
        } else {
          const old = (before.engine as MeshEnginePlan).tunnels;
          expect((after.engine as MeshEnginePlan).tunnels.slice(0, old.length)).toEqual(old);
          expect((after.engine as MeshEnginePlan).tunnels.length - old.length).toBe(2 * hosts);
        }
      }),
    );
  });
});
