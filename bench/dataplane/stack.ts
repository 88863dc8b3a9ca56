/**
 * The smallest fabric that measures the data plane: two lab hosts, one
 * container on each with a fabric address, deployed by real Terraform (as the
 * lab tests do). lab/fabric-stack.ts needs three hosts for the article's
 * application; throughput needs one pair.
 */
import { join } from 'node:path';
import type { LabEndpoint } from '../../lab/connectivity.js';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import type { Lab } from '../../lab/lab.js';
import { labDockerHost } from '../../lab/lab-docker-host.js';
import { terraformIn } from '../../lab/terraform.js';
import { App, LocalBackend, TerraformStack } from '../../lib/constructs/cdktf.js';
import { FabricEngine, OverlayFabric, Service, type Encapsulation, type MtuPolicy, type Tunnel, type TunnelType } from '../../lib/index.js';

/** One fabric to measure. */
export interface FabricCase {
  readonly engine: 'mesh' | 'ovn';
  readonly tunnel: TunnelType;
  readonly mtuPolicy: MtuPolicy;
}

/** A deployed two-host fabric. */
export interface DeployedFabric {
  readonly stackDir: string;
  /** The sender (on h1) and the receiver (on h2). */
  readonly from: LabEndpoint;
  readonly to: LabEndpoint;
  readonly containerMtu: number;
  readonly underlayMtu: number;
  /** Names on each host, for the experiments: the fabric's OVS bridge, the physical bridge, the Docker bridge. */
  readonly ovsBridge: string;
  readonly physicalBridge: string;
  readonly dockerBridge: string;
}

export const HOSTS = ['h1', 'h2'] as const;

/** Synthesizes and deploys `fabricCase` on h1 and h2 of `lab`; `terraform destroy` in `stackDir` undoes it. */
export async function deployFabric(lab: Lab, fabricCase: FabricCase, workdir: string, image: string): Promise<DeployedFabric> {
  const name = `dp-${fabricCase.engine}-${fabricCase.tunnel}-${fabricCase.mtuPolicy}`;
  const app = new App({ outdir: join(workdir, name) });
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: join(workdir, `${name}.tfstate`) });
  const [h1, h2] = HOSTS.map((n) => ({ labHost: lab.host(n), host: labDockerHost(stack, lab.host(n)) }));
  // The cases pair each engine with its own tunnel types (bench/dataplane/experiments.ts); the engine checks it again.
  const engine =
    fabricCase.engine === 'ovn'
      ? FabricEngine.ovn({ central: h1!.host, encapsulation: fabricCase.tunnel as Encapsulation })
      : FabricEngine.mesh({ tunnel: fabricCase.tunnel as Tunnel });
  const fabric = new OverlayFabric(stack, 'fabric', { name: 'bench-fabric', subnet: '10.50.0.0/16', datapath: 'netdev', engine, mtuPolicy: fabricCase.mtuPolicy });
  const services = [h1!, h2!].map(({ labHost, host }) => {
    fabric.addHost(host, { underlayAddress: labHost.options.underlayAddress!, underlayInterface: 'u0' });
    const service = new Service(stack, `Iperf-${labHost.name}`, { host, image: 'busybox:1.36' });
    fabric.assign(service);
    return { service, labHost };
  });
  app.synth();
  const stackDir = join(workdir, name, 'stacks', name);
  writeLabDeployableConfig(stackDir, { image });
  await terraformIn(stackDir, ['init', '-input=false']);
  await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false']);
  const [from, to] = services.map(({ service, labHost }) => ({ name: service.name, labHost, address: fabric.plannedAddress(service)! }));
  const { containerMtu, underlayMtu } = fabric.mtu();
  const plan = fabric.plan();
  return { stackDir, from: from!, to: to!, containerMtu, underlayMtu, ovsBridge: fabric.ovsBridge, physicalBridge: plan.physicalBridge, dockerBridge: fabric.dockerBridge };
}

/** Undoes `deployFabric`; a failure is reported, not thrown (the lab's sweep removes the rest). */
export async function destroyFabric(deployed: DeployedFabric): Promise<void> {
  const result = await terraformIn(deployed.stackDir, ['destroy', '-auto-approve', '-input=false'], false);
  if (result.exitCode !== 0) console.error(`terraform destroy failed in ${deployed.stackDir}: ${result.stderr.slice(0, 300)}`);
}
