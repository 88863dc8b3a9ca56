/**
 * Scale of the code path (no root, no lab): for N hosts with 20 services each
 * on one OverlayFabric, mesh and OVN side by side —
 *
 * - synth time and peak memory of the library, each measurement in a fresh
 *   child process, alternated with a baseline child that declares the very
 *   same Terraform resources with plain cdktf (bench/scale/baseline.ts); the
 *   headline is library ÷ baseline per pair, and the library's growth per
 *   doubling of N;
 * - the number of Terraform resources;
 * - the time of `terraform plan` on the synthesized stack (Docker resources as
 *   the lab's terraform_data stand-ins: the provider cannot be downloaded);
 * - how many resources change when one host is added (N → N+1).
 *
 *   npm run bench:scale -- [--hosts 3,6,12,24,48] [--engines mesh,ovn] [--services 20] [--repeat 5]
 *                          [--plan-max-hosts 12] [--plan-repeat 5] [--plan-budget 60] [--count-max-hosts 6]
 *
 * Terraform needs about 4.5 s per MiB of configuration here, and the stacks
 * carry their scripts (a 48-host stack is about 30 MiB), so plans are timed up
 * to --plan-max-hosts, each case --plan-repeat times or until --plan-budget
 * seconds are spent (at least once); Terraform counts the changes of adding a
 * host (apply N with provisioners stripped, plan N+1) up to --count-max-hosts,
 * and above that bench/scale/config-diff.ts counts them by Terraform's rules
 * (checked equal to Terraform's count wherever both are made).
 *
 * Writes bench/results/scale.json. The machine is shared and noisy: ratios
 * against the baseline run beside them are the figures, absolute times are
 * context, and nothing here is a pass/fail limit. Hold /tmp/cdn-bench.lock.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { writeResults } from './support/results.js';
import { spreadOf, type Spread } from './support/stats.js';
import type { AddHostChanges, Growth, ScaleCase, ScaleResults } from './scale/scale-results.js';
import type { SynthSample } from './scale/synth-child.js';
import { configChanges } from './scale/config-diff.js';
import { initialize, plannedChanges, standInDirectory, timePlans } from './scale/terraform.js';
import { configPath, ENGINES, type Engine } from './scale/topology.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CHILD = join(HERE, 'scale', 'synth-child.ts');

/** Runs one synth child. `terraform` is off its PATH: synth must not need it. */
async function synthChild(args: readonly string[]): Promise<SynthSample> {
  const run = await execa(process.execPath, [TSX, CHILD, ...args], {
    cwd: ROOT,
    env: { PATH: '/usr/bin:/bin', CHECKPOINT_DISABLE: '1' },
    extendEnv: false,
  });
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as SynthSample;
}

/** The configuration without cdktf's metadata, which names construct paths and so differs between library and baseline. */
function comparable(path: string): string {
  const config = JSON.parse(readFileSync(path, 'utf8')) as { '//'?: unknown; resource: Record<string, Record<string, Record<string, unknown>>> };
  delete config['//'];
  for (const byId of Object.values(config.resource)) for (const body of Object.values(byId)) delete body['//'];
  return JSON.stringify(config);
}

/** How much Terraform the run does: it needs about 4.5 s per MiB of configuration here. */
interface TerraformLimits {
  /** Plans are timed for sizes up to this many hosts, */
  readonly planMaxHosts: number;
  /** each `planRepeat` times, or fewer once `planBudgetMs` is spent on the case (at least once). */
  readonly planRepeat: number;
  readonly planBudgetMs: number;
  /** Terraform itself counts the changes of adding a host up to this size; the config diff above it. */
  readonly countMaxHosts: number;
}

async function measure(engine: Engine, hosts: number, services: number, repeat: number, terraform: TerraformLimits): Promise<ScaleCase> {
  const work = mkdtempSync(join(tmpdir(), `cdn-bench-scale-${engine}-${hosts}-`));
  try {
    const library: SynthSample[] = [];
    const baseline: SynthSample[] = [];
    const kept = join(work, 'library-0');
    // Alternated, so drift in the machine's load falls on both sides alike.
    for (let i = 0; i < repeat; i++) {
      const out = join(work, `library-${i}`);
      library.push(await synthChild(['library', engine, String(hosts), String(services), out]));
      const baselineOut = join(work, `baseline-${i}`);
      baseline.push(await synthChild(['baseline', configPath(out), baselineOut]));
      if (i === 0 && comparable(configPath(out)) !== comparable(configPath(baselineOut))) {
        throw new Error(`the baseline of ${engine} × ${hosts} does not declare what the library synthesized (compare ${out} and ${baselineOut})`);
      }
      rmSync(baselineOut, { recursive: true, force: true });
      if (i > 0) rmSync(out, { recursive: true, force: true });
    }
    // Terraform, through stand-ins; only up to the sizes the run allows (see the header).
    const planned = join(work, 'plan');
    standInDirectory(configPath(kept), planned);
    let planMs: Spread | null = null;
    if (hosts <= terraform.planMaxHosts) {
      await initialize(planned);
      planMs = spreadOf(await timePlans(planned, terraform.planRepeat, terraform.planBudgetMs));
    }
    const grown = join(work, 'library-grown');
    await synthChild(['library', engine, String(hosts + 1), String(services), grown]);
    const after = join(work, 'plan-grown');
    standInDirectory(configPath(grown), after);
    const counted = configChanges(planned, after);
    let addHost: AddHostChanges = { ...counted, countedBy: 'config-diff' };
    if (hosts <= terraform.countMaxHosts) {
      const before = join(work, 'before');
      standInDirectory(configPath(kept), before);
      await initialize(before);
      const byTerraform = await plannedChanges(before, after);
      // A disagreement is reported, not fatal: Terraform's count stands, and the config diff above this size is in doubt.
      if (JSON.stringify(byTerraform) !== JSON.stringify(counted)) {
        console.warn(`adding a host to ${engine} × ${hosts}: Terraform plans ${JSON.stringify(byTerraform)}, the config diff says ${JSON.stringify(counted)}`);
      }
      addHost = { ...byTerraform, countedBy: 'terraform', configDiff: counted };
    }
    return {
      engine,
      hosts,
      resources: library[0]!.resources,
      terraformData: library[0]!.terraformData,
      configMiB: Number((statSync(configPath(kept)).size / 2 ** 20).toFixed(2)),
      synthMs: spreadOf(library.map((s) => s.synthMs)),
      baselineSynthMs: spreadOf(baseline.map((s) => s.synthMs)),
      synthRatio: spreadOf(library.map((s, i) => s.synthMs / baseline[i]!.synthMs), 2),
      peakRssMiB: spreadOf(library.map((s) => s.peakRssMiB)),
      baselinePeakRssMiB: spreadOf(baseline.map((s) => s.peakRssMiB)),
      planMs,
      addHost,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function growthPerDoubling(cases: readonly ScaleCase[]): Growth[] {
  const growth: Growth[] = [];
  for (const from of cases) {
    const to = cases.find((c) => c.engine === from.engine && c.hosts === 2 * from.hosts);
    if (!to) continue;
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    growth.push({
      engine: from.engine,
      fromHosts: from.hosts,
      toHosts: to.hosts,
      synthRatio: ratio(to.synthMs.median, from.synthMs.median),
      baselineSynthRatio: ratio(to.baselineSynthMs.median, from.baselineSynthMs.median),
      resourcesRatio: ratio(to.resources, from.resources),
    });
  }
  return growth;
}

/** Writes bench/results/scale.json from the cases so far; `last` prints the growth per doubling too. */
async function save(measured: readonly ScaleCase[], services: number, repeat: number, terraform: TerraformLimits, last: boolean): Promise<string> {
  const cases = [...measured].sort((a, b) => a.engine.localeCompare(b.engine) || a.hosts - b.hosts);
  const growth = growthPerDoubling(cases);
  if (last) {
    for (const g of growth) console.log(`${g.engine} ${g.fromHosts} → ${g.toHosts} hosts: library synth × ${g.synthRatio}, baseline × ${g.baselineSynthRatio}, resources × ${g.resourcesRatio}`);
  }
  const results: ScaleResults = {
    servicesPerHost: services,
    repeats: repeat,
    planRepeats: terraform.planRepeat,
    planMaxHosts: terraform.planMaxHosts,
    planBudgetSeconds: terraform.planBudgetMs / 1000,
    terraformCountMaxHosts: terraform.countMaxHosts,
    cases,
    growthPerDoubling: growth,
  };
  return writeResults('scale', results);
}

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: give a positive whole number, not ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '3,6,12,24,48' },
      engines: { type: 'string', default: ENGINES.join(',') },
      services: { type: 'string', default: '20' },
      repeat: { type: 'string', default: '5' },
      'plan-repeat': { type: 'string' },
      'plan-max-hosts': { type: 'string', default: '12' },
      'plan-budget': { type: 'string', default: '60' },
      'count-max-hosts': { type: 'string', default: '6' },
    },
  });
  const sizes = list(values.hosts).map((h) => positive('hosts', h));
  const engines = list(values.engines).map((e) => {
    if (!ENGINES.includes(e as Engine)) throw new Error(`--engines: ${e} is not one of ${ENGINES.join(', ')}`);
    return e as Engine;
  });
  const services = positive('services', values.services);
  const repeat = positive('repeat', values.repeat);
  const terraform: TerraformLimits = {
    planMaxHosts: Number(values['plan-max-hosts']),
    planRepeat: positive('plan-repeat', values['plan-repeat'] ?? values.repeat),
    planBudgetMs: positive('plan-budget', values['plan-budget']) * 1000,
    countMaxHosts: Number(values['count-max-hosts']),
  };

  console.log(`${services} services per host; synth: median [min–max] of ${repeat} alternated library/baseline children; plan (up to ${terraform.planMaxHosts} hosts): median of up to ${terraform.planRepeat} within ${terraform.planBudgetMs / 1000} s`);
  console.log('engine hosts | resources (terraform_data) | synth ms library / baseline | ratio | peak RSS MiB library / baseline | plan ms | add a host: changes');
  const cases: ScaleCase[] = [];
  // Sizes outside, engines inside: mesh and OVN of one size are measured close together.
  for (const hosts of sizes) {
    for (const engine of engines) {
      const c = await measure(engine, hosts, services, repeat, terraform);
      cases.push(c);
      // After every case: a run that fails later still leaves what it measured.
      await save(cases, services, repeat, terraform, false);
      const range = (s: Spread) => `${s.median} [${s.min}–${s.max}]`;
      const changes = `${c.addHost.total} (+${c.addHost.create} ~${c.addHost.update} ±${c.addHost.replace} -${c.addHost.delete}, ${c.addHost.countedBy})`;
      console.log(
        `${engine} ${hosts} | ${c.resources} (${c.terraformData}) | ${range(c.synthMs)} / ${range(c.baselineSynthMs)} | ${range(c.synthRatio)} | ` +
          `${c.peakRssMiB.median} / ${c.baselinePeakRssMiB.median} | ${c.planMs ? range(c.planMs) : '–'} | ${changes}`,
      );
    }
  }
  console.log(`wrote ${await save(cases, services, repeat, terraform, true)}`);
}

await main();
