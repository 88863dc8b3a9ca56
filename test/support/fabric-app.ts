import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { Connectivity, ContainerPort, DockerHost, EncompassStack, OverlayFabric, type OverlayFabricProps } from '../../lib/index.js';

/** What differs between the "before" and "after" of a reviewed change. */
export interface FabricAppVariant {
  readonly hosts?: readonly string[];
  readonly tomcatOn?: string;
  readonly fabric?: Partial<OverlayFabricProps>;
  readonly publishMongo?: { hostIp: string };
}

/**
 * Synthesizes, with the real App (and so the real topology reports), a stack
 * like prod: a fabric over hosts host-a… with ES, MongoDB and Tomcat on it.
 * Returns the synth output directory.
 */
export function synthFabricApp(variant: FabricAppVariant = {}): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdn-review-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'shop');
  const fabric = new OverlayFabric(stack, 'fabric', { name: 'shop-fabric', subnet: '10.50.0.0/16', ...variant.fabric });
  const hosts = new Map<string, DockerHost>();
  (variant.hosts ?? ['host-a', 'host-b', 'host-c']).forEach((name, i) => {
    const host = new DockerHost(stack, name, { endpoint: `ssh://root@192.0.2.${11 + i}` });
    fabric.addHost(host, { underlayAddress: `192.0.2.${11 + i}/24`, slot: Number(name.charCodeAt(name.length - 1) - 97) });
    hosts.set(name, host);
  });
  const encompass = new EncompassStack(stack, 'encompass', {
    host: hosts.get('host-a')!,
    placement: { elasticsearch: hosts.get('host-a')!, mongodb: hosts.get('host-b')!, tomcat: hosts.get(variant.tomcatOn ?? 'host-c')! },
    connectivity: Connectivity.FABRIC,
    fabric,
  });
  if (variant.publishMongo) encompass.mongodb.publish(ContainerPort.tcp(27017), { hostIp: variant.publishMongo.hostIp });
  app.synth();
  return outdir;
}
