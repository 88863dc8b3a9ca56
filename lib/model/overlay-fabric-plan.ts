import { planAddresses } from './address-plan.js';
import { networkNameProblem } from './docker-names.js';
import { planHostBlocks, type FabricHostPlan } from './fabric-host-blocks.js';
import { interfaceNameProblem, shortHash } from './linux-interface-names.js';
import { planMeshEngine, type MeshEnginePlan, type MeshEngineSpec } from './mesh-engine-plan.js';
import { planOvnEngine, type OvnEnginePlan, type OvnEngineSpec } from './ovn-engine-plan.js';
import type { Problem } from './problem.js';
import { planMtu, type MtuPlan, type MtuPolicy } from './tunnel-mtu.js';

/**
 * The whole plan of one overlay fabric, from its settings alone: each host's
 * block of the subnet, every container's address, the MTUs, the names on the
 * hosts and the engine's own objects. The construct asks once and renders the
 * answer; nothing here knows about cdktf.
 */

/** Open vSwitch datapath of the fabric's bridges. */
export type Datapath = 'system' | 'netdev';

/** Which engine, with its settings. */
export type FabricEngineSpec = MeshEngineSpec | OvnEngineSpec;

/** One host joining the fabric. */
export interface OverlayFabricHostInput {
  /** Where it joins, for messages. */
  readonly path: string;
  readonly name: string;
  readonly underlayAddress: string;
  /** @default "eth0" */
  readonly underlayInterface?: string;
  readonly slot?: number;
}

/** One service given an address on the fabric. */
export interface OverlayFabricAssignmentInput {
  /** The service's construct path. */
  readonly path: string;
  /** Its host's name. */
  readonly host: string;
  /** Its container's name. */
  readonly container: string;
  readonly address?: string;
}

export interface OverlayFabricPlanInput {
  /** The fabric's construct path: messages and default names derive from it. */
  readonly path: string;
  readonly name: string;
  readonly subnet: string;
  readonly hostPrefixLength?: number;
  readonly datapath: Datapath;
  readonly mtuPolicy: MtuPolicy;
  readonly containerMtu?: number;
  readonly underlayMtu?: number;
  /** @default "br-phy" */
  readonly physicalBridge?: string;
  /** @default "cdnf-" and 8 hex digits of the fabric's identity */
  readonly dockerBridge?: string;
  readonly engine: FabricEngineSpec;
  readonly hosts: readonly OverlayFabricHostInput[];
  readonly assignments: readonly OverlayFabricAssignmentInput[];
}

/** What one host gets, with how it joins. */
export interface OverlayFabricHostPlan extends FabricHostPlan {
  readonly underlayAddress: string;
  readonly underlayInterface: string;
}

export interface OverlayFabricPlan {
  readonly name: string;
  readonly subnet: string;
  readonly datapath: Datapath;
  readonly mtuPolicy: MtuPolicy;
  readonly mtu: MtuPlan;
  /** netdev datapath: the OVS bridge that takes over each host's underlay interface and address. */
  readonly physicalBridge: string;
  /** Mesh: the Linux bridge of the fabric's Docker network on each host. */
  readonly dockerBridge: string;
  /** The hosts whose block could be planned, in the order they joined. */
  readonly hosts: readonly OverlayFabricHostPlan[];
  /** Planned address of each assigned service, by construct path. */
  readonly addresses: ReadonlyMap<string, string>;
  readonly engine: MeshEnginePlan | OvnEnginePlan;
  /** Everything wrong with the settings; the plan is only deployable without any. */
  readonly problems: readonly Problem[];
}

/** Plans the whole fabric and reports every problem with its settings. */
export function planOverlayFabric(input: OverlayFabricPlanInput): OverlayFabricPlan {
  const problems: Problem[] = [];
  const at = (message: string, path = input.path) => problems.push({ path, message });
  const identity = [input.path, input.name];
  const tunnel = input.engine.type === 'mesh' ? input.engine.tunnel : input.engine.encapsulation;
  const physicalBridge = input.physicalBridge ?? 'br-phy';
  const dockerBridge = input.dockerBridge ?? `cdnf-${shortHash(8, 'bridge', ...identity)}`;

  const blocks = planHostBlocks({
    path: input.path,
    subnet: input.subnet,
    ...(input.hostPrefixLength !== undefined ? { hostPrefixLength: input.hostPrefixLength } : {}),
    hosts: input.hosts.map((h) => ({ path: h.path, name: h.name, underlayAddress: h.underlayAddress, ...(h.slot !== undefined ? { slot: h.slot } : {}) })),
  });
  problems.push(...blocks.problems);
  const hosts = blocks.hosts.map((block) => {
    const joined = input.hosts.find((h) => h.name === block.name)!;
    return { ...block, underlayAddress: joined.underlayAddress, underlayInterface: joined.underlayInterface ?? 'eth0' };
  });

  const mtu = planMtu({
    tunnel,
    policy: input.mtuPolicy,
    ...(input.containerMtu !== undefined ? { containerMtu: input.containerMtu } : {}),
    ...(input.underlayMtu !== undefined ? { underlayMtu: input.underlayMtu } : {}),
  });
  for (const problem of mtu.problems) at(problem);

  const nameProblem = networkNameProblem(input.name);
  if (nameProblem) at(`fabric ${nameProblem}`);
  const names = input.engine.type === 'mesh' ? [['physical bridge name', physicalBridge], ['Docker bridge name', dockerBridge]] : [['physical bridge name', physicalBridge]];
  for (const [what, name] of names) {
    const problem = interfaceNameProblem(name!, what);
    if (problem) at(problem);
  }
  if (input.hosts.length === 0) at('the fabric has no hosts. Add at least two with addHost()');
  if (input.hosts.length === 1) at(`the fabric has one host ("${input.hosts[0]!.name}"): a tunnel needs two. Add another host`);
  for (const host of input.hosts) {
    const problem = interfaceNameProblem(host.underlayInterface ?? 'eth0', 'underlay interface name');
    if (problem) at(problem, host.path);
  }

  const addresses = planServiceAddresses(input, hosts, problems);

  const engine = input.engine.type === 'mesh'
    ? planMeshEngine(input.path, identity, input.engine, hosts)
    : planOvnEngine(
        input.path,
        input.name,
        identity,
        input.engine,
        input.hosts.map((h) => h.name),
        hosts,
        input.assignments.map((a) => ({ service: a.path, host: a.host, container: a.container, ...(addresses.has(a.path) ? { address: addresses.get(a.path)! } : {}) })),
      );
  problems.push(...engine.problems);

  return { name: input.name, subnet: input.subnet, datapath: input.datapath, mtuPolicy: input.mtuPolicy, mtu, physicalBridge, dockerBridge, hosts, addresses, engine: engine.plan, problems };
}

/** Each host's services get addresses from the static half of the host's block. */
function planServiceAddresses(input: OverlayFabricPlanInput, hosts: readonly FabricHostPlan[], problems: Problem[]): Map<string, string> {
  const addresses = new Map<string, string>();
  const seen = new Set<string>();
  for (const assignment of input.assignments) {
    if (!input.hosts.some((h) => h.name === assignment.host)) {
      problems.push({ path: assignment.path, message: `is on host "${assignment.host}", which is not part of fabric ${input.path}. Add the host with addHost first` });
    }
    if (seen.has(assignment.path)) problems.push({ path: assignment.path, message: `has two addresses on fabric ${input.path}. Assign it once` });
    seen.add(assignment.path);
  }
  for (const host of hosts) {
    const onHost = input.assignments.filter((a) => a.host === host.name);
    const plan = planAddresses(
      { path: input.path, subnet: input.subnet, gateway: host.gateway, dynamicRange: host.dynamicRange, pool: host.staticPool },
      onHost.map((a) => ({ path: a.path, ...(a.address !== undefined ? { address: a.address } : {}) })),
    );
    problems.push(...plan.problems);
    onHost.forEach((a, i) => {
      const address = plan.addresses[i];
      if (address !== undefined && !addresses.has(a.path)) addresses.set(a.path, address);
    });
  }
  return addresses;
}
