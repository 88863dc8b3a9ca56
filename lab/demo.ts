import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectivityMatrix, dontFragmentPing, tcpTransfer, type LabEndpoint } from './connectivity.js';
import { SYNTHESIZED_CONFIG_FILE } from './docker-provider-stand-in.js';
import { synthLabFabric } from './fabric-stack.js';
import { Lab } from './lab.js';
import { missingLabPrerequisites, LAB_DEBIAN_PACKAGES } from './prerequisites.js';
import { terraformIn } from './terraform.js';
import { FabricEngine, TUNNEL_TYPES, type DockerHost, type OverlayFabric, type TunnelType } from '../lib/index.js';

/** The fabric's tunnel type, whichever engine builds it. */
const tunnelOf = (fabric: OverlayFabric): TunnelType => {
  const { engine } = fabric.plan();
  return engine.type === 'mesh' ? engine.tunnel : engine.encapsulation;
};

/**
 * `npm run demo`: the article's multi-host setup, end to end, on this machine.
 * Three lab hosts, Elasticsearch / MongoDB / Tomcat one per host, real Terraform
 * deploying the synthesized stack (Docker networks and containers through
 * stand-ins that run the docker CLI, and the overlay fabric), then a
 * connectivity matrix. Cleans up unless `--keep`; `--down` removes a kept demo.
 */
const PREFIX = 'cdndemo';
const IMAGE = 'lab/busybox:1';
const OUT = resolve('demo.out');
const USAGE = `usage: npm run demo [-- [--engine mesh|ovn] [--keep] | --down]
  (no flag)       bring up three lab hosts, deploy the fabric with Terraform, print the connectivity matrix, clean up
  --engine mesh   the article's full mesh of GRE tunnels between Open vSwitch bridges (the default)
  --engine ovn    Open Virtual Network: northbound/southbound databases and ovn-northd on h1, ovn-controller on every host, Geneve
  --keep          leave the lab and the deployment running
  --down          remove a demo left running with --keep`;
const ENGINES = ['mesh', 'ovn'] as const;

const log = (line = '') => console.log(line);

async function down(): Promise<void> {
  const stackDir = join(OUT, 'stacks', 'demo');
  if (existsSync(join(OUT, 'demo.tfstate'))) {
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false']).catch((error: unknown) => {
      log(`terraform destroy failed (${error instanceof Error ? error.message.split('\n')[0] : error}); removing the lab anyway`);
    });
  }
  await Lab.sweep(PREFIX);
  rmSync(join(OUT, 'demo.tfstate'), { force: true });
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { engine: { type: 'string', default: 'mesh' }, keep: { type: 'boolean' }, down: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    log(USAGE);
    return 0;
  }
  const engineType = values.engine as (typeof ENGINES)[number];
  if (!ENGINES.includes(engineType)) {
    console.error(`unknown engine ${JSON.stringify(values.engine)}: use mesh or ovn\n${USAGE}`);
    return 2;
  }
  const missing = await missingLabPrerequisites();
  if (missing.length > 0) {
    console.error(`The demo runs real network namespaces, dockerd, Open vSwitch and Terraform on this machine. Missing:\n  - ${missing.join('\n  - ')}`);
    console.error(`\nInstall, as root:\n  apt-get update && apt-get install -y --no-install-recommends ${LAB_DEBIAN_PACKAGES.join(' ')}`);
    console.error('Terraform (>= 1.4) comes from HashiCorp, not from Debian. Then run `npm run demo` as root.');
    return 1;
  }
  if (values.down) {
    await down();
    log('demo removed');
    return 0;
  }

  log('1/5 starting three lab hosts (network namespaces with their own dockerd and Open vSwitch) on an underlay switch');
  const lab = await Lab.start({
    prefix: PREFIX,
    hosts: [1, 2, 3].map((n) => ({ name: `h${n}`, dockerBridge: { address: `10.42.${n}.1/24` }, underlayAddress: `192.168.77.${10 + n}/24`, openvswitch: true })),
  });
  let deployed = false;
  try {
    await lab.importImage(IMAGE);
    log('2/5 synthesizing the fabric stack (cdktf)');
    rmSync(join(OUT, 'stacks'), { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const engine = engineType === 'ovn' ? (hosts: readonly DockerHost[]) => FabricEngine.ovn({ central: hosts[0]! }) : FabricEngine.mesh();
    const demo = synthLabFabric({ lab, hostNames: ['h1', 'h2', 'h3'], image: IMAGE, outdir: OUT, stackName: 'demo', statePath: join(OUT, 'demo.tfstate'), engine });
    log(`3/5 the Docker provider plugin cannot be downloaded offline: its resources become stand-ins running the docker CLI (cdktf's output kept as ${SYNTHESIZED_CONFIG_FILE})`);
    log(
      engineType === 'ovn'
        ? '4/5 terraform init && terraform apply: containers, the OVN control plane on h1, a chassis (br-int, ovn-controller) per host, a logical port per container'
        : '4/5 terraform init && terraform apply: Docker networks and containers, OVS bridges, GRE full mesh, MTU, loop prevention',
    );
    await terraformIn(demo.stackDir, ['init', '-input=false']);
    deployed = true;
    await terraformIn(demo.stackDir, ['apply', '-auto-approve', '-input=false']);

    log('5/5 connectivity, every container to every other, by fabric address\n');
    const endpoints: LabEndpoint[] = demo.services.map(({ service, labHost }) => ({ name: service.name, labHost, address: demo.fabric.plannedAddress(service)! }));
    const matrix = await connectivityMatrix(endpoints);
    const width = Math.max(...endpoints.map((e) => e.name.length)) + 2;
    log(`${'from \\ to'.padEnd(width)}${endpoints.map((e) => e.name.padEnd(width)).join('')}`);
    for (const from of endpoints) {
      const cells = endpoints.map((to) => (to === from ? '-' : matrix.find((c) => c.from === from.name && c.to === to.name)?.reachable ? 'ok' : 'FAIL'));
      log(`${from.name.padEnd(width)}${cells.map((c) => c.padEnd(width)).join('')}`);
    }
    log();
    for (const e of endpoints) log(`  ${e.name.padEnd(width)} ${e.address.padEnd(14)} on ${e.labHost.name}`);
    const mtu = demo.fabric.mtu();
    const [es, mongo, tomcat] = endpoints;
    const fits = await dontFragmentPing(es!, mongo!, mtu.largestPingPayload);
    const tooBig = await dontFragmentPing(es!, mongo!, mtu.largestPingPayload + 1);
    log(`\nMTU: containers ${mtu.containerMtu}, underlay ${mtu.underlayMtu} (${TUNNEL_TYPES[tunnelOf(demo.fabric)].label} adds ${mtu.overhead} bytes)`);
    log(`  don't-fragment ping of ${mtu.largestPingPayload} bytes: ${fits ? 'crosses' : 'LOST'}; ${mtu.largestPingPayload + 1} bytes: ${tooBig ? 'crosses (unexpected)' : 'refused, as it must be'}`);
    const transfer = await tcpTransfer(tomcat!, es!, 20 * 1024 * 1024);
    log(`  TCP: 20 MiB from Tomcat to Elasticsearch across the overlay at ${(transfer.bitsPerSecond / 1e9).toFixed(2)} Gbit/s`);
    log(`\nDeployed topology: ${join(demo.stackDir, 'cdk.tf.json')} (as cdktf synthesized it: ${SYNTHESIZED_CONFIG_FILE} beside it)`);
    const ok = matrix.every((c) => c.reachable) && fits && !tooBig;
    if (values.keep) {
      log('\nKept running. Reach a host with e.g.:');
      const h1 = lab.host('h1');
      log(`  ${Object.entries(h1.environment).map(([k, v]) => `${k}=${v}`).join(' ')} docker exec ElasticSearch ping -c 1 ${mongo!.address}`);
      log('Remove it with: npm run demo -- --down');
    }
    return ok ? 0 : 1;
  } finally {
    if (!values.keep) {
      log('\ncleaning up: terraform destroy, then the lab');
      if (deployed) await terraformIn(join(OUT, 'stacks', 'demo'), ['destroy', '-auto-approve', '-input=false']).catch(() => undefined);
      await lab.destroy();
      rmSync(join(OUT, 'demo.tfstate'), { force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
