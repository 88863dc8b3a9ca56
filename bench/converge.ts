/**
 * How soon a freshly applied fabric carries traffic, and what a running flow
 * loses while the fabric grows and shrinks: real Terraform, real Open vSwitch
 * (userspace datapath) and OVN on lab hosts (root), the lab's fabric stack
 * (lab/fabric-stack.ts) with one container per host.
 *
 * Convergence: for each engine mode and host count, repeatedly destroy, apply,
 * and time from the moment `terraform apply` exits until every container has
 * had a reply from every other (bench/support/first-replies.ts: all cells at
 * once, 10 ms apart, reply timestamps from ping itself). Right before each
 * apply, the same method runs on a plain path — five fresh containers on h1's
 * own Docker bridge, timed from `docker start` — and the ratio to that floor
 * is the headline (the machine is shared; the floor carries its noise).
 *
 * Interruption: with the smallest host count deployed, a ping every 10 ms from
 * the container on h1 to the one on h2 runs while one more host is applied in,
 * and again while it is applied out; lost replies and the longest gap between
 * replies. A control ping between two containers on h1's plain Docker bridge
 * runs through the same window, so loss the machine causes is visible beside it.
 *
 *   npm run bench:converge -- [--repeat 5] [--hosts 3,5] [--modes mesh-protected,ovn,mesh-rstp,mesh-stp] [--end-by 2026-11-29T02:45Z] [--merge]
 *
 * `--merge` keeps the other modes' rows of the existing results file (each run
 * is a fresh lab). A failed apply is recorded in `failures` with its error, and
 * the hosts' OVN logs are copied to bench/results/converge-failures/<mode>/;
 * then the run destroys what it deployed and goes on with the next mode.
 *
 * Modes run one after another, each whole (every repeat); the results file is
 * written after each, so a run cut short keeps what it finished. With
 * `--end-by` (the lab is shared: a slot on it ends), a mode starts only if it
 * should finish by then, judged by the longest mode so far plus STP's ~30 s a
 * convergence; skipped modes are listed in the results.
 *
 * Writes bench/results/converge.json. Targets (issue 11): full connectivity
 * within 0.3 s of the apply, no interruption. A fact about this machine, never
 * a pass/fail limit.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { containerPid, type LabEndpoint } from '../lab/connectivity.js';
import { synthLabFabric, type LabFabric } from '../lab/fabric-stack.js';
import { fabricLabHosts, Lab, type LabHost } from '../lab/lab.js';
import { assertLabPrerequisites } from '../lab/prerequisites.js';
import { terraformIn } from '../lab/terraform.js';
import { FabricEngine, type DockerHost } from '../lib/index.js';
import { startContinuousPing, type PingOutcome } from './support/continuous-ping.js';
import { firstReplies, wallClockMs, wholeAfterMs } from './support/first-replies.js';
import { RESULTS_DIR, writeResults } from './support/results.js';
import { spreadOf, type Spread } from './support/stats.js';

const PREFIX = 'cdnbcv';
const IMAGE = 'lab/busybox:1';
/** Longest wait for a matrix to be whole: STP alone needs ~30 s. */
const CONVERGENCE_TIMEOUT_MS = 90_000;
/** How long the interruption pings keep running after the apply exits: what an apply sets in motion (STP, OVN) may act later. */
const TAIL_MS = 3_000;
const FLOOR_CONTAINERS = 5;
/** OVN's databases run on these hosts whatever the host count, so only the host count changes between sizes. */
const OVN_CENTRAL = ['h1', 'h2', 'h3'];

type Mode = 'mesh-protected' | 'mesh-stp' | 'mesh-rstp' | 'ovn';
// The default first, STP (the slowest) last.
const MODES: readonly Mode[] = ['mesh-protected', 'ovn', 'mesh-rstp', 'mesh-stp'];

/** How the results file names a mode. */
const described = (mode: Mode) =>
  mode === 'ovn'
    ? { engine: 'ovn' as const, loopPrevention: null }
    : { engine: 'mesh' as const, loopPrevention: ({ 'mesh-protected': 'protected-ports', 'mesh-stp': 'stp', 'mesh-rstp': 'rstp' } as const)[mode] };

const engineOf = (mode: Mode) => (hosts: readonly DockerHost[]) =>
  mode === 'ovn'
    ? FabricEngine.ovn({ central: hosts.filter((h) => OVN_CENTRAL.includes(h.name)) })
    : FabricEngine.mesh({ loopPrevention: ({ 'mesh-protected': 'protected', 'mesh-stp': 'stp', 'mesh-rstp': 'rstp' } as const)[mode] });

interface ConvergenceRow {
  readonly engine: 'mesh' | 'ovn';
  readonly loopPrevention: 'protected-ports' | 'stp' | 'rstp' | null;
  readonly hosts: number;
  readonly afterApplyMs: Spread;
  readonly ratioToFloor: Spread;
  readonly timeouts: number;
  /** How long the apply itself took, for context. */
  readonly applyMs: Spread;
}

interface FailureRow {
  readonly engine: 'mesh' | 'ovn';
  readonly loopPrevention: 'protected-ports' | 'stp' | 'rstp' | null;
  readonly repeat: number;
  readonly hosts: number;
  readonly error: string;
  /** Where the hosts' OVN daemon logs were copied. */
  readonly evidence: string;
}

/** The last lines of an error (Terraform's output ends with the failing script's message). */
function lastLines(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').filter((line) => line.trim() !== '').slice(-6).join('\n');
}

/** Copies every *.log under the lab hosts' state directories to bench/results/converge-failures/<mode>/. */
function keepFailureLogs(lab: Lab, hostNames: readonly string[], mode: Mode): string {
  const target = join(RESULTS_DIR, 'converge-failures', mode);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const name of hostNames) {
    const state = lab.host(name).stateDirectory;
    if (!existsSync(state)) continue;
    for (const file of readdirSync(state, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log'))) {
      copyFileSync(join(state, file), join(target, `${name}-${file.replaceAll('/', '_')}`));
    }
  }
  return relative(join(RESULTS_DIR, '..', '..'), target);
}

/** The rows of modes other than `modes` from the committed results file. */
function earlierResults(modes: readonly Mode[]): { floors: number[]; convergence: ConvergenceRow[]; interruption: InterruptionRow[]; failures: FailureRow[] } {
  const path = join(RESULTS_DIR, 'converge.json');
  if (!existsSync(path)) return { floors: [], convergence: [], interruption: [], failures: [] };
  const { results } = JSON.parse(readFileSync(path, 'utf8')) as {
    results: { floorMs: Spread; convergence: ConvergenceRow[]; interruption: InterruptionRow[]; failures?: FailureRow[] };
  };
  const other = (row: { engine: string; loopPrevention: string | null }) => !modes.some((m) => described(m).engine === row.engine && described(m).loopPrevention === row.loopPrevention);
  return {
    floors: [...results.floorMs.runs],
    convergence: results.convergence.filter(other),
    interruption: results.interruption.filter(other),
    failures: (results.failures ?? []).filter(other),
  };
}

interface InterruptionRow {
  readonly engine: 'mesh' | 'ovn';
  readonly loopPrevention: 'protected-ports' | 'stp' | 'rstp' | null;
  readonly action: 'add-host' | 'remove-host';
  readonly lostReplies: Spread;
  readonly longestGapMs: Spread;
  /** The same, on the control ping across h1's plain Docker bridge in the same window. */
  readonly controlLostReplies: Spread;
  readonly controlLongestGapMs: Spread;
  readonly windowMs: Spread;
}

function options(): { repeat: number; hosts: number[]; modes: Mode[]; endBy: number; merge: boolean } {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '5' },
      hosts: { type: 'string', default: '3,5' },
      modes: { type: 'string', default: MODES.join(',') },
      'end-by': { type: 'string' },
      merge: { type: 'boolean', default: false },
    },
  });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat: give a positive whole number');
  const hosts = values.hosts.split(',').map(Number);
  // synthLabFabric places the application on three hosts.
  if (hosts.some((n) => !Number.isInteger(n) || n < 3 || n > 8)) throw new Error('--hosts: host counts from 3 to 8, comma-separated');
  const modes = values.modes.split(',') as Mode[];
  const unknown = modes.filter((m) => !MODES.includes(m));
  if (unknown.length > 0) throw new Error(`--modes: unknown ${unknown.join(', ')}; choose from ${MODES.join(', ')}`);
  const endBy = values['end-by'] === undefined ? Infinity : Date.parse(values['end-by']);
  if (Number.isNaN(endBy)) throw new Error('--end-by: give a date and time, e.g. 2026-11-29T02:45Z');
  return { repeat, hosts: [...new Set(hosts)].sort((a, b) => a - b), modes, endBy, merge: values.merge };
}

/** Containers on h1's own Docker bridge, for the floor and the control ping. */
class PlainBridge {
  private made: string[] = [];
  public constructor(private readonly host: LabHost) {}

  /** Starts `count` fresh containers and returns them with the moment `docker start` returned. */
  public async start(count: number, tag: string): Promise<{ endpoints: LabEndpoint[]; since: number }> {
    const names = Array.from({ length: count }, (_, i) => `cdnplain-${tag}-${i}`);
    await this.host.docker(['rm', '-f', ...names], { reject: false });
    for (const name of names) await this.host.docker(['create', '--name', name, '--network', 'bridge', IMAGE]);
    this.made.push(...names);
    await this.host.docker(['start', ...names]);
    const since = wallClockMs();
    const endpoints = await Promise.all(
      names.map(async (name) => ({
        name,
        labHost: this.host,
        address: (await this.host.docker(['inspect', '--format', '{{.NetworkSettings.Networks.bridge.IPAddress}}', name])).stdout.trim(),
      })),
    );
    return { endpoints, since };
  }

  public async removeAll(): Promise<void> {
    if (this.made.length > 0) await this.host.docker(['rm', '-f', ...this.made], { reject: false });
    this.made = [];
  }
}

async function main(): Promise<void> {
  const { repeat, hosts: hostCounts, modes, endBy, merge } = options();
  let longestModeMs = 0;
  await assertLabPrerequisites();
  const smallest = hostCounts[0]!;
  const labSize = Math.max(hostCounts.at(-1)!, smallest + 1);
  const hostNames = Array.from({ length: labSize }, (_, i) => `h${i + 1}`);
  const lab = await Lab.start({ prefix: PREFIX, hosts: fabricLabHosts(hostNames) });
  const workdir = mkdtempSync(join(tmpdir(), 'cdn-bench-converge-'));
  let deployed: LabFabric | undefined;
  let initialized = false;
  const plain = new PlainBridge(lab.host('h1'));
  try {
    await lab.importImage(IMAGE);
    const synth = (mode: Mode, count: number) =>
      synthLabFabric({
        lab,
        hostNames: hostNames.slice(0, count),
        // Every lab host stays declared, so one that leaves the fabric is cleaned up by its agent
        // (docs/day-two.md's way to remove a host: leave the fabric first, then the code).
        otherHosts: hostNames.slice(count),
        image: IMAGE,
        outdir: join(workdir, 'out'),
        stackName: 'converge',
        statePath: join(workdir, 'converge.tfstate'),
        engine: engineOf(mode),
      });
    const endpointsOf = (f: LabFabric): LabEndpoint[] => f.services.map(({ service, labHost }) => ({ name: service.name, labHost, address: f.fabric.plannedAddress(service)! }));
    /** Synthesizes and applies; returns how long the apply took and the moment it exited. */
    const apply = async (next: LabFabric) => {
      if (!initialized) {
        await terraformIn(next.stackDir, ['init', '-input=false']);
        initialized = true;
      }
      const start = performance.now();
      await terraformIn(next.stackDir, ['apply', '-auto-approve', '-input=false']);
      const exited = wallClockMs();
      deployed = next;
      return { applyMs: performance.now() - start, exited };
    };
    // Destroy-time provisioners come from the configuration, so destroy with the one that made the state.
    const destroy = async () => {
      if (!deployed) return;
      await terraformIn(deployed.stackDir, ['destroy', '-auto-approve', '-input=false']);
      deployed = undefined;
    };
    const floorOnce = async (tag: string) => {
      const { endpoints, since } = await plain.start(FLOOR_CONTAINERS, tag);
      const whole = wholeAfterMs(await firstReplies(endpoints, since, 10_000));
      await plain.removeAll();
      if (whole === null) throw new Error('the floor: containers on a plain Docker bridge did not reach each other');
      return whole;
    };

    // --merge: the rows of other modes from the last results file stay (a mode per run, each run a fresh lab).
    const earlier = merge ? earlierResults(modes) : { floors: [], convergence: [], interruption: [], failures: [] };
    const floors: number[] = [...earlier.floors];
    const convergence: ConvergenceRow[] = [...earlier.convergence];
    const interruption: InterruptionRow[] = [...earlier.interruption];
    const failures: FailureRow[] = [...earlier.failures];
    const skipped: Mode[] = [];
    const write = () =>
      writeResults('converge', { repeats: repeat, floorMs: spreadOf(floors), convergence, interruption, ...(failures.length ? { failures } : {}), ...(skipped.length ? { skipped } : {}) });
    for (const mode of modes) {
      const expectedMs = longestModeMs + (mode === 'mesh-stp' ? repeat * hostCounts.length * 35_000 : 0);
      if (Date.now() + expectedMs > endBy) {
        skipped.push(mode);
        console.log(`${mode}: skipped, it would not finish by --end-by (expected ${Math.round(expectedMs / 60_000)} min)`);
        continue;
      }
      const modeBegan = performance.now();
      const samples = new Map<number, { ms: number[]; ratio: number[]; applyMs: number[]; timeouts: number }>(
        hostCounts.map((n) => [n, { ms: [], ratio: [], applyMs: [], timeouts: 0 }]),
      );
      const gaps = { 'add-host': [] as Array<{ fabric: PingOutcome; control: PingOutcome }>, 'remove-host': [] as Array<{ fabric: PingOutcome; control: PingOutcome }> };
      let at = { repeat: 0, hosts: 0 };
      try {
      for (let r = 0; r < repeat; r++) {
        for (const count of hostCounts) {
          at = { repeat: r + 1, hosts: count };
          await destroy();
          const next = synth(mode, count);
          const floor = await floorOnce(`${r}`);
          floors.push(floor);
          const { applyMs, exited } = await apply(next);
          const cells = await firstReplies(endpointsOf(next), exited, CONVERGENCE_TIMEOUT_MS);
          const whole = wholeAfterMs(cells);
          const sample = samples.get(count)!;
          sample.applyMs.push(applyMs);
          if (whole === null) {
            sample.timeouts++;
            console.log(`${mode} ${count} hosts #${r + 1}: not whole within ${CONVERGENCE_TIMEOUT_MS / 1000} s: ${cells.filter((c) => c.ms === null).map((c) => `${c.from}→${c.to}`).join(', ')}`);
          } else {
            sample.ms.push(whole);
            sample.ratio.push(whole / floor);
            console.log(`${mode} ${count} hosts #${r + 1}: whole ${whole.toFixed(0)} ms after apply (apply ${(applyMs / 1000).toFixed(1)} s; floor ${floor.toFixed(0)} ms)`);
          }
          // Interruption on the smallest deployment: the flow h1 → h2 while one more host joins, then leaves.
          if (count !== smallest || whole === null) continue;
          const [from, to] = endpointsOf(next);
          for (const [action, hostsAfter] of [['add-host', smallest + 1], ['remove-host', smallest]] as const) {
            const changed = synth(mode, hostsAfter);
            const control = await plain.start(2, 'control');
            const fabricPing = startContinuousPing(await containerPid(from!), to!.address);
            const controlPing = startContinuousPing(await containerPid(control.endpoints[0]!), control.endpoints[1]!.address);
            let outcome: { fabric: PingOutcome; control: PingOutcome };
            try {
              await sleep(500);
              await apply(changed);
              await sleep(TAIL_MS);
            } finally {
              // Stopped even when the apply fails: a ping left running would keep its namespace and this process alive.
              outcome = { fabric: await fabricPing.stop(), control: await controlPing.stop() };
              await plain.removeAll();
            }
            gaps[action].push(outcome);
            console.log(
              `${mode} ${action} #${r + 1}: lost ${outcome.fabric.lostReplies}/${outcome.fabric.transmitted}, longest gap ${outcome.fabric.longestGapMs.toFixed(0)} ms` +
                ` (control: lost ${outcome.control.lostReplies}, gap ${outcome.control.longestGapMs.toFixed(0)} ms)`,
            );
          }
        }
      }
      } catch (error) {
        // A failed apply is a finding, not the end of the run: its error and the hosts' OVN logs are kept as evidence.
        const evidence = keepFailureLogs(lab, hostNames, mode);
        failures.push({ ...described(mode), repeat: at.repeat, hosts: at.hosts, error: lastLines(error), evidence });
        console.log(`${mode}: failed at repeat ${at.repeat} with ${at.hosts} hosts (evidence in ${evidence})`);
        await write();
        // The repeats measured so far are kept below; then on to the next mode from a clean
        // lab (a destroy that fails too ends the run).
        await destroy();
      }
      for (const [count, s] of samples) {
        convergence.push({
          ...described(mode),
          hosts: count,
          afterApplyMs: s.ms.length > 0 ? spreadOf(s.ms) : { median: NaN, min: NaN, max: NaN, runs: [] },
          ratioToFloor: s.ratio.length > 0 ? spreadOf(s.ratio, 2) : { median: NaN, min: NaN, max: NaN, runs: [] },
          timeouts: s.timeouts,
          applyMs: spreadOf(s.applyMs),
        });
      }
      for (const action of ['add-host', 'remove-host'] as const) {
        const runs = gaps[action];
        if (runs.length === 0) continue;
        interruption.push({
          ...described(mode),
          action,
          lostReplies: spreadOf(runs.map((o) => o.fabric.lostReplies)),
          longestGapMs: spreadOf(runs.map((o) => o.fabric.longestGapMs)),
          controlLostReplies: spreadOf(runs.map((o) => o.control.lostReplies)),
          controlLongestGapMs: spreadOf(runs.map((o) => o.control.longestGapMs)),
          windowMs: spreadOf(runs.map((o) => o.fabric.windowMs)),
        });
      }
      longestModeMs = Math.max(longestModeMs, performance.now() - modeBegan);
      await write();
    }
    await destroy();
    const path = await write();
    console.log(`\nfloor (5 containers, plain Docker bridge, from docker start): median ${spreadOf(floors).median} ms`);
    for (const row of convergence) {
      console.log(
        `${row.engine}${row.loopPrevention ? `/${row.loopPrevention}` : ''} ${row.hosts} hosts: median ${row.afterApplyMs.median} ms after apply` +
          ` (${row.afterApplyMs.min}–${row.afterApplyMs.max}), ×${row.ratioToFloor.median} the floor, ${row.timeouts} timeouts`,
      );
    }
    for (const row of interruption) {
      console.log(
        `${row.engine}${row.loopPrevention ? `/${row.loopPrevention}` : ''} ${row.action}: lost median ${row.lostReplies.median} (max ${row.lostReplies.max}),` +
          ` longest gap median ${row.longestGapMs.median} ms (max ${row.longestGapMs.max}); control lost max ${row.controlLostReplies.max}`,
      );
    }
    console.log(`wrote ${path}`);
  } finally {
    if (deployed) await terraformIn(deployed.stackDir, ['destroy', '-auto-approve', '-input=false'], false).catch(() => undefined);
    await plain.removeAll().catch(() => undefined);
    await lab.destroy();
    rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
