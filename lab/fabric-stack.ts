import { join } from 'node:path';
import { App, LocalBackend, TerraformStack } from '../lib/constructs/cdktf.js';
import {
  Connectivity,
  EncompassStack,
  OverlayFabric,
  Service,
  type LoopPrevention,
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
  /** @default "protected" */
  readonly loopPrevention?: LoopPrevention;
  /** More fabric settings (tunnel type, MTU policy…). @default GRE, raise-underlay */
  readonly fabricProps?: Partial<Pick<OverlayFabricProps, 'tunnel' | 'mtuPolicy' | 'underlayMtu' | 'containerMtu'>>;
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
  const fabric = new OverlayFabric(stack, 'fabric', {
    name: 'lab-fabric',
    subnet: '10.50.0.0/16',
    datapath: 'netdev',
    loopPrevention: options.loopPrevention ?? 'protected',
    ...options.fabricProps,
  });
  const hosts = options.hostNames.map((name) => {
    const labHost = options.lab.host(name);
    const host = labDockerHost(stack, labHost);
    fabric.addHost(host, { underlayAddress: labHost.options.underlayAddress!, underlayInterface: 'u0' });
    return { host, labHost };
  });
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
  for (const { host, labHost } of rest) {
    const probe = new Service(stack, `Probe-${labHost.name}`, { host, image: 'busybox:1.36' });
    fabric.assign(probe);
    services.push({ service: probe, labHost });
  }
  app.synth();
  const stackDir = join(options.outdir, 'stacks', options.stackName);
  writeLabDeployableConfig(stackDir, { image: options.image });
  return { stackDir, fabric, services };
}
