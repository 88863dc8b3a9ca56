/**
 * The fabric the scale benchmark synthesizes: N hosts with S services each,
 * every service on one OverlayFabric, joined either by the mesh engine (a
 * tunnel between every pair of hosts) or by OVN (the first three hosts, or all
 * of them when fewer, run the clustered control plane). Hosts are plain SSH
 * endpoints: synth needs no lab.
 */
import { join } from 'node:path';
import { LocalBackend, type TerraformStack } from '../../lib/constructs/cdktf.js';
import { DockerHost, FabricEngine, OverlayFabric, Service } from '../../lib/index.js';

export const ENGINES = ['mesh', 'ovn'] as const;
export type Engine = (typeof ENGINES)[number];

/** What one synthesized stack holds. */
export interface ScaleTopology {
  readonly engine: Engine;
  readonly hosts: number;
  readonly servicesPerHost: number;
}

/** The stack's name in the app's output (`stacks/<name>/cdk.tf.json`). */
export const STACK_NAME = 'scale';

/** `stacks/<name>/cdk.tf.json` of an app's output directory. */
export const configPath = (outdir: string) => join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json');

/** Host h's underlay address: 10.200.0.0/16 holds far more hosts than the benchmark needs (h counts from 0). */
export function underlayAddress(h: number): string {
  return `10.200.${Math.floor((h + 1) / 250)}.${((h + 1) % 250) + 1}`;
}

/** Declares the topology in `stack`. */
export function declareTopology(stack: TerraformStack, topology: ScaleTopology): void {
  // Relative: the state lands beside cdk.tf.json wherever Terraform runs it, not in the checkout.
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  const hosts = Array.from({ length: topology.hosts }, (_, h) => new DockerHost(stack, `host-${h}`, { endpoint: `ssh://root@${underlayAddress(h)}` }));
  const engine = topology.engine === 'mesh' ? FabricEngine.mesh() : FabricEngine.ovn({ central: hosts.slice(0, 3) });
  // One /24 per host of a /12: room for 4,096 hosts of up to 253 services.
  const fabric = new OverlayFabric(stack, 'fabric', { subnet: '10.64.0.0/12', hostPrefixLength: 24, engine });
  hosts.forEach((host, h) => {
    fabric.addHost(host, { underlayAddress: `${underlayAddress(h)}/16` });
    for (let s = 0; s < topology.servicesPerHost; s++) fabric.assign(new Service(stack, `svc-${h}-${s}`, { host, image: 'busybox:1.36' }));
  });
}
