/**
 * Data plane throughput of the fabric: TCP (iperf3) container → container
 * across the fabric, divided by host → host across the same underlay path,
 * alternated in one run (see dataplane/measure.ts), for the mesh engine with
 * GRE and VXLAN, OVN with Geneve, each MTU policy, and the article's
 * uncorrected 1500-everywhere default (made by hand after deploying: the
 * library will not declare it), which stalls. Also the largest don't-fragment
 * ping payload that crosses. Two lab hosts (root), real Terraform per case.
 *
 * With the netdev (userspace) datapath the underlay address sits on the OVS
 * bridge br-phy, so the "underlay" baseline also crosses ovs-vswitchd on both
 * hosts: the ratio is what the fabric costs on top of userspace OVS, not
 * against a bare kernel path.
 *
 *   npm run bench:dataplane -- [--repeat 5] [--seconds 3] [--cases mesh-gre-raise-underlay,…] [--experiments]
 *
 * --experiments also profiles ovs-vswitchd (perf) during an overlay and an
 * underlay transfer (mesh GRE raise-underlay, and OVN), surveys the offloads,
 * MTU and drop counters of every hop, and measures each change of
 * dataplane/experiments.ts on the case it names (by default mesh GRE
 * raise-underlay).
 *
 * Writes bench/results/dataplane.json (and dataplane-profile.txt with
 * --experiments). The 0.95 target is a goal to report against, never a
 * pass/fail limit. Userspace OVS is CPU-bound: run it on an otherwise idle machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fabricLabHosts, Lab } from '../lab/lab.js';
import { assertLabPrerequisites } from '../lab/prerequisites.js';
import { largestDfPayload } from './dataplane/df-payload.js';
import { EXPERIMENTS } from './dataplane/experiments.js';
import { measurePairs, type PairedRuns } from './dataplane/measure.js';
import { hopSurvey, profileVswitchd } from './dataplane/profile.js';
import { containerHops } from './dataplane/hops.js';
import { hostNetns, iperfRun, pidNetns, startIperfServer, stopIperfServer } from './dataplane/iperf.js';
import { deployFabric, destroyFabric, HOSTS, type DeployedFabric, type FabricCase } from './dataplane/stack.js';
import { makeUncorrected } from './dataplane/uncorrected.js';
import { containerPid } from '../lab/connectivity.js';
import { RESULTS_DIR, writeResults } from './support/results.js';
import { spreadOf, type Spread } from './support/stats.js';

const PREFIX = 'cdnbdp';
const IMAGE = 'lab/busybox:1';
const TARGET = 0.95;

interface BenchCase extends FabricCase {
  readonly id: string;
  /** The 1500-everywhere setup, made by hand on top of a lower-containers deployment. */
  readonly uncorrected?: boolean;
}

const CASES: readonly BenchCase[] = [
  { id: 'mesh-gre-raise-underlay', engine: 'mesh', tunnel: 'gre', mtuPolicy: 'raise-underlay' },
  { id: 'mesh-gre-lower-containers', engine: 'mesh', tunnel: 'gre', mtuPolicy: 'lower-containers' },
  { id: 'mesh-vxlan-raise-underlay', engine: 'mesh', tunnel: 'vxlan', mtuPolicy: 'raise-underlay' },
  { id: 'mesh-vxlan-lower-containers', engine: 'mesh', tunnel: 'vxlan', mtuPolicy: 'lower-containers' },
  { id: 'ovn-geneve-raise-underlay', engine: 'ovn', tunnel: 'geneve', mtuPolicy: 'raise-underlay' },
  { id: 'ovn-geneve-lower-containers', engine: 'ovn', tunnel: 'geneve', mtuPolicy: 'lower-containers' },
  { id: 'uncorrected', engine: 'mesh', tunnel: 'gre', mtuPolicy: 'lower-containers', uncorrected: true },
];
/** The case the experiments change and the profile watches. */
const EXPERIMENT_CASE = 'mesh-gre-raise-underlay';

interface CaseResult {
  readonly engine: 'mesh' | 'ovn';
  readonly tunnel: string;
  readonly mtuPolicy: 'raise-underlay' | 'lower-containers' | 'uncorrected';
  readonly containerMtu: number;
  readonly underlayMtu: number;
  readonly throughputRatio: Spread | null;
  readonly overlayGbps: Spread | null;
  readonly underlayGbps: Spread;
  readonly largestDfPayload: number | null;
  readonly stalled: boolean;
}

interface ExperimentResult {
  readonly name: string;
  readonly description: string;
  readonly case: string;
  readonly throughputRatio: Spread | null;
  readonly overlayGbps: Spread | null;
  readonly underlayGbps: Spread | null;
  readonly adopted: boolean;
  /** What the hosts' counters said after the runs, when the experiment reads them. */
  readonly note?: string;
}

const USAGE = `usage: npm run bench:dataplane -- [--repeat 5] [--seconds 3] [--cases ${CASES.map((c) => c.id).join(',')}] [--experiments]`;
const gbpsOf = (runs: PairedRuns['underlay']) => runs.filter((r) => !r.stalled).map((r) => r.bitsPerSecond / 1e9);
const show = (s: Spread | null, unit = '') => (s ? `${s.median}${unit} (${s.min}–${s.max})` : 'n/a');

/** Experiments adopted into the generated scripts (none unless the report says so). */
const ADOPTED = new Set<string>();

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        repeat: { type: 'string', default: '5' },
        seconds: { type: 'string', default: '3' },
        cases: { type: 'string' },
        experiments: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const repeat = Number(values.repeat);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(repeat) || repeat < 1) return usageError('--repeat: give a positive whole number');
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) return usageError('--seconds: give a whole number of seconds, 1–60');
  const wanted = values.cases ? values.cases.split(',').map((s) => s.trim()) : CASES.map((c) => c.id);
  const unknown = wanted.filter((id) => !CASES.some((c) => c.id === id));
  if (unknown.length) return usageError(`unknown case(s) ${unknown.join(', ')}`);
  const cases = CASES.filter((c) => wanted.includes(c.id));
  try {
    await assertLabPrerequisites();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }

  const workdir = mkdtempSync(join(tmpdir(), 'cdn-bench-dataplane-'));
  const lab = await Lab.start({ prefix: PREFIX, hosts: fabricLabHosts(HOSTS) });
  const results: CaseResult[] = [];
  const experiments: ExperimentResult[] = [];
  const profile: string[] = [];
  const failures: string[] = [];
  try {
    await lab.importImage(IMAGE);
    for (const benchCase of cases) {
      console.log(`\n${benchCase.id}: deploying (terraform apply)`);
      let deployed: DeployedFabric;
      try {
        deployed = await deployFabric(lab, benchCase, workdir, IMAGE);
      } catch (error) {
        // One case that cannot deploy must not cost the others: say so, and go on.
        failures.push(`${benchCase.id}: deploy failed: ${error instanceof Error ? error.message.slice(0, 500) : error}`);
        console.log(`  ${failures.at(-1)}`);
        continue;
      }
      try {
        if (benchCase.uncorrected) await makeUncorrected(deployed);
        const containerMtu = benchCase.uncorrected ? 1500 : deployed.containerMtu;
        console.log(`  containers MTU ${containerMtu}, underlay MTU ${deployed.underlayMtu}; ${repeat} pairs of ${seconds} s transfers`);
        const runs = await measurePairs(deployed, repeat, seconds, workdir);
        const expected = containerMtu - 28;
        const dfPayload = await largestDfPayload(deployed.from, deployed.to, expected);
        const result: CaseResult = {
          engine: benchCase.engine,
          tunnel: benchCase.tunnel,
          mtuPolicy: benchCase.uncorrected ? 'uncorrected' : benchCase.mtuPolicy,
          containerMtu,
          underlayMtu: deployed.underlayMtu,
          throughputRatio: runs.stalled || runs.ratios.length === 0 ? null : spreadOf(runs.ratios, 3),
          overlayGbps: runs.stalled || gbpsOf(runs.overlay).length === 0 ? null : spreadOf(gbpsOf(runs.overlay), 3),
          underlayGbps: spreadOf(gbpsOf(runs.underlay), 3),
          largestDfPayload: dfPayload,
          stalled: runs.stalled,
        };
        results.push(result);
        console.log(
          `  ratio ${show(result.throughputRatio)} (target ${TARGET}); overlay ${show(result.overlayGbps, ' Gbit/s')}; underlay ${show(result.underlayGbps, ' Gbit/s')}; largest DF payload ${dfPayload ?? 'none'} (planned ${expected})${runs.stalled ? '; TCP STALLED across the overlay' : ''}`,
        );
        if (values.experiments && benchCase.id === EXPERIMENT_CASE) {
          profile.push(...(await investigate(lab, deployed, seconds, workdir).catch((error: unknown) => [`profile failed: ${error}`])));
        }
        const experimentsHere = values.experiments ? EXPERIMENTS.filter((e) => (e.case ?? EXPERIMENT_CASE) === benchCase.id) : [];
        for (const experiment of experimentsHere) {
          console.log(`  experiment ${experiment.name}: ${experiment.description}`);
          let measured: PairedRuns | undefined;
          let note: string | undefined;
          try {
            await experiment.apply(lab, deployed);
            measured = await measurePairs(deployed, repeat, seconds, workdir);
            if (experiment.observe) note = await experiment.observe(lab, deployed);
          } catch (error) {
            console.log(`    failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
          } finally {
            await experiment.revert(lab, deployed).catch((error: unknown) => console.log(`    revert failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`));
          }
          const entry: ExperimentResult = {
            name: experiment.name,
            description: experiment.description,
            case: benchCase.id,
            throughputRatio: measured && measured.ratios.length ? spreadOf(measured.ratios, 3) : null,
            overlayGbps: measured && gbpsOf(measured.overlay).length ? spreadOf(gbpsOf(measured.overlay), 3) : null,
            underlayGbps: measured && gbpsOf(measured.underlay).length ? spreadOf(gbpsOf(measured.underlay), 3) : null,
            adopted: ADOPTED.has(experiment.name),
            ...(note ? { note } : {}),
          };
          experiments.push(entry);
          console.log(`    ratio ${show(entry.throughputRatio)}; overlay ${show(entry.overlayGbps, ' Gbit/s')}; underlay ${show(entry.underlayGbps, ' Gbit/s')}${measured?.stalled ? '; overlay STALLED' : ''}${note ? `\n    ${note}` : ''}`);
        }
        if (values.experiments && benchCase.engine === 'ovn' && !profile.some((p) => p.includes('ovn'))) {
          profile.push(...(await investigate(lab, deployed, seconds, workdir, 'ovn').catch((error: unknown) => [`ovn profile failed: ${error}`])));
        }
      } catch (error) {
        failures.push(`${benchCase.id}: ${error instanceof Error ? error.message.slice(0, 500) : error}`);
        console.log(`  ${failures.at(-1)}`);
      } finally {
        await destroyFabric(deployed);
      }
    }
    const path = await writeResults('dataplane', { repeats: repeat, seconds, target: TARGET, cases: results, experiments, ...(failures.length ? { failures } : {}) });
    console.log(`\nwrote ${path}`);
    if (profile.length) {
      const profilePath = join(RESULTS_DIR, 'dataplane-profile.txt');
      writeFileSync(profilePath, `${[`# ovs-vswitchd profiles and hop survey (bench:dataplane --experiments, ${new Date().toISOString()})`, ...profile].join('\n\n')}\n`);
      console.log(`wrote ${profilePath}`);
    }
    if (failures.length) console.error(`\n${failures.length} case(s) failed:\n  ${failures.join('\n  ')}`);
    return failures.length ? 1 : 0;
  } finally {
    await lab.destroy();
    rmSync(workdir, { recursive: true, force: true });
  }
}

/** perf profiles of both hosts' ovs-vswitchd during one overlay and one underlay transfer, and the hop survey. */
async function investigate(lab: Lab, deployed: DeployedFabric, seconds: number, workdir: string, label = 'mesh GRE raise-underlay'): Promise<string[]> {
  const profileSeconds = Math.max(seconds, 5);
  const sections: string[] = [];
  const survey = [`## hops (${label}): offloads and MTU of each interface a packet crosses`];
  for (const endpoint of [deployed.from, deployed.to]) {
    const { inside, hostPeer } = await containerHops(endpoint);
    const pid = await containerPid(endpoint);
    survey.push(await hopSurvey(pidNetns(pid), `${endpoint.labHost.name} container ${endpoint.name}`, [inside]));
    const hostSide = deployed.dockerBridge && label.startsWith('mesh') ? [hostPeer, deployed.dockerBridge, deployed.ovsBridge] : [hostPeer, deployed.ovsBridge];
    survey.push(await hopSurvey(hostNetns(endpoint.labHost.namespace), `${endpoint.labHost.name} host`, [...hostSide, deployed.physicalBridge, 'u0']));
  }
  sections.push(survey.join('\n'));
  const receiver = deployed.to.labHost;
  const sender = deployed.from.labHost;
  const transfer = async (overlay: boolean) => {
    const server = overlay
      ? await startIperfServer(pidNetns(await containerPid(deployed.to)), deployed.to.address.split('/')[0]!, 5203, join(workdir, 'iperf-profile.pid'))
      : await startIperfServer(hostNetns(receiver.namespace), receiver.options.underlayAddress!.split('/')[0]!, 5203, join(workdir, 'iperf-profile.pid'));
    try {
      const run = await iperfRun(overlay ? pidNetns(await containerPid(deployed.from)) : hostNetns(sender.namespace), server, profileSeconds);
      return `${overlay ? 'overlay' : 'underlay'} iperf3 ${profileSeconds} s: ${(run.bitsPerSecond / 1e9).toFixed(3)} Gbit/s, ${run.retransmits} retransmits${run.stalled ? ' (stalled)' : ''}`;
    } finally {
      await stopIperfServer(server);
    }
  };
  const hostNames = [sender.name, receiver.name];
  sections.push(await profileVswitchd(lab, hostNames, `${label}: overlay transfer (${sender.name} sends, ${receiver.name} receives)`, profileSeconds, () => transfer(true), workdir));
  sections.push(await profileVswitchd(lab, hostNames, `${label}: underlay transfer (${sender.name} sends, ${receiver.name} receives)`, profileSeconds, () => transfer(false), workdir));
  return sections;
}

function usageError(message: string): number {
  console.error(`${message}\n${USAGE}`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
