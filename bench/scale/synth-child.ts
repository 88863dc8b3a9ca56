/**
 * One synth measurement, run by bench/scale.ts in a fresh process so that no
 * run warms another's JIT or heap, and peak memory is this synth's alone:
 *
 *   tsx bench/scale/synth-child.ts library <engine> <hosts> <services> <outdir>
 *   tsx bench/scale/synth-child.ts baseline <cdk.tf.json of a library run> <outdir>
 *
 * The clock runs from `new App` to the end of `app.synth()`: module loading
 * and, for the baseline, reading its input are outside it. Prints one
 * {@link SynthSample} as JSON on the last line of stdout.
 */
import { readFileSync } from 'node:fs';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { declareBaseline, type SynthesizedConfig } from './baseline.js';
import { configPath, declareTopology, ENGINES, STACK_NAME, type Engine } from './topology.js';

/** What one child measured. */
export interface SynthSample {
  readonly synthMs: number;
  /** Peak resident memory of the whole process (getrusage ru_maxrss). */
  readonly peakRssMiB: number;
  readonly resources: number;
  readonly terraformData: number;
}

function synthesize(outdir: string, declare: (stack: TerraformStack) => void): number {
  const started = performance.now();
  const app = new App({ outdir });
  declare(new TerraformStack(app, STACK_NAME));
  app.synth();
  return performance.now() - started;
}

function main(): void {
  const [kind, ...args] = process.argv.slice(2);
  let synthMs: number;
  let outdir: string;
  if (kind === 'library') {
    const [engine, hosts, services, dir] = args as [string, string, string, string];
    if (!ENGINES.includes(engine as Engine)) throw new Error(`unknown engine ${engine}`);
    outdir = dir;
    synthMs = synthesize(outdir, (stack) => declareTopology(stack, { engine: engine as Engine, hosts: Number(hosts), servicesPerHost: Number(services) }));
  } else if (kind === 'baseline') {
    const [input, dir] = args as [string, string];
    const config = JSON.parse(readFileSync(input, 'utf8')) as SynthesizedConfig;
    outdir = dir;
    synthMs = synthesize(outdir, (stack) => declareBaseline(stack, config));
  } else {
    throw new Error('usage: synth-child.ts library <engine> <hosts> <services> <outdir> | baseline <cdk.tf.json> <outdir>');
  }
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const written = JSON.parse(readFileSync(configPath(outdir), 'utf8')) as SynthesizedConfig;
  const sample: SynthSample = {
    synthMs,
    peakRssMiB,
    resources: Object.values(written.resource).reduce((sum, byId) => sum + Object.keys(byId).length, 0),
    terraformData: Object.keys(written.resource.terraform_data ?? {}).length,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main();
