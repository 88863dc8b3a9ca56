import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { connectivityMatrix, type LabEndpoint } from '../../lab/connectivity.js';
import { hostSnapshot as snapshot, ovsBridges, ovsObjects, processAlive, type HostSnapshot } from '../../lab/host-snapshot.js';
import { fabricLabHosts, Lab, watcherPidfiles, type LabHost } from '../../lab/lab.js';
import { labDockerHost } from '../../lab/lab-docker-host.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import { planExitCode, terraformIn } from '../../lab/terraform.js';
import { App, LocalBackend, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, FabricEngine, OverlayFabric, Service, StaticNetwork } from '../../lib/index.js';

/**
 * Day two on real parts: three lab hosts, a provisioner-mode static network on
 * h1 (two containers on docker0, as in the article) and a netdev fabric across
 * all three (one container each). Containers restart, daemons restart, a host
 * reboots: the hosts' watchers restore what the code declares, with no
 * Terraform run. Things leave the code: the ordinary apply removes exactly what
 * the library made for them (found by its ownership mark) and nothing the
 * library did not make. Waits below are deadlines for eventual states, not
 * timing limits; bench/ measures how long healing takes.
 */
const PREFIX = 'cdnday';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;
const HOSTS = ['h1', 'h2', 'h3'] as const;
const STACK = 'daytwo';
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'bin', 'cdktf-docker-network.ts');

/** What the code declares; each test removes or restores a part. */
interface Declared {
  readonly staticNetwork: boolean;
  /** Whether `db` keeps its static address. */
  readonly dbAssigned: boolean;
  /** Fabric hosts (the DockerHosts stay declared either way); none: no fabric. */
  readonly fabricHosts: readonly string[];
  /** @default "protected" */
  readonly loopPrevention?: 'protected' | 'rstp';
}
const EVERYTHING: Declared = { staticNetwork: true, dbAssigned: true, fabricHosts: HOSTS };

describe('day two: restarts heal, removals clean up (lab, root)', () => {
  let lab: Lab;
  let workdir: string;
  let stackDir: string;
  let fabric: OverlayFabric | undefined;
  let staticNetwork: StaticNetwork | undefined;
  let services: Record<string, Service> = {};
  const before = new Map<string, HostSnapshot>();

  const labHost = (name: string) => lab.host(name);
  /** Synthesizes the stack as `declared` says, into the same directory (the state lives outside it). */
  const synth = (declared: Declared) => {
    const app = new App({ outdir: join(workdir, 'out') });
    const stack = new TerraformStack(app, STACK);
    new LocalBackend(stack, { path: join(workdir, 'daytwo.tfstate') });
    const hosts = Object.fromEntries(HOSTS.map((name) => [name, labDockerHost(stack, labHost(name))]));
    services = {
      web: new Service(stack, 'web', { host: hosts.h1!, image: 'busybox:1.36' }),
      db: new Service(stack, 'db', { host: hosts.h1!, image: 'busybox:1.36' }),
      f1: new Service(stack, 'f1', { host: hosts.h1!, image: 'busybox:1.36' }),
      f2: new Service(stack, 'f2', { host: hosts.h2!, image: 'busybox:1.36' }),
      f3: new Service(stack, 'f3', { host: hosts.h3!, image: 'busybox:1.36' }),
    };
    staticNetwork = undefined;
    if (declared.staticNetwork) {
      staticNetwork = new StaticNetwork(stack, 'pipework', {
        host: hosts.h1!,
        mode: AddressMode.PROVISIONER,
        subnet: '10.42.1.0/24',
        gateway: '10.42.1.1',
        dynamicRange: '10.42.1.0/25',
      });
      staticNetwork.assign(services.web!, { address: '10.42.1.200' });
      if (declared.dbAssigned) staticNetwork.assign(services.db!, { address: '10.42.1.201' });
    }
    fabric = undefined;
    if (declared.fabricHosts.length > 0) {
      fabric = new OverlayFabric(stack, 'fabric', { name: 'dayfab', subnet: '10.50.0.0/16', datapath: 'netdev', engine: FabricEngine.mesh({ loopPrevention: declared.loopPrevention ?? 'protected' }) });
      for (const name of declared.fabricHosts) {
        const index = HOSTS.indexOf(name as (typeof HOSTS)[number]);
        fabric.addHost(hosts[name]!, { underlayAddress: `192.168.77.${11 + index}/24`, underlayInterface: 'u0', slot: index });
        fabric.assign(services[`f${index + 1}`]!);
      }
    }
    app.synth();
    stackDir = join(workdir, 'out', 'stacks', STACK);
    // Terraform creates the containers and Docker networks the JSON declares, through the lab's stand-ins.
    writeLabDeployableConfig(stackDir, { image: IMAGE });
  };
  const apply = async () => (await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false'])).stdout;

  const fabricEndpoints = (): LabEndpoint[] =>
    (fabric?.hosts ?? []).map((host) => {
      const service = services[`f${HOSTS.indexOf(host.name as (typeof HOSTS)[number]) + 1}`]!;
      return { name: service.name, labHost: labHost(host.name), address: fabric!.plannedAddress(service)! };
    });
  const eth1 = async (container: string) =>
    (await labHost('h1').docker(['exec', container, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth1'], { reject: false })).stdout;
  /** Polls until `check` holds or the deadline passes; returns whether it held. */
  const eventually = async (check: () => Promise<boolean>, deadlineMs = 60_000) => {
    const end = Date.now() + deadlineMs;
    for (;;) {
      if (await check()) return true;
      if (Date.now() > end) return false;
      await sleep(250);
    }
  };
  const staticAddressesBack = () => eventually(async () => (await eth1('web')).includes('inet 10.42.1.200/24') && (await eth1('db')).includes('inet 10.42.1.201/24'));
  const fabricWhole = () => eventually(async () => (await connectivityMatrix(fabricEndpoints())).every((cell) => cell.reachable), 120_000);
  /** The package's CLI, as an operator runs it. */
  const cli = (...args: string[]) => execa(process.execPath, [TSX, CLI, ...args], { cwd: ROOT, reject: false, env: { CHECKPOINT_DISABLE: '1' } });
  const verify = (...more: string[]) => cli('verify', stackDir, ...more);
  /**
   * After a fault: no object twice — one watcher per host (its process-group
   * leader) and exactly the ledger's marked veths.
   */
  const noDuplicates = async () => {
    for (const name of HOSTS) {
      const host = labHost(name);
      const dir = join(host.stateDirectory, STACK);
      if (!existsSync(join(dir, 'objects'))) continue;
      expect(watcherLeaders(join(dir, 'watch.sh'))).toHaveLength(1);
      const marked = (await host.run('ip', ['-o', 'link', 'show'])).stdout.split('\n').filter((l) => l.endsWith(`alias cdktf-docker-network:owner=${STACK}`));
      expect(marked).toHaveLength(readdirSync(join(dir, 'objects')).filter((f) => f.startsWith('static-attachment.')).length);
    }
  };
  /** Runs `fault` with the host's watcher stopped (so the drift stays for verify to see), then starts the watcher again. */
  const withoutWatcher = async (name: string, fault: () => Promise<void>) => {
    await lab.stopWatchers(name);
    try {
      await fault();
    } finally {
      await lab.startWatchers(labHost(name));
    }
  };
  /** Everything as planned: verify (with reachability) exits 0, the fabric is whole, nothing twice. */
  const asPlanned = async () => {
    expect(await eventually(async () => (await verify('--reachability')).exitCode === 0)).toBe(true);
    expect(await fabricWhole()).toBe(true);
    await noDuplicates();
  };
  const runningWatchers = (name: string) => watcherPidfiles(labHost(name).stateDirectory).filter((pidfile) => processAlive(pidfile));

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({
      prefix: PREFIX,
      hosts: fabricLabHosts(HOSTS, { dockerRange: true }),
    });
    await lab.importImage(IMAGE);
    workdir = mkdtempSync(join(tmpdir(), 'cdn-lab-daytwo-'));
    for (const name of HOSTS) before.set(name, await snapshot(labHost(name)));
    synth(EVERYTHING);
    await terraformIn(stackDir, ['init', '-input=false']);
  }, LONG);

  afterAll(async () => {
    if (stackDir) await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false);
    await lab?.destroy();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  }, LONG);

  it('apply: the containers run with a restart policy, the planned addresses, the fabric whole, one watcher per host with its ledger', async () => {
    await apply();
    expect((await labHost('h1').docker(['inspect', '--format', '{{.HostConfig.RestartPolicy.Name}}', 'db'])).stdout.trim()).toBe('unless-stopped');
    expect(await eth1('web')).toContain('inet 10.42.1.200/24');
    expect(await eth1('db')).toContain('inet 10.42.1.201/24');
    expect(await fabricWhole()).toBe(true);
    for (const name of HOSTS) {
      expect(runningWatchers(name)).toHaveLength(1);
      const ledger = readdirSync(join(labHost(name).stateDirectory, STACK, 'objects')).sort();
      expect(ledger.filter((f) => f.startsWith('fabric-bridge.'))).toHaveLength(1);
      expect(ledger.filter((f) => f.startsWith('fabric-tunnel.'))).toHaveLength(2);
      expect(ledger.filter((f) => f.startsWith('static-attachment.'))).toHaveLength(name === 'h1' ? 2 : 0);
    }
    expect(await planExitCode(stackDir)).toBe(0);
  }, LONG);

  it('docker restart, and a stop then start: the static address comes back with no Terraform run', async () => {
    // Without the watcher, verify shows the drift a restart causes...
    await withoutWatcher('h1', async () => {
      await labHost('h1').docker(['restart', 'db']);
      const drift = await verify();
      expect({ exitCode: drift.exitCode, text: drift.stdout }).toEqual({ exitCode: 1, text: expect.stringContaining('container db has no interface eth1') });
    });
    // ...and the watcher, started again, heals it.
    expect(await staticAddressesBack()).toBe(true);
    await asPlanned();
    await labHost('h1').docker(['restart', 'db']);
    expect(await staticAddressesBack()).toBe(true);
    await labHost('h1').docker(['stop', 'web']);
    expect(await eth1('web')).toBe('');
    await labHost('h1').docker(['start', 'web']);
    expect(await staticAddressesBack()).toBe(true);
    await asPlanned();
  }, LONG);

  it('dockerd restarts: the containers come back by their restart policy, and their addresses with them', async () => {
    await withoutWatcher('h1', async () => {
      await lab.restartDocker('h1');
      expect(await eventually(async () => (await labHost('h1').docker(['inspect', '--format', '{{.State.Running}}', 'web'])).stdout.trim() === 'true')).toBe(true);
      const drift = await verify();
      expect(drift.exitCode).toBe(1);
      expect(drift.stdout).toContain('container web has no interface eth1');
    });
    expect(await staticAddressesBack()).toBe(true);
    await asPlanned();
  }, LONG);

  it('ovs-vswitchd and ovsdb-server restart: nothing drifts, the fabric is whole', async () => {
    await withoutWatcher('h2', async () => {
      await lab.restartOpenvswitch('h2');
      // The database keeps every bridge and port, and the bridge's own port keeps its place on the Docker bridge.
      const after = await verify();
      expect({ exitCode: after.exitCode, text: after.stdout }).toEqual({ exitCode: 0, text: expect.stringContaining('no drift') });
    });
    await asPlanned();
  }, LONG);

  it('a host reboots: its watcher, started at boot, rejoins the fabric', async () => {
    await lab.reboot('h3', { startWatchers: false });
    const drift = await verify();
    expect(drift.exitCode).toBe(1);
    expect(drift.stdout).toMatch(/bridge cdno-[0-9a-f]{8} is not joined to the Docker bridge cdnf-/);
    // What the watcher's unit does at boot.
    await lab.startWatchers(labHost('h3'));
    expect(runningWatchers('h3')).toHaveLength(1);
    await asPlanned();
    // Nothing Terraform knows about changed.
    expect(await planExitCode(stackDir)).toBe(0);
  }, LONG);

  it("a peer's underlay link down for 10 s, then up: nothing on the hosts drifts, reachability returns by itself", async () => {
    const h2 = labHost('h2');
    await h2.run('ip', ['link', 'set', 'dev', 'u0', 'down']);
    try {
      // No object of the library changes: only reachability fails while the link is down.
      expect((await verify()).exitCode).toBe(0);
      const during = await verify('--reachability');
      expect(during.exitCode).toBe(1);
      expect(during.stdout).toContain('does not reach');
      await sleep(10_000);
    } finally {
      await h2.run('ip', ['link', 'set', 'dev', 'u0', 'up']);
      // With the netdev datapath the address lives on the physical bridge; link state is all that changed.
    }
    await asPlanned();
  }, LONG);

  it('terraform apply killed half-way, then run again: the hosts end up as planned, nothing twice', async () => {
    // A change that replaces work on every host: a new loop-prevention mode re-runs every fabric script.
    const args = ['terraform', `-chdir=${stackDir}`, 'apply', '-auto-approve', '-input=false'];
    synth({ ...EVERYTHING, loopPrevention: 'rstp' });
    const applying = execa(args[0]!, args.slice(1), { reject: false, env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' } });
    // Kill it once it has started provisioning, as a lost CI runner or a second Ctrl-C would.
    for (let waited = 0; waited < 60_000; waited += 100) {
      if (String(applying.stdout ?? '').includes('Provisioning with') || applying.exitCode !== undefined) break;
      await sleep(100);
    }
    applying.kill('SIGKILL');
    await applying;
    await apply();
    expect(await planExitCode(stackDir)).toBe(0);
    await asPlanned();
    synth(EVERYTHING);
    await apply();
    await asPlanned();
  }, LONG);

  it('removing an assignment from the code: apply removes its veth, and a foreign veth on the same bridge stays', async () => {
    const h1 = labHost('h1');
    // Named like the library's own veths, on the same bridge, but without the ownership mark.
    await h1.run('ip', ['link', 'add', 'cdn0123456789', 'type', 'veth', 'peer', 'name', 'cdp0123456789']);
    await h1.run('ip', ['link', 'set', 'dev', 'cdn0123456789', 'master', 'docker0', 'up']);
    const dbVeth = staticNetwork!.attachmentOf(services.db!)!.resource;
    const dbHostInterface = (JSON.parse(readFileSync(join(stackDir, 'cdk.synthesized.json'), 'utf8')).resource.terraform_data[dbVeth.friendlyUniqueId].input.variables as Record<string, string>).CDN_HOST_IF!;
    expect(await linkExists(h1, dbHostInterface)).toBe(true);

    synth({ ...EVERYTHING, dbAssigned: false });
    await apply();
    expect(await linkExists(h1, dbHostInterface)).toBe(false);
    expect(await eth1('db')).toBe('');
    expect(await eth1('web')).toContain('inet 10.42.1.200/24');
    expect((await h1.run('ip', ['-o', 'link', 'show', 'dev', 'cdn0123456789'])).stdout).toContain(' master docker0 ');
    // The watcher no longer restores it either.
    await h1.docker(['restart', 'db']);
    await sleep(5000);
    expect(await eth1('db')).toBe('');
    expect(await planExitCode(stackDir)).toBe(0);
  }, LONG);

  it('removing a host from the fabric: its bridges, tunnels to it and raised MTU go; a foreign port on a peer\'s bridge stays', async () => {
    const h1 = labHost('h1');
    await h1.run('ovs-vsctl', ['add-port', fabric!.ovsBridge, 'foreign0', '--', 'set', 'interface', 'foreign0', 'type=internal']);
    synth({ ...EVERYTHING, dbAssigned: false, fabricHosts: ['h1', 'h2'] });
    await apply();
    const h3 = labHost('h3');
    expect(await ovsObjects(h3)).toEqual([]);
    expect((await h3.run('ip', ['-o', '-4', 'addr', 'show', 'dev', 'u0'])).stdout).toContain('inet 192.168.77.13/24');
    expect((await h3.run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout).toContain(' mtu 1500 ');
    expect(runningWatchers('h3')).toEqual([]);
    for (const name of ['h1', 'h2']) {
      const remotes = (await labHost(name).run('ovs-vsctl', ['--data=bare', '--no-heading', '--columns=options', 'list', 'interface'])).stdout;
      expect(remotes).not.toContain('192.168.77.13');
    }
    expect((await h1.run('ovs-vsctl', ['list-ports', fabric!.ovsBridge])).stdout.split('\n')).toContain('foreign0');
    expect(await fabricWhole()).toBe(true);
    expect(await planExitCode(stackDir)).toBe(0);
  }, LONG);

  it('removing the fabric and the static network: nothing of the library is left; a bridge holding a foreign port is kept and said so', async () => {
    synth({ staticNetwork: false, dbAssigned: false, fabricHosts: [] });
    const output = await apply();
    const h1 = labHost('h1');
    expect(output).toContain(`keeping Open vSwitch bridge ${'cdno-'}`);
    expect((await h1.run('ovs-vsctl', ['list-ports', (await ovsBridges(h1)).find((b) => b.startsWith('cdno-'))!])).stdout.trim()).toBe('foreign0');
    await h1.run('ovs-vsctl', ['del-port', 'foreign0']);
    await h1.run('ip', ['link', 'del', 'cdn0123456789']);
    for (const name of ['h2', 'h3']) expect(await snapshot(labHost(name))).toEqual(before.get(name));
    for (const name of HOSTS) expect(runningWatchers(name)).toEqual([]);
    // The foreign port gone, running h1's reconcile step again (as the message says) removes the bridge and restores the MTU.
    const agent = /apply -replace=(terraform_data\.\S+)/.exec(output)?.[1];
    expect(agent).toMatch(/^terraform_data\.h1_agent_reconcile_/);
    await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false', `-replace=${agent}`]);
    expect(await snapshot(h1)).toEqual(before.get('h1'));
  }, LONG);

  it('everything declared again, then destroyed: every host is as before the first apply', async () => {
    synth(EVERYTHING);
    await apply();
    expect(await staticAddressesBack()).toBe(true);
    expect(await fabricWhole()).toBe(true);
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false']);
    for (const name of HOSTS) expect(await snapshot(labHost(name))).toEqual(before.get(name));
  }, LONG);
});

/** Pids of the process-group leaders running `script`: one per running watcher (its loops are children in its group). */
function watcherLeaders(script: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const group = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2];
        return command.includes(script) && group === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

async function linkExists(host: LabHost, name: string): Promise<boolean> {
  return (await host.run('ip', ['link', 'show', 'dev', name], { reject: false })).exitCode === 0;
}
