/**
 * How soon things come back with no Terraform run, healed by the hosts'
 * watchers (or by nothing at all): three lab hosts (root), deployed by real
 * Terraform: a provisioner-mode static network on h1's docker0 with one
 * container, `db` at 10.42.1.200, and a mesh fabric (default engine) with one
 * container per host.
 *
 * - Container restart (`docker restart -t 0`, and `docker stop` + `docker
 *   start`): from the moment the container started (its `State.StartedAt`:
 *   the watcher acts on Docker's start event, which can come well before the
 *   CLI returns) until the static address answers a ping from h1 (every 10
 *   ms, reply timestamps from ping itself). Beside it, with the same method at
 *   the same time, the container's own Docker address on eth0: the floor,
 *   what Docker alone takes.
 * - Open vSwitch restart on h2 (ovsdb-server and ovs-vswitchd, the lab's
 *   `restartOpenvswitch`, as `systemctl restart openvswitch-switch`): from the
 *   moment it returns until the container on h1 has a reply from the one on h2
 *   across the fabric. Beside it, the container on h1 pinging the one on h3
 *   (a path that does not cross h2): the floor. And the whole outage a flow
 *   sees: a ping every 10 ms from h1's container to h2's running through the
 *   restart, its longest gap between replies and its lost replies.
 *
 *   npm run bench:heal -- [--repeat 10]
 *
 * Writes bench/results/heal.json. Target (issue 11): under 2 s. A fact about
 * this machine, never a pass/fail limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { containerPid, type LabEndpoint } from '../lab/connectivity.js';
import { writeLabDeployableConfig } from '../lab/docker-provider-stand-in.js';
import { fabricLabHosts, Lab, type LabHost } from '../lab/lab.js';
import { labDockerHost } from '../lab/lab-docker-host.js';
import { assertLabPrerequisites } from '../lab/prerequisites.js';
import { terraformIn } from '../lab/terraform.js';
import { App, LocalBackend, TerraformStack } from '../lib/constructs/cdktf.js';
import { AddressMode, OverlayFabric, Service, StaticNetwork } from '../lib/index.js';
import { startContinuousPing, type PingOutcome } from './support/continuous-ping.js';
import { firstReplyMs, namespaceOf, wallClockMs } from './support/first-replies.js';
import { writeResults } from './support/results.js';
import { spreadOf, type Spread } from './support/stats.js';

const PREFIX = 'cdnheal';
const IMAGE = 'lab/busybox:1';
const HOSTS = ['h1', 'h2', 'h3'] as const;
const STATIC_ADDRESS = '10.42.1.200';
const TIMEOUT_MS = 60_000;

/** One kind of fault: time until the healed path answers, time until the floor path answers, their ratio. */
interface HealRow {
  readonly healedMs: Spread;
  readonly floorMs: Spread;
  readonly ratioToFloor: Spread;
  readonly timeouts: number;
}

/** Collects the pairs (healed, floor) of one kind of fault. */
class Samples {
  private readonly healed: number[] = [];
  private readonly floor: number[] = [];
  private timeouts = 0;
  public constructor(private readonly label: string) {}

  public add(healed: number | null, floor: number | null, run: number): void {
    if (healed === null || floor === null) {
      this.timeouts++;
      console.log(`${this.label} #${run}: no reply within ${TIMEOUT_MS / 1000} s (healed ${healed}, floor ${floor})`);
      return;
    }
    this.healed.push(healed);
    this.floor.push(floor);
    console.log(`${this.label} #${run}: ${healed.toFixed(0)} ms (floor ${floor.toFixed(0)} ms)`);
  }

  public row(): HealRow {
    const none = { median: NaN, min: NaN, max: NaN, runs: [] };
    return {
      healedMs: this.healed.length ? spreadOf(this.healed) : none,
      floorMs: this.floor.length ? spreadOf(this.floor) : none,
      ratioToFloor: this.healed.length ? spreadOf(this.healed.map((h, i) => h / Math.max(this.floor[i]!, 1)), 2) : none,
      timeouts: this.timeouts,
    };
  }
}

/** The stack: the static network on h1, the fabric across all three hosts. */
function synth(lab: Lab, workdir: string): { stackDir: string; fabricEndpoints: LabEndpoint[] } {
  const app = new App({ outdir: join(workdir, 'out') });
  const stack = new TerraformStack(app, 'heal');
  new LocalBackend(stack, { path: join(workdir, 'heal.tfstate') });
  const hosts = HOSTS.map((name) => labDockerHost(stack, lab.host(name)));
  const network = new StaticNetwork(stack, 'pipework', { host: hosts[0]!, mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' });
  network.assign(new Service(stack, 'db', { host: hosts[0]!, image: 'busybox:1.36' }), { address: STATIC_ADDRESS });
  const fabric = new OverlayFabric(stack, 'fabric', { name: 'healfab', subnet: '10.50.0.0/16', datapath: 'netdev' });
  const members = hosts.map((host, i) => {
    fabric.addHost(host, { underlayAddress: lab.host(HOSTS[i]!).options.underlayAddress!, underlayInterface: 'u0', slot: i });
    const service = new Service(stack, `f${i + 1}`, { host, image: 'busybox:1.36' });
    fabric.assign(service);
    return { service, labHost: lab.host(HOSTS[i]!) };
  });
  app.synth();
  const stackDir = join(workdir, 'out', 'stacks', 'heal');
  writeLabDeployableConfig(stackDir, { image: IMAGE });
  return { stackDir, fabricEndpoints: members.map(({ service, labHost }) => ({ name: service.name, labHost, address: fabric.plannedAddress(service)! })) };
}

/** After `fault`: ms from the container's start until the static address answers, and until its Docker address does, both pinged from h1. */
async function containerBack(host: LabHost, fault: () => Promise<unknown>): Promise<[number | null, number | null]> {
  await fault();
  const [startedAt, dockerAddress] = (await host.docker(['inspect', '--format', '{{.State.StartedAt}} {{.NetworkSettings.Networks.bridge.IPAddress}}', 'db'])).stdout.trim().split(' ');
  const since = startedAtMs(startedAt!);
  const fromHost = namespaceOf({ netns: host.namespace });
  return Promise.all([firstReplyMs(fromHost, STATIC_ADDRESS, since, TIMEOUT_MS), firstReplyMs(fromHost, dockerAddress, since, TIMEOUT_MS)]);
}

/** Docker's RFC 3339 start time (nanoseconds) as wall-clock milliseconds, keeping the sub-millisecond part Date.parse drops. */
function startedAtMs(text: string): number {
  const fraction = /\.(\d+)Z$/.exec(text)?.[1] ?? '0';
  return Date.parse(text.replace(/\.\d+Z$/, 'Z')) + Number(`0.${fraction}`) * 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeat: { type: 'string', default: '10' } } });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat: give a positive whole number');
  await assertLabPrerequisites();
  const lab = await Lab.start({ prefix: PREFIX, hosts: fabricLabHosts(HOSTS, { dockerRange: true }) });
  const workdir = mkdtempSync(join(tmpdir(), 'cdn-bench-heal-'));
  let stackDir: string | undefined;
  try {
    await lab.importImage(IMAGE);
    const deployed = synth(lab, workdir);
    stackDir = deployed.stackDir;
    await terraformIn(stackDir, ['init', '-input=false']);
    await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false']);
    const h1 = lab.host('h1');
    const [f1, f2, f3] = deployed.fabricEndpoints;

    const restart = new Samples('docker restart → static address answers');
    const stopStart = new Samples('docker stop + start → static address answers');
    const openvswitch = new Samples('Open vSwitch restart on h2 → h1 reaches h2 across the fabric');
    const outages: PingOutcome[] = [];
    for (let i = 1; i <= repeat; i++) {
      // -t 0: the stop itself is not what is measured.
      restart.add(...(await containerBack(h1, () => h1.docker(['restart', '-t', '0', 'db']))), i);
      await h1.docker(['stop', '-t', '0', 'db']);
      stopStart.add(...(await containerBack(h1, () => h1.docker(['start', 'db']))), i);
      const f1Pid = await containerPid(f1!);
      const flow = startContinuousPing(f1Pid, f2!.address);
      await sleep(300);
      await lab.restartOpenvswitch('h2');
      const since = wallClockMs();
      const fromF1 = namespaceOf({ pid: f1Pid });
      const [healed, floor] = await Promise.all([firstReplyMs(fromF1, f2!.address, since, TIMEOUT_MS), firstReplyMs(fromF1, f3!.address, since, TIMEOUT_MS)]);
      await sleep(300);
      const outage = await flow.stop();
      openvswitch.add(healed, floor, i);
      outages.push(outage);
      console.log(`  flow h1 → h2 through the restart: longest gap ${outage.longestGapMs.toFixed(0)} ms, lost ${outage.lostReplies}/${outage.transmitted}`);
    }
    const results = { repeats: repeat, targetMs: 2000, containerRestart: restart.row(), containerStopStart: stopStart.row(), openvswitchRestart: {
        ...openvswitch.row(),
        // The whole outage, restart included (the lab's restart stops and starts both daemons).
        outageLongestGapMs: spreadOf(outages.map((o) => o.longestGapMs)),
        outageLostReplies: spreadOf(outages.map((o) => o.lostReplies)),
      } };
    for (const [label, row] of Object.entries({ 'docker restart': results.containerRestart, 'docker stop + start': results.containerStopStart, 'Open vSwitch restart': results.openvswitchRestart })) {
      console.log(`${label}: median ${row.healedMs.median} ms (${row.healedMs.min}–${row.healedMs.max}), floor ${row.floorMs.median} ms, ×${row.ratioToFloor.median}, ${row.timeouts} timeouts`);
    }
    console.log(`wrote ${await writeResults('heal', results)}`);
  } finally {
    if (stackDir) await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false).catch(() => undefined);
    await lab.destroy();
    rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
