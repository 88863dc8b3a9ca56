import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import { hostSnapshot, type HostSnapshot } from '../../lab/host-snapshot.js';
import { fabricLabHosts, Lab } from '../../lab/lab.js';
import { labDockerHost } from '../../lab/lab-docker-host.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { planExitCode, terraformIn } from '../../lab/terraform.js';
import { App, LocalBackend, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, OverlayFabric, Service, StaticNetwork, type DockerHost } from '../../lib/index.js';

/**
 * Ten rounds each, on real Terraform and real hosts: apply, apply again (its
 * plan is empty), destroy (every host as before the first apply); and apply,
 * remove a host from the fabric and an assignment from the code, apply, put
 * them back, apply (each second apply's plan empty; after each removal the
 * removed host as before, the other holding only what the code still declares).
 */
const PREFIX = 'cdncyc';
const IMAGE = 'lab/busybox:1';
const ROUNDS = 10;
const LONG = 900_000;
const STACK = 'cycles';

describe('cycles of apply, removal and destroy (lab, root)', () => {
  let lab: Lab;
  let workdir: string;
  let stackDir: string;
  const before = new Map<string, HostSnapshot>();

  /** The stack; `removed` takes h2 out of the fabric and db's static address out of the code. */
  const synth = (removed: boolean) => {
    const app = new App({ outdir: join(workdir, 'out') });
    const stack = new TerraformStack(app, STACK);
    new LocalBackend(stack, { path: join(workdir, 'cycles.tfstate') });
    // Every host stays declared: its agent removes what the stack no longer makes there.
    const [h1, h2, h3] = ['h1', 'h2', 'h3'].map((name) => labDockerHost(stack, lab.host(name))) as [DockerHost, DockerHost, DockerHost];
    const network = new StaticNetwork(stack, 'pipework', { host: h1, mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' });
    network.assign(new Service(stack, 'web', { host: h1, image: 'busybox:1.36' }));
    const db = new Service(stack, 'db', { host: h1, image: 'busybox:1.36' });
    if (!removed) network.assign(db);
    const fabric = new OverlayFabric(stack, 'fabric', { name: 'cycfab', subnet: '10.50.0.0/16', datapath: 'netdev' });
    fabric.addHost(h1, { underlayAddress: '192.168.77.11/24', underlayInterface: 'u0', slot: 0 });
    fabric.assign(new Service(stack, 'f1', { host: h1, image: 'busybox:1.36' }));
    const f2 = new Service(stack, 'f2', { host: h2, image: 'busybox:1.36' });
    if (!removed) {
      fabric.addHost(h2, { underlayAddress: '192.168.77.12/24', underlayInterface: 'u0', slot: 1 });
      fabric.assign(f2);
    } else {
      // A fabric needs two hosts: h3 keeps it alive while h2 is out.
      fabric.addHost(h3, { underlayAddress: '192.168.77.13/24', underlayInterface: 'u0', slot: 2 });
    }
    app.synth();
    stackDir = join(workdir, 'out', 'stacks', STACK);
    writeLabDeployableConfig(stackDir, { image: IMAGE });
  };
  const apply = () => terraformIn(stackDir, ['apply', '-auto-approve', '-input=false']);
  const snapshotOf = (name: string) => hostSnapshot(lab.host(name));
  const markedLinks = async (name: string) =>
    (await lab.host(name).run('ip', ['-o', 'link', 'show'])).stdout.split('\n').filter((l) => l.endsWith(`alias cdktf-docker-network:owner=${STACK}`));

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({
      prefix: PREFIX,
      hosts: fabricLabHosts(['h1', 'h2', 'h3'], { dockerRange: true }),
    });
    await lab.importImage(IMAGE);
    workdir = mkdtempSync(join(tmpdir(), 'cdn-lab-cycles-'));
    for (const name of ['h1', 'h2', 'h3']) before.set(name, await snapshotOf(name));
    synth(false);
    await terraformIn(stackDir, ['init', '-input=false']);
  }, LONG);

  afterAll(async () => {
    if (stackDir) await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false);
    await lab?.destroy();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  }, LONG);

  it(`${ROUNDS} rounds of apply, apply, destroy: the second plan is empty, every host as before after each destroy`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await apply();
      expect({ round, plan: await planExitCode(stackDir) }).toEqual({ round, plan: 0 });
      await apply();
      await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false']);
      for (const name of ['h1', 'h2', 'h3']) expect({ round, name, host: await snapshotOf(name) }).toEqual({ round, name, host: before.get(name) });
    }
  }, LONG);

  it(`${ROUNDS} rounds of removing a fabric host and an assignment, then putting them back: nothing left of what was removed`, async () => {
    await apply();
    const declaredOnH1 = (await markedLinks('h1')).length;
    expect(declaredOnH1).toBe(2);
    for (let round = 1; round <= ROUNDS; round++) {
      synth(true);
      await apply();
      expect({ round, plan: await planExitCode(stackDir) }).toEqual({ round, plan: 0 });
      // h2 holds nothing of the library; h1 only web's veth, db's went with its assignment.
      expect({ round, host: await snapshotOf('h2') }).toEqual({ round, host: before.get('h2') });
      expect({ round, links: (await markedLinks('h1')).length }).toEqual({ round, links: 1 });
      synth(false);
      await apply();
      expect({ round, plan: await planExitCode(stackDir) }).toEqual({ round, plan: 0 });
      // h3 was only a stand-in member while h2 was out.
      expect({ round, host: await snapshotOf('h3') }).toEqual({ round, host: before.get('h3') });
      expect({ round, links: (await markedLinks('h1')).length }).toEqual({ round, links: declaredOnH1 });
    }
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false']);
    for (const name of ['h1', 'h2', 'h3']) expect(await snapshotOf(name)).toEqual(before.get(name));
  }, LONG);
});
