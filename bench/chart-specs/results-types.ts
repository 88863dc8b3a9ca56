/**
 * The shapes of the results files the charts read (the `results`
 * field of bench/results/dataplane.json and converge.json), as far as the charts
 * use them; the scale benchmark's are in bench/scale/scale-results.ts.
 */
import type { Spread } from '../support/stats.js';

/** bench/results/dataplane.json */
export interface DataplaneResults {
  readonly repeats: number;
  readonly cases: ReadonlyArray<{
    readonly engine: 'mesh' | 'ovn';
    readonly tunnel: 'gre' | 'vxlan' | 'geneve';
    readonly mtuPolicy: 'raise-underlay' | 'lower-containers' | 'uncorrected';
    readonly containerMtu: number;
    readonly underlayMtu: number;
    readonly throughputRatio: Spread | null;
    readonly stalled: boolean;
  }>;
}

/** bench/results/converge.json */
export interface ConvergeResults {
  readonly repeats: number;
  readonly convergence: ReadonlyArray<{
    readonly engine: 'mesh' | 'ovn';
    readonly loopPrevention: 'protected-ports' | 'stp' | 'rstp' | null;
    readonly hosts: number;
    /** Medians are null (NaN in the run) when no repeat became whole. */
    readonly afterApplyMs: { readonly median: number | null; readonly min: number | null; readonly max: number | null };
    readonly timeouts: number;
  }>;
}
