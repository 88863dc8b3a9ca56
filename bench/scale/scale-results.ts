/**
 * What bench/scale.ts writes into bench/results/scale.json (its `results`
 * field), and what bench/charts.ts reads back.
 */
import type { Spread } from '../support/stats.js';
import type { PlannedChanges } from './terraform.js';
import type { Engine } from './topology.js';

/** One engine at one size, as bench/results/scale.json holds it. */
export interface ScaleCase {
  readonly engine: Engine;
  readonly hosts: number;
  readonly resources: number;
  readonly terraformData: number;
  /** Size of the synthesized cdk.tf.json: the scripts are in it, and Terraform's time follows it. */
  readonly configMiB: number;
  readonly synthMs: Spread;
  readonly baselineSynthMs: Spread;
  /** Library ÷ baseline of each alternated pair. */
  readonly synthRatio: Spread;
  readonly peakRssMiB: Spread;
  readonly baselinePeakRssMiB: Spread;
  /** Null above `--plan-max-hosts`. */
  readonly planMs: Spread | null;
  readonly addHost: AddHostChanges;
}

/** What adding one host changes, and who counted it: Terraform (apply N, plan N+1) or the config diff (bench/scale/config-diff.ts). */
export interface AddHostChanges extends PlannedChanges {
  readonly countedBy: 'terraform' | 'config-diff';
  /** Where Terraform counted: the config diff's count too, for checking it. */
  readonly configDiff?: PlannedChanges;
}

/** Median synth time at `toHosts` ÷ at `fromHosts` (twice as many), library and baseline. */
export interface Growth {
  readonly engine: Engine;
  readonly fromHosts: number;
  readonly toHosts: number;
  readonly synthRatio: number;
  readonly baselineSynthRatio: number;
  readonly resourcesRatio: number;
}

export interface ScaleResults {
  readonly servicesPerHost: number;
  readonly repeats: number;
  /** At most this many plans per case; `planMs.runs` has how many were made. */
  readonly planRepeats: number;
  readonly planMaxHosts: number;
  readonly planBudgetSeconds: number;
  readonly terraformCountMaxHosts: number;
  readonly cases: ScaleCase[];
  readonly growthPerDoubling: Growth[];
}
