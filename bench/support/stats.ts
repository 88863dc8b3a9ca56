/**
 * Summaries of repeated measurements. Every headline figure of a benchmark is
 * a median with its spread, never a single run.
 */

/** The median, minimum and maximum of some runs, with the runs themselves. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** Median (the lower middle one for an even count, so it is always a measured value). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  return [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
}

/** The spread of `values`, each rounded to `digits` decimals. */
export function spreadOf(values: readonly number[], digits = 0): Spread {
  const round = (n: number) => Number(n.toFixed(digits));
  return { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)), runs: values.map(round) };
}
