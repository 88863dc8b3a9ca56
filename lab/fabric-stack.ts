import { join } from 'node:path';
import { App, LocalBackend, TerraformStack } from '../lib/constructs/cdktf.js';
import {
  Connectivity,
  EncompassStack,
  OverlayFabric,
  Service,
  type DockerHost,
  type FabricEngine,
  type OverlayFabricProps,
} from '../lib/index.js';
import { writeLabDeployableConfig } from './docker-provider-stand-in.js';
import type { Lab, LabHost } from './lab.js';
import { labDockerHost } from './lab-docker-host.js';

/** What the lab's fabric stack is made of. */
export interface LabFabricOptions {
  readonly lab: Lab;
  /** Lab hosts in the fabric, in slot order: the first three run Elasticsearch, MongoDB and Tomcat; others a probe. */
  readonly hostNames: readonly string[];
  /** The lab image every container runs (imported on the hosts, e.g. `lab/busybox:1`). */
  readonly image: string;
  /** cdktf output directory. */
  readonly outdir: string;
  readonly stackName: string;
  /** Terraform state file, outside `outdir` so re-synthesizing keeps it. */
  readonly statePath: string;
  /** The fabric's engine, or a function of the stack's hosts that makes it (OVN names its central hosts). @default FabricEngine.mesh(): GRE, protected tunnel ports */
  readonly engine?: FabricEngine | ((hosts: readonly DockerHost[]) => FabricEngine);
  /** Hosts that get one more probe container each (`Extra-<host>`), e.g. to add a port to a running fabric. @default none */
  readonly extraProbes?: readonly string[];
  /**
   * Lab hosts declared as hosts of the stack without joining the fabric: a host
   * that leaves the fabric but stays declared has its agent remove what the
   * stack made there (a host whose DockerHost leaves the code keeps it). @default none
   */
  readonly otherHosts?: readonly string[];
  /** More fabric settings (MTU policy…). @default raise-underlay */
  readonly fabricProps?: Partial<Pick<OverlayFabricProps, 'mtuPolicy' | 'underlayMtu' | 'containerMtu'>>;
}

export interface LabFabric {
  /** Directory to run terraform in: its `cdk.tf.json` deploys the synthesized one (kept beside it) through stand-ins. */
  readonly stackDir: string;
  readonly fabric: OverlayFabric;
  /** Every service, each with the lab host it runs on. */
  readonly services: ReadonlyArray<{ readonly service: Service; readonly labHost: LabHost }>;
}

/**
 * The prod topology on the lab: the ES/MongoDB/Tomcat application spread over
 * lab hosts joined by an overlay fabric. The lab's OVS has no kernel module, so
 * the fabric uses the netdev datapath. Terraform manages the containers, as in
 * prod: the stack is synthesized with its Docker networks, images and
 * containers, and Terraform deploys them through stand-ins that run the docker
 * CLI against each lab host's dockerd (see docker-provider-stand-in.ts).
 */
export function synthLabFabric(options: LabFabricOptions): LabFabric {
  const app = new App({ outdir: options.outdir });
  const stack = new TerraformStack(app, options.stackName);
  new LocalBackend(stack, { path: options.statePath });
  const hosts = options.hostNames.map((name) => {
    const labHost = options.lab.host(name);
    return { host: labDockerHost(stack, labHost), labHost };
  });
  for (const name of options.otherHosts ?? []) labDockerHost(stack, options.lab.host(name));
  const engine = typeof options.engine === 'function' ? options.engine(hosts.map((h) => h.host)) : options.engine;
  const fabric = new OverlayFabric(stack, 'fabric', {
    name: 'lab-fabric',
    subnet: '10.50.0.0/16',
    datapath: 'netdev',
    ...(engine ? { engine } : {}),
    ...options.fabricProps,
  });
  for (const { host, labHost } of hosts) fabric.addHost(host, { underlayAddress: labHost.options.underlayAddress!, underlayInterface: 'u0' });
  const [a, b, c, ...rest] = hosts;
  if (!a || !b || !c) throw new Error('the lab fabric needs at least three hosts');
  const encompass = new EncompassStack(stack, 'encompass', {
    host: a.host,
    placement: { elasticsearch: a.host, mongodb: b.host, tomcat: c.host },
    connectivity: Connectivity.FABRIC,
    fabric,
  });
  const services = [
    { service: encompass.elasticsearch, labHost: a.labHost },
    { service: encompass.mongodb, labHost: b.labHost },
    { service: encompass.tomcat, labHost: c.labHost },
  ];
  const probe = (name: string, { host, labHost }: (typeof hosts)[number]) => {
    const service = new Service(stack, name, { host, image: 'busybox:1.36' });
    fabric.assign(service);
    services.push({ service, labHost });
  };
  for (const member of rest) probe(`Probe-${member.labHost.name}`, member);
  for (const name of options.extraProbes ?? []) probe(`Extra-${name}`, hosts.find((h) => h.labHost.name === name)!);
  app.synth();
  const stackDir = join(options.outdir, 'stacks', options.stackName);
  writeLabDeployableConfig(stackDir, { image: options.image });
  return { stackDir, fabric, services };
}
